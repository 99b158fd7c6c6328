import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { RuntimeClient } from '../runtime/protocol';
import type { LabActions, LabState, LabStore } from './store';

export interface Lab {
  store: LabStore;
  /** The runtime, for controllers that draw every frame without going through the store. */
  client: RuntimeClient;
}

export const LabContext = createContext<Lab | null>(null);

export function useLabContext(): Lab {
  const lab = useContext(LabContext);
  if (!lab) throw new Error('lab components must be rendered inside <LabContext value={…}>');
  return lab;
}

/** Reads a slice of the lab store; selectors should return primitives or stored references. */
export function useLab<T>(selector: (state: LabState & LabActions) => T): T {
  return useStore(useLabContext().store, selector);
}

/** The store's actions; they are stable, so reading them does not subscribe the component to anything. */
export function useLabActions(): LabActions {
  return useLabContext().store.getState();
}
