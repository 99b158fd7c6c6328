import { fileURLToPath } from 'node:url';

/** The worker's sources, loaded through tsx: every file compiled as it is imported (about a second). */
const TSX_ENTRY = new URL('./worker.mjs', import.meta.url);

/**
 * Where sweep worker threads start. The worker's code is bundled once, by esbuild, into one module
 * handed over as a data: URL, so each worker loads in a tenth of a second instead of compiling every
 * source file through tsx, which matters because a sweep pays it once per worker and the workers start
 * together on the same cores. Bundling takes a fraction of a second in esbuild's own process, so the
 * caller starts it early and awaits it when the workers are due. If bundling fails for any reason the
 * tsx entry is used: slower to start, same results.
 */
export async function sweepWorkerEntry(): Promise<URL> {
  try {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./worker-main.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.contents;
    if (code === undefined) return TSX_ENTRY;
    return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  } catch {
    return TSX_ENTRY;
  }
}
