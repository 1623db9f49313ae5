import { checkStack, compareFindings, type AppView, type Finding, type LayerClass, type Stack, type StackPositions } from '../../../../core/stack';

/** Everything the builder shows about a stack's correctness (`strata check --json` without `valid`). */
export interface StackCheck {
  findings: Finding[];
  classes: Record<string, LayerClass>;
  views: Record<string, AppView>;
}

/** Every class, bottom of a stack first: the legend's order. */
export const layerClasses: readonly LayerClass[] = [
  'hardware',
  'aggregation-hypervisor',
  'hypervisor-type1',
  'hypervisor-type2',
  'emulator',
  'virtual-hardware',
  'emulated-hardware',
  'os-kernel',
  'ssi-aggregate',
  'os-virtualization',
  'application',
];

/**
 * What the builder shows for a document. While the text parses, the parser's findings and
 * every rule's, positioned in the text. While it does not, only the parser's (the rules'
 * positions would point into text that is no longer there), with the classes and views
 * of the last good stack the canvas still shows.
 */
export function checkDocument(doc: { stack: Stack; textParses: boolean; parseFindings: readonly Finding[]; positions: StackPositions }): StackCheck {
  const rules = checkStack(doc.stack, doc.textParses ? doc.positions : undefined);
  const findings = doc.textParses ? [...doc.parseFindings, ...rules.findings].sort(compareFindings) : [...doc.parseFindings];
  return { findings, classes: rules.classes, views: rules.views };
}
