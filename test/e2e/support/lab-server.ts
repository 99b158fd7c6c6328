import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { preview } from 'vite';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Builds the lab into a fresh temporary folder with `vite build`, in a child process with
 * NODE_ENV=production: vitest sets NODE_ENV=test, under which React's development build (and its
 * console warnings) would ship. Resolves to the output folder.
 */
export async function buildLab(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'brokerlab-e2e-'));
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', fail);
    child.on('close', done);
  });
  if (code !== 0) throw new Error(`vite build exited with ${code}:\n${output.join('')}`);
  return outDir;
}

export interface LabServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a built lab with `vite preview` on a free port of 127.0.0.1; `close` also deletes the build. */
export async function serveLab(outDir: string): Promise<LabServer> {
  const server = await preview({
    root: REPO_ROOT,
    logLevel: 'silent',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview did not report the URL it listens on');
  return {
    url,
    async close() {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
