import { useContext } from 'react';
import type { StoreApi } from 'zustand';
import type { BuilderSlice } from './builderSlice';
import { BuilderStoreContext } from './builderStoreContext';

/** The store of the enclosing builder, for actions and reads outside rendering. */
export function useBuilderStore(): StoreApi<BuilderSlice> {
  const store = useContext(BuilderStoreContext);
  if (!store) throw new Error('a builder component was rendered outside a BuilderStoreContext');
  return store;
}
