import { useEffect, useState } from 'react';
import { checkClient } from '../check/checkClient';
import type { CheckSummary } from './work/cellOutputs';

/**
 * The checker's verdict on a stack as the student types. Parsing and checking run in the
 * check worker (a large file takes seconds); the last verdict stays until the next one,
 * and there is none (null) until the first arrives.
 */
export function useLiveCheck(text: string): CheckSummary | null {
  const [verdict, setVerdict] = useState<CheckSummary | null>(null);
  useEffect(() => {
    let current = true;
    void checkClient()
      .check(text)
      .then((check) => {
        if (current) setVerdict(check);
      });
    return () => {
      current = false;
    };
  }, [text]);
  return verdict;
}
