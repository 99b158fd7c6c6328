import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { LabContext } from '../../src/ui/lab-context';
import { createLabStore, type LabStore } from '../../src/ui/store';
import { FakeClient } from './fake-runtime';

// Tell React this environment runs its updates inside act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A lab component mounted in jsdom on a fake runtime, for one test. */
export interface MountedLab {
  readonly container: HTMLDivElement;
  readonly client: FakeClient;
  readonly store: LabStore;
  /** Unmounts it and removes its container. */
  unmount(): Promise<void>;
}

/**
 * Renders `element` inside the lab's context with a fresh store on a FakeClient. With `listen` the
 * store receives the fake worker's replies, as App wires it (App does that itself, so leave it off).
 */
export async function mountLab(element: ReactNode, { listen = true }: { listen?: boolean } = {}): Promise<MountedLab> {
  const container = document.createElement('div');
  document.body.append(container);
  const client = new FakeClient();
  const store = createLabStore(client);
  if (listen) client.subscribe(store.getState().receive);
  const root = createRoot(container);
  await act(async () => root.render(<LabContext value={{ store, client }}>{element}</LabContext>));
  return {
    container,
    client,
    store,
    async unmount() {
      await act(async () => root.unmount());
      container.remove();
    },
  };
}
