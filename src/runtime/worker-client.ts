import type { FromWorker, RuntimeClient, ToWorker } from './protocol';

/**
 * Starts the simulation worker and returns the lab's side of the runtime protocol. Worker failures
 * (a script that fails to load, a message that cannot be cloned) arrive as `error` messages, so the
 * lab has one place to show them.
 */
export function createWorkerClient(): RuntimeClient {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'brokerlab-run' });
  const listeners = new Set<(message: FromWorker) => void>();
  const deliver = (message: FromWorker): void => {
    for (const listener of listeners) listener(message);
  };
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => deliver(event.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    deliver({ type: 'error', message: `the simulation worker failed: ${event.message || 'it could not be started'}` });
  });
  worker.addEventListener('messageerror', () => deliver({ type: 'error', message: 'a message from the simulation worker could not be read' }));
  return {
    send: (message: ToWorker) => worker.postMessage(message),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => worker.terminate(),
  };
}
