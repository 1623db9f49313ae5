import { describe, expect, it } from 'vitest';
import { HOME, hashForPlace, placeFromHash, type Place } from '../../../../src/renderer/features/shell/place';

describe('places in the address', () => {
  it('reads a view, a lesson and its section from the fragment', () => {
    expect(placeFromHash('#/builder')).toEqual({ view: 'builder' });
    expect(placeFromHash('#/machines')).toEqual({ view: 'machines' });
    expect(placeFromHash('#/lessons')).toEqual(HOME);
    expect(placeFromHash('#/lessons/01-virtualization-technologies')).toEqual({ view: 'lessons', lesson: '01-virtualization-technologies', section: null });
    expect(placeFromHash('#/lessons/01-virtualization-technologies/a-real-container')).toEqual({
      view: 'lessons',
      lesson: '01-virtualization-technologies',
      section: 'a-real-container',
    });
  });

  it('reads a documentation page and its section', () => {
    expect(placeFromHash('#/docs')).toEqual({ view: 'docs', page: null, section: null });
    expect(placeFromHash('#/docs/simulator/the-cost-model')).toEqual({ view: 'docs', page: 'simulator', section: 'the-cost-model' });
  });

  it('is not a place for an empty fragment or an in-page anchor', () => {
    expect(placeFromHash('')).toBeNull();
    expect(placeFromHash('#')).toBeNull();
    expect(placeFromHash('#cell-host-lab')).toBeNull();
  });

  it('opens the overview for an unknown view, and ignores extra segments and empty ones', () => {
    expect(placeFromHash('#/nowhere/x')).toEqual(HOME);
    expect(placeFromHash('#/')).toEqual(HOME);
    expect(placeFromHash('#/builder/extra')).toEqual({ view: 'builder' });
    expect(placeFromHash('#/lessons//00-using-strata/')).toEqual({ view: 'lessons', lesson: '00-using-strata', section: null });
  });

  it('writes every place back to the fragment it was read from, escaping what needs it', () => {
    const places: Place[] = [
      HOME,
      { view: 'builder' },
      { view: 'machines' },
      { view: 'lessons', lesson: '00-using-strata', section: null },
      { view: 'lessons', lesson: '01-virtualization-technologies', section: 'type-i-and-type-ii' },
      { view: 'lessons', lesson: 'odd name/with#signs', section: 'sec?tion' },
      { view: 'docs', page: null, section: null },
      { view: 'docs', page: 'stack-format', section: 'placement-rules-what-may-stand-on-what' },
    ];
    for (const place of places) expect(placeFromHash(hashForPlace(place))).toEqual(place);
    expect(hashForPlace({ view: 'lessons', lesson: 'a b', section: null })).toBe('#/lessons/a%20b');
  });

  it('drops a section without a lesson', () => {
    expect(hashForPlace({ view: 'lessons', lesson: null, section: 'x' })).toBe('#/lessons');
  });

  it('keeps a malformed escape as typed rather than failing', () => {
    expect(placeFromHash('#/lessons/100%')).toEqual({ view: 'lessons', lesson: '100%', section: null });
  });
});
