import { describe, expect, it } from 'vitest';
import { docHeadings, docLinkOf, docTitle, githubSlug, markdownLinks } from '../../../../src/core/docs';

describe('githubSlug', () => {
  it('makes the anchors GitHub makes: lower case, punctuation dropped, spaces as dashes', () => {
    expect(githubSlug('CPU sharing: a fluid model')).toBe('cpu-sharing-a-fluid-model');
    expect(githubSlug('strata check')).toBe('strata-check');
    expect(githubSlug('Placement rules: what may stand on what')).toBe('placement-rules-what-may-stand-on-what');
    expect(githubSlug('SSI scheduler & process migration')).toBe('ssi-scheduler--process-migration');
    expect(githubSlug('snake_case and-dash')).toBe('snake_case-and-dash');
  });
});

describe('docHeadings', () => {
  it('lists top-level headings with plain text, numbers repeated anchors, and skips code and quotes', () => {
    const source = ['# The `network` block', '', '## Parameters', 'text', '```', '# not a heading', '```', '> ## quoted', '', '## Parameters'].join('\n');
    expect(docHeadings(source)).toEqual([
      { level: 1, text: 'The network block', slug: 'the-network-block', line: 0 },
      { level: 2, text: 'Parameters', slug: 'parameters', line: 2 },
      { level: 2, text: 'Parameters', slug: 'parameters-1', line: 9 },
    ]);
  });

  it('titles a page by its first level-1 heading, else its name', () => {
    expect(docTitle('simulator', '## Intro\n# The simulator\n')).toBe('The simulator');
    expect(docTitle('cli', 'no heading')).toBe('cli');
  });
});

describe('docLinkOf', () => {
  it('reads a lesson link relative to lessons/', () => {
    expect(docLinkOf('../docs/simulator.md#the-cost-model')).toEqual({ page: 'simulator', section: 'the-cost-model' });
    expect(docLinkOf('../docs/qemu.md')).toEqual({ page: 'qemu', section: null });
  });

  it('is not fooled by other links from a lesson', () => {
    for (const href of ['docs/simulator.md', '02-single-system-image.md', 'https://example.org/docs/x.md', '#cell-e1', '../assets/lessons/a.png'])
      expect(docLinkOf(href), href).toBeNull();
  });

  it('reads a page link relative to docs/, and an anchor of the same page', () => {
    expect(docLinkOf('stack-format.md#classes-and-views', 'cli')).toEqual({ page: 'stack-format', section: 'classes-and-views' });
    expect(docLinkOf('./qemu.md', 'cli')).toEqual({ page: 'qemu', section: null });
    expect(docLinkOf('#strata-check', 'cli')).toEqual({ page: 'cli', section: 'strata-check' });
    expect(docLinkOf('../README.md', 'cli')).toBeNull();
  });
});

describe('markdownLinks', () => {
  it('finds inline and reference links with their line and column, not link-like text in code', () => {
    const source = [
      'Intro',
      '',
      'See [the model](../docs/simulator.md#parameters) and',
      '[the format][f] or `[x](../docs/no.md)`.',
      '',
      '[f]: ../docs/stack-format.md',
    ].join('\n');
    expect(markdownLinks(source)).toEqual([
      { href: '../docs/simulator.md#parameters', line: 3, column: 17 },
      { href: '../docs/stack-format.md', line: 6, column: 6 },
    ]);
  });
});
