/**
 * A chart on screen as an image file: a standalone SVG (the drawn chart with the styles it takes from
 * the page written into it, a heading and the legend) and a PNG rendered from that SVG. DOM only: it
 * reads the layout and computed styles of the chart the user is looking at.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Height of the heading band above the legend (a title line and a subtitle line), in CSS pixels. */
const HEADING_HEIGHT = 56;
/** Left inset of the heading and (where the row leaves room) the legend: on screen the panel's padding gives it. */
const INSET = 16;
/** Heading lines never shrink below this to fit the width. */
const MIN_FONT_PX = 10;
/** Space between the legend and the plot. */
const LEGEND_GAP = 6;

/**
 * The presentation properties the chart's stylesheet sets (or d3 sets as attributes that the
 * stylesheet overrides); written into each element's style so that the file draws the same with no
 * stylesheet at all.
 */
const INLINED_PROPERTIES = [
  'color',
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linejoin',
  'stroke-linecap',
  'paint-order',
  'opacity',
  'visibility',
  'font-family',
  'font-size',
  'font-weight',
  'font-variant-numeric',
  'text-anchor',
  'dominant-baseline',
] as const;

/** The heading of a saved chart: what the file shows and when. */
export interface ChartHeading {
  /** First line, bold: e.g. the scenario name. */
  title: string;
  /** Second line: e.g. the chart and the virtual time range. */
  subtitle: string;
}

/** A chart as a standalone SVG document, with the size it was drawn at. */
export interface ChartImage {
  /** The SVG document text (with its XML declaration). */
  svg: string;
  /** CSS pixels. */
  width: number;
  height: number;
  /** The chart's background colour, also painted behind a PNG. */
  background: string;
}

/**
 * The chart drawn in `container` (a time-chart's container: its legend list and its plot's svg) as a
 * standalone SVG as wide as it is on screen: `heading` on top (each line shrunk to fit), then the
 * legend laid out as on screen, then the plot. Throws when the chart has not been drawn (e.g. its tab
 * is hidden), since there would be nothing to save.
 */
export function chartImage(container: HTMLElement, heading: ChartHeading): ChartImage {
  const plot = container.querySelector<SVGSVGElement>('svg.time-chart');
  const width = Number(plot?.getAttribute('width'));
  const plotHeight = Number(plot?.getAttribute('height'));
  if (!plot || !(width > 0) || !(plotHeight > 0)) throw new Error('The chart has not been drawn yet: show its tab first.');
  const background = backgroundOf(container);
  const legendItems = container.querySelectorAll<HTMLLIElement>('ul.chart-legend > li');
  const legend = container.querySelector<HTMLUListElement>('ul.chart-legend');
  const legendHeight = legend && legendItems.length > 0 ? legend.getBoundingClientRect().height + LEGEND_GAP : 0;
  const height = Math.ceil(HEADING_HEIGHT + legendHeight + plotHeight);

  const root = svgElement('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
  root.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  root.append(svgElement('title', {}, `${heading.title} — ${heading.subtitle}`));
  root.append(svgElement('rect', { x: 0, y: 0, width, height, fill: background }));
  root.append(...headingLines(heading, plot, width));
  if (legend && legendHeight > 0) root.append(legendGroup(legend, legendItems, plot.getBoundingClientRect().left, HEADING_HEIGHT, width));

  const drawn = svgElement('g', { transform: `translate(0,${HEADING_HEIGHT + legendHeight})` });
  const copy = plot.cloneNode(true) as SVGSVGElement;
  inlineStyles(plot, copy);
  drawn.setAttribute('style', copy.getAttribute('style') ?? '');
  drawn.append(...Array.from(copy.childNodes));
  root.append(drawn);

  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
  return { svg: text, width, height, background };
}

/**
 * Renders a ChartImage to PNG at `scale` device pixels per CSS pixel (2 keeps it sharp on a slide),
 * on the chart's background: the SVG is loaded as an image from a Blob URL and drawn on a canvas.
 */
export async function chartPng(image: ChartImage, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([image.svg], { type: 'image/svg+xml' }));
  try {
    const picture = new Image();
    picture.src = url;
    await picture.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.width * scale);
    canvas.height = Math.round(image.height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas, so the PNG cannot be made; save the SVG instead.');
    context.fillStyle = image.background;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(picture, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The canvas could not be encoded as PNG.'))), 'image/png');
    });
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Copies the computed INLINED_PROPERTIES of `live` and its descendants onto the same elements of `copy`. */
function inlineStyles(live: Element, copy: Element): void {
  const from = [live, ...Array.from(live.querySelectorAll('*'))];
  const to = [copy, ...Array.from(copy.querySelectorAll('*'))];
  from.forEach((element, i) => {
    const computed = getComputedStyle(element);
    const declarations = INLINED_PROPERTIES.map((name) => [name, computed.getPropertyValue(name)] as const)
      .filter(([, value]) => value !== '')
      .map(([name, value]) => `${name}:${value}`);
    to[i]!.setAttribute('style', declarations.join(';'));
  });
}

/**
 * The heading's two lines in the plot's font: the title bold in the axis labels' colour, the subtitle
 * in the tick labels' muted colour; a line too long for the width gets a smaller font.
 */
function headingLines(heading: ChartHeading, plot: SVGSVGElement, width: number): SVGTextElement[] {
  const ink = getComputedStyle(plot.querySelector('.axis-label') ?? plot);
  const muted = getComputedStyle(plot.querySelector('.axis text') ?? plot);
  const room = width - 2 * INSET;
  return [
    fittedText(plot, heading.title, { y: 20, size: 18, weight: 700, fill: ink.fill, family: ink.fontFamily }, room),
    fittedText(plot, heading.subtitle, { y: 43, size: 15, weight: 400, fill: muted.fill, family: ink.fontFamily }, room),
  ];
}

/**
 * A text line at INSET whose font is shrunk (to MIN_FONT_PX at least, then squeezed) until it is at
 * most `room` wide, measured by drawing it for a moment in the live plot.
 */
function fittedText(plot: SVGSVGElement, content: string, look: { y: number; size: number; weight: number; fill: string; family: string }, room: number): SVGTextElement {
  const styleAt = (size: number): string => `font-family:${look.family};font-size:${size}px;font-weight:${look.weight};fill:${look.fill}`;
  const text = svgElement('text', { x: INSET, y: look.y, 'dominant-baseline': 'middle', style: styleAt(look.size) }, content);
  plot.append(text);
  const natural = text.getComputedTextLength();
  text.remove();
  if (natural > room) {
    const size = Math.max(MIN_FONT_PX, Math.floor((look.size * room) / natural));
    text.setAttribute('style', styleAt(size));
    // Still too long at the smallest size: squeeze the glyphs rather than cut the text.
    if ((natural * size) / look.size > room) {
      text.setAttribute('textLength', String(room));
      text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
  }
  return text;
}

/**
 * The HTML legend redrawn in SVG where its items are on screen (x from the plot's left edge `left`,
 * y from `top`), moved right by up to INSET where the longest row leaves room in `width`: a swatch
 * line, the label, the bold value.
 */
function legendGroup(legend: HTMLUListElement, items: NodeListOf<HTMLLIElement>, left: number, top: number, width: number): SVGGElement {
  const origin = legend.getBoundingClientRect();
  const right = Math.max(...Array.from(items, (item) => item.getBoundingClientRect().right)) - left;
  const inset = Math.max(0, Math.min(INSET, width - right - 2));
  const group = svgElement('g', { class: 'legend', transform: `translate(${origin.left - left + inset},${top})` });
  for (const item of Array.from(items)) {
    const box = item.getBoundingClientRect();
    const middle = box.top - origin.top + box.height / 2;
    const swatch = item.querySelector('svg.line-swatch');
    const line = swatch?.querySelector('line');
    if (swatch && line) {
      const at = swatch.getBoundingClientRect();
      const lineStyle = getComputedStyle(line);
      group.append(
        svgElement('line', {
          x1: at.left - origin.left + 1,
          x2: at.left - origin.left + at.width - 1,
          y1: middle,
          y2: middle,
          style: `stroke:${lineStyle.stroke};stroke-width:${lineStyle.strokeWidth};stroke-dasharray:${lineStyle.strokeDasharray}`,
        }),
      );
    }
    const label = item.querySelector('span');
    const value = item.querySelector('strong');
    const at = (label ?? item).getBoundingClientRect();
    const style = getComputedStyle(item);
    const text = svgElement('text', {
      x: at.left - origin.left,
      y: middle,
      'dominant-baseline': 'central',
      style: `font-family:${style.fontFamily};font-size:${style.fontSize};fill:${style.color};font-variant-numeric:tabular-nums`,
    });
    text.append(svgElement('tspan', {}, label?.textContent ?? ''));
    if (value) text.append(svgElement('tspan', { style: `font-weight:${getComputedStyle(value).fontWeight}` }, value.textContent ?? ''));
    group.append(text);
  }
  return group;
}

/** The colour behind the chart: the first opaque background from the container up, else white. */
function backgroundOf(element: HTMLElement): string {
  for (let at: HTMLElement | null = element; at !== null; at = at.parentElement) {
    const colour = getComputedStyle(at).backgroundColor;
    if (colour !== '' && colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return '#ffffff';
}

function svgElement<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}
