/**
 * WCAG 2 contrast arithmetic, for checking the lab's colours: the canvas text in a unit test (canvas
 * text cannot be read from the DOM) and the page's text in the browser accessibility test. Pure: it
 * works on colour strings, never on the DOM.
 */

/** A colour with straight (not premultiplied) alpha: r, g, b in 0–255, a in 0–1. */
export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** WCAG AA minimum for normal text. */
export const AA_NORMAL = 4.5;
/** WCAG AA minimum for large text (at least 24 px, or 18.66 px bold). */
export const AA_LARGE = 3;

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
// Both the comma form getComputedStyle returns ("rgba(1, 2, 3, 0.5)") and the space form ("rgb(1 2 3 / 50%)").
const RGB = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%)?)?\s*\)$/i;

/**
 * Reads `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb(…)`, `rgba(…)` and `transparent`. Anything else (a named
 * colour, `color(…)`, `oklch(…)`) is refused with an error naming the text, rather than guessed at.
 */
export function parseColor(text: string): Rgba {
  const value = text.trim();
  if (value.toLowerCase() === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = HEX.exec(value);
  if (hex) {
    const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d).join('') : hex[1]!;
    const byte = (i: number) => parseInt(digits.slice(i * 2, i * 2 + 2), 16);
    return { r: byte(0), g: byte(1), b: byte(2), a: digits.length === 8 ? byte(3) / 255 : 1 };
  }
  const rgb = RGB.exec(value);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : Number(rgb[4]) / (rgb[5] === '%' ? 100 : 1);
    return { r: Number(rgb[1]), g: Number(rgb[2]), b: Number(rgb[3]), a: alpha };
  }
  throw new Error(`cannot read the colour "${text}": expected #rgb, #rrggbb, #rrggbbaa, rgb(…), rgba(…) or transparent`);
}

/** `top` painted over `bottom` (source-over), the way a browser or canvas blends a translucent colour. */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const mix = (t: number, b: number) => (t * top.a + b * bottom.a * (1 - top.a)) / a;
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
}

/** `color` drawn at an extra opacity (canvas globalAlpha, CSS opacity). */
export function withAlpha(color: Rgba, alpha: number): Rgba {
  return { ...color, a: color.a * alpha };
}

/**
 * The colour seen where `layers` are painted in order, bottom first, over an opaque `base` (the page or
 * canvas ground). Each layer may be a colour string or an already parsed colour.
 */
export function flatten(base: Rgba | string, layers: readonly (Rgba | string)[]): Rgba {
  let seen = typeof base === 'string' ? parseColor(base) : base;
  if (seen.a < 1) throw new Error(`the base colour must be opaque, got alpha ${seen.a}`);
  for (const layer of layers) seen = composite(typeof layer === 'string' ? parseColor(layer) : layer, seen);
  return seen;
}

/** WCAG relative luminance of an opaque colour (alpha is ignored: flatten first). */
export function relativeLuminance({ r, g, b }: Rgba): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/**
 * The WCAG contrast ratio (1 to 21) of text `fg` over an opaque `bg`. A translucent `fg` is first
 * blended over `bg`, as it would be drawn.
 */
export function contrastRatio(fg: Rgba | string, bg: Rgba | string): number {
  const back = typeof bg === 'string' ? parseColor(bg) : bg;
  if (back.a < 1) throw new Error(`the background must be opaque to measure contrast, got alpha ${back.a}: flatten it first`);
  const front = composite(typeof fg === 'string' ? parseColor(fg) : fg, back);
  const [hi, lo] = [relativeLuminance(front), relativeLuminance(back)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Large text by WCAG's measure, in CSS pixels: 24 px, or 18.66 px (14 pt) when bold (weight 700 or more). */
export function isLargeText(fontSizePx: number, fontWeight: number): boolean {
  return fontSizePx >= 24 || (fontSizePx >= 18.66 && fontWeight >= 700);
}

/** The AA minimum for text of this size and weight. */
export function requiredContrast(fontSizePx: number, fontWeight: number): number {
  return isLargeText(fontSizePx, fontWeight) ? AA_LARGE : AA_NORMAL;
}
