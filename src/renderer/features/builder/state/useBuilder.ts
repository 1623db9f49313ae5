import { useStore } from 'zustand';
import type { BuilderSlice } from './builderSlice';
import { useBuilderStore } from './useBuilderStore';

/** Selects from the enclosing builder's state; re-renders when the selected value changes. */
export function useBuilder<U>(selector: (state: BuilderSlice) => U): U {
  return useStore(useBuilderStore(), selector);
}
