/**
 * The Web Worker entry: a WorkerHost wired to the worker's own clock, timers and message port.
 * Loaded by worker-client.ts; it keeps the simulation off the page's main thread.
 */
import type { ToWorker } from './protocol';
import { WorkerHost } from './worker-host';

const host = new WorkerHost({
  post: (message, transfer) => self.postMessage(message, { transfer: transfer ?? [] }),
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

self.addEventListener('message', (event: MessageEvent<ToWorker>) => host.handle(event.data));
