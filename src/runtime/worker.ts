/**
 * The Web Worker entry: a WorkerHost wired to the worker's own clock, timers and message port.
 * Loaded by worker-client.ts; it keeps the simulation off the page's main thread.
 */
import type { ToWorker } from './protocol';
import { WorkerHost } from './worker-host';
import { zeroDelayTimers } from './zero-delay-timers';

const timers = zeroDelayTimers();
const host = new WorkerHost({
  post: (message, transfer) => self.postMessage(message, { transfer: transfer ?? [] }),
  now: () => performance.now(),
  setTimer: (callback, ms) => timers.setTimer(callback, ms),
  clearTimer: (handle) => timers.clearTimer(handle),
});

self.addEventListener('message', (event: MessageEvent<ToWorker>) => host.handle(event.data));
