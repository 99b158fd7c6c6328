import { MAX_SCENARIO_DEPTH } from '../../scenario/text';
import { nestsDeeperThan } from '../share/nesting';

/** Largest scenario file the lab reads: far above any real scenario, far below what could hurt the tab. */
export const MAX_FILE_BYTES = 1024 * 1024;

export type FileReadResult = { ok: true; text: string } | { ok: false; message: string };

/**
 * Reads a scenario file the user picked or dropped. The size is checked before reading, and the nesting
 * before anything parses it; the scenario boundary checks the rest when it is loaded.
 */
export async function readScenarioFile(file: File): Promise<FileReadResult> {
  const fail = (message: string): FileReadResult => ({ ok: false, message });
  if (!/\.json$/i.test(file.name) && file.type !== 'application/json') {
    return fail(`"${file.name}" is not a .json file; a scenario is a JSON file such as checkout-burst.json.`);
  }
  if (file.size > MAX_FILE_BYTES) {
    return fail(`"${file.name}" is ${formatKiB(file.size)}; the lab opens scenario files up to ${formatKiB(MAX_FILE_BYTES)}.`);
  }
  let text: string;
  try {
    text = await file.text();
  } catch {
    return fail(`"${file.name}" could not be read.`);
  }
  if (nestsDeeperThan(text, MAX_SCENARIO_DEPTH)) {
    return fail(`"${file.name}" nests objects or lists deeper than ${MAX_SCENARIO_DEPTH} levels.`);
  }
  return { ok: true, text };
}

function formatKiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** A file name for a scenario, from its name: "Checkout burst (load levelling)" → checkout-burst-load-levelling.json. */
export function fileNameFor(name: string | undefined): string {
  return `${slugFor(name)}.json`;
}

/** A scenario name as a file-name stem: lower-case words joined by hyphens, at most 60 characters; "scenario" when nothing is left. */
export function slugFor(name: string | undefined): string {
  const slug = (name ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'scenario';
}

export function downloadText(text: string, fileName: string, type = 'application/json'): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/** Offers `blob` as a download named `fileName` (through a hidden link, as browsers require). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next task: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
