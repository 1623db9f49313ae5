import type { StackCheck } from '../model/stackAnalysis';
import { useBuilder } from './useBuilder';

/** The enclosing builder's check of its stack, as of the check worker's last analysis. */
export function useStackCheck(): StackCheck {
  return useBuilder((s) => s.builderDoc.check);
}
