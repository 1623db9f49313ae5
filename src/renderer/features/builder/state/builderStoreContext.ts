import { createContext } from 'react';
import type { StoreApi } from 'zustand';
import type { BuilderSlice } from './builderSlice';

/**
 * The store of the stack being edited. The Builder place provides the app's store; each
 * embedded StackEditor provides a store of its own, so a lesson can hold many editors.
 */
export const BuilderStoreContext = createContext<StoreApi<BuilderSlice> | null>(null);
