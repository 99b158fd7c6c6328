/** Small inline icons: system fonts lack some media glyphs (⏭ renders as a box on Debian's defaults). */
const PATHS = {
  play: 'M5 3.5v13l11-6.5z',
  pause: 'M4.5 3.5h4v13h-4zM11.5 3.5h4v13h-4z',
  step: 'M4 3.5v13l9-6.5zM14 3.5h2.5v13H14z',
  finish: 'M2.5 3.5v13l7.5-6.5zM9.5 3.5v13l7.5-6.5zM16.5 3.5H18v13h-1.5z',
  restart: 'M10 3a7 7 0 1 1-6.6 4.7l1.9.7A5 5 0 1 0 10 5v2.5L6 4.25 10 1z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
