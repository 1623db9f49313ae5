import { useContext } from 'react';
import type { StackCheck } from './model/stackCheck';
import { StackCheckContext } from './stackCheckContext';

/** The enclosing builder's check of its stack. */
export function useStackCheck(): StackCheck {
  return useContext(StackCheckContext);
}
