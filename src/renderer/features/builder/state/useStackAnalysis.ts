import { useEffect } from 'react';
import { checkClient } from '../../check/checkClient';
import { useBuilderStore } from './useBuilderStore';

/**
 * Keeps the builder's analysis (stack, findings, classes, views) in step with its text
 * through the page's check worker, so neither typing nor the canvas waits for a parse.
 * One request at a time: while one is out, texts typed meanwhile wait, and only the
 * latest is sent when it comes back.
 */
export function useStackAnalysis(): void {
  const store = useBuilderStore();
  useEffect(() => {
    let asked: number | null = null;
    let disposed = false;
    const request = (): void => {
      const doc = store.getState().builderDoc;
      if (asked !== null || doc.analysed === doc.version) return;
      const version = doc.version;
      asked = version;
      void checkClient()
        .analyse(doc.text)
        .then((analysis) => {
          asked = null;
          if (disposed) return;
          store.getState().builderAnalysed(version, analysis);
          request();
        });
    };
    request();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.builderDoc.version !== previous.builderDoc.version) request();
    });
    return () => {
      disposed = true;
      unsubscribe();
    };
  }, [store]);
}
