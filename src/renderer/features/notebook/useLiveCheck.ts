import { useDeferredValue, useMemo } from 'react';
import { checkStackText } from '../../../core/stack';
import { summarizeCheck } from './stackRunner';
import type { CheckSummary } from './work/cellOutputs';

/**
 * The checker's verdict on a stack as the student types. The check is pure and fast
 * (well under a millisecond for lesson stacks); deferring it keeps typing smooth anyway.
 */
export function useLiveCheck(text: string): CheckSummary {
  const deferred = useDeferredValue(text);
  return useMemo(() => summarizeCheck(checkStackText(deferred)), [deferred]);
}
