import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

/** This folder: index.html and main.ts are the harness page. */
const HARNESS_ROOT = import.meta.dirname;

/**
 * Builds the determinism harness page with Vite's JS API into a fresh temporary folder and resolves
 * to it (serve it with `serveLab`, whose `close` deletes it). The build ignores the repository's
 * vite.config.ts: the page needs no React plugin and no test settings.
 *
 * NODE_ENV is production for the build's duration: vitest sets it to "test", and Vite would bake that
 * into the bundle as process.env.NODE_ENV and build in development mode.
 */
export async function buildDeterminismHarness(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'brokerlab-determinism-'));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      root: HARNESS_ROOT,
      base: './',
      mode: 'production',
      publicDir: false,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false, chunkSizeWarningLimit: 2048 },
    });
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}
