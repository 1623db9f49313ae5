import { describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { analyseStackText } from '../../../../src/renderer/features/builder/model/stackAnalysis';
import { builderSliceFor, type BuilderSlice } from '../../../../src/renderer/features/builder/state/builderSlice';

const start = 'name: One node\nlayers:\n  - { id: N1, kind: node }\n';

/** What the check worker sends back for the store's text as it is now. */
function analyseNow(store: StoreApi<BuilderSlice>): [number, ReturnType<typeof analyseStackText>] {
  const doc = store.getState().builderDoc;
  return [doc.version, analyseStackText(doc.text)];
}

describe('a builder opening a stack', () => {
  it('is opening until the analysis of the stack it opened comes back, then counts it opened', () => {
    const store = createStore<BuilderSlice>()(builderSliceFor(start));
    expect(store.getState().builderOpening).toBe(0);
    store.getState().builderAnalysed(...analyseNow(store));
    expect(store.getState().builderOpening).toBeNull();
    expect(store.getState().builderOpened).toBe(1);
    expect(store.getState().builderDoc.stack.name).toBe('One node');
  });

  it('is no longer opening when text typed meanwhile dropped the opened stack’s analysis', () => {
    const store = createStore<BuilderSlice>()(builderSliceFor(start));
    const first = analyseNow(store);
    store.getState().builderSetText(start.replace('One node', 'Two nodes'));
    store.getState().builderAnalysed(...first);
    expect(store.getState().builderOpening).toBe(0);
    store.getState().builderAnalysed(...analyseNow(store));
    expect(store.getState().builderOpening).toBeNull();
    expect(store.getState().builderOpened).toBe(1);
    expect(store.getState().builderDoc.stack.name).toBe('Two nodes');
  });
});
