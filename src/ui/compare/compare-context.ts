import { createContext, useContext, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { RuntimeClient } from '../../runtime/protocol';
import { createWorkerClient } from '../../runtime/worker-client';
import type { Lab } from '../lab-context';
import { createCompareStore, type CompareActions, type CompareState, type CompareStore } from './compare-store';

export const CompareContext = createContext<CompareStore | null>(null);

/**
 * The compare store for the lab `main`, made once per App; a comparison still under way when the App
 * goes away has its runtimes terminated. `createClient` starts each compared side's runtime.
 */
export function useCompareRoot(main: Lab, createClient: () => RuntimeClient = createWorkerClient): CompareStore {
  const [store] = useState(() => createCompareStore(main, createClient));
  useEffect(() => () => store.getState().exit(), [store]);
  return store;
}

export function useCompareStore(): CompareStore {
  const store = useContext(CompareContext);
  if (!store) throw new Error('compare components must be rendered inside <CompareContext value={…}>');
  return store;
}

/** Reads a slice of the compare state (primitives or stored references). */
export function useCompare<T>(selector: (state: CompareState & CompareActions) => T): T {
  return useStore(useCompareStore(), selector);
}

export const selectSession = (s: CompareState) => s.session;
