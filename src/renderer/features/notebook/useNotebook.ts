import { useContext } from 'react';
import { NotebookContext, type NotebookContextValue } from './notebookContext';

/** The open lesson, its student work and its runners; only valid inside a NotebookView. */
export function useNotebook(): NotebookContextValue {
  const value = useContext(NotebookContext);
  if (!value) throw new Error('useNotebook is used outside a NotebookView');
  return value;
}
