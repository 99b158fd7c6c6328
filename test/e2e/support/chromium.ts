import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Chromium flags for a quiet, headless, reproducible browser (no sandbox: CI runs as root). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Where Chromium is: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else null. A missing browser is
 * announced loudly; under CI=true it is the caller's job to fail (see `chromiumRequired`).
 */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p)) ?? null;
  if (found === null) {
    const banner = '!'.repeat(78);
    console.warn(
      `\n${banner}\n!! Browser tests SKIPPED: no Chromium at ${candidates.join(' or ')}.\n` +
        `!! Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.\n${banner}\n`,
    );
  }
  return found;
}

/** Under CI=true a missing browser is a failure, never a skip. */
export const chromiumRequired = process.env.CI === 'true';

/** `extraArgs`: more flags, e.g. the UI benchmark's --disable-gpu-vsync --disable-frame-rate-limit. */
export function launchChromium(executablePath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
