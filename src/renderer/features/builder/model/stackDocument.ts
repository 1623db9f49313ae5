import type { LayerRealization } from '../../../../core/real';
import { parseStack, stackToYaml, type Stack } from '../../../../core/stack';
import { rewriteLayers } from './layerText';
import type { LayerLines, StackAnalysis, StackCheck } from './stackAnalysis';

/**
 * A stack being edited: the YAML text is the truth, and the canvas shows the last stack
 * that text parsed to. Text the student is typing may not parse for a while; the
 * document keeps it as typed and keeps showing the last good stack, so neither side
 * loses work.
 *
 * Parsing and checking happen in the check worker, after the text changed: every text
 * gets a `version`, and an analysis (`analysed`) applies only to the version it was asked
 * for. A canvas edit knows its stack at once and writes the text from it.
 */
export interface StackDocument {
  text: string;
  /** Counts the texts of this document; each change gets the next. */
  version: number;
  /** The stack the text gives, or the last good one while the text does not parse or its analysis is on its way. */
  stack: Stack;
  /** The version `stack` was read from. */
  stackVersion: number;
  /** Whether the text parses, as of the last analysis (a canvas edit writes text that does). */
  textParses: boolean;
  /** Findings, classes and views of the last analysis. */
  check: StackCheck;
  /** What a real run would make of each layer, by id, as of the last analysis of a text that parsed. */
  real: Readonly<Record<string, LayerRealization>>;
  /** The version of the last analysis; -1 before the first. */
  analysed: number;
  /** Where the layers are written in `text`; null when not known for this text. */
  lines: LayerLines | null;
  /** Earlier texts, oldest first; undo goes back through them. */
  past: string[];
  /** Texts undone, most recent last; redo goes forward through them. */
  future: string[];
}

/** How many earlier states undo reaches. */
const HISTORY_LIMIT = 200;

const emptyStack: Stack = { name: 'Untitled stack', layers: [] };

/** A document for a text, with no history; its stack comes with its first analysis. */
export function openDocument(text: string): StackDocument {
  return {
    text,
    version: 0,
    stack: emptyStack,
    stackVersion: -1,
    textParses: true,
    check: { findings: [], classes: {}, views: {} },
    real: {},
    analysed: -1,
    lines: null,
    past: [],
    future: [],
  };
}

/** Whether the document waits for the analysis of its text. */
export function analysisPending(doc: StackDocument): boolean {
  return doc.analysed !== doc.version;
}

function remember(past: string[], text: string): string[] {
  const next = [...past, text];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

function withText(doc: StackDocument, text: string, history: Pick<StackDocument, 'past' | 'future'>): StackDocument {
  return { ...doc, ...history, text, version: doc.version + 1, lines: null };
}

/**
 * Replaces the text, as the YAML editor does. With `coalesce`, the change joins the last
 * history entry, so a burst of typing is undone in one step.
 */
export function setText(doc: StackDocument, text: string, coalesce = false): StackDocument {
  if (text === doc.text) return doc;
  const past = coalesce && doc.past.length > 0 ? doc.past : remember(doc.past, doc.text);
  return withText(doc, text, { past, future: [] });
}

/**
 * Takes the worker's analysis of version `version`; one of an older text is dropped. A
 * stack the document already has for that text (a canvas edit's) is kept, so the canvas
 * does not draw every layer again.
 */
export function applyAnalysis(doc: StackDocument, version: number, analysis: StackAnalysis): StackDocument {
  if (version !== doc.version) return doc;
  if (!analysis.stack) {
    // The rules' classes and views and the real/sim marks stay those of the last good stack, which the canvas still shows.
    return { ...doc, textParses: false, analysed: version, lines: null, check: { ...doc.check, findings: analysis.check.findings } };
  }
  const known = doc.stackVersion === version;
  return {
    ...doc,
    stack: known ? doc.stack : analysis.stack,
    stackVersion: version,
    textParses: true,
    analysed: version,
    lines: analysis.lines,
    check: analysis.check,
    real: analysis.real,
  };
}

/**
 * Applies an edit of the stack, as the canvas and the panels do. The text is rewritten
 * where the edited layers are written when the document knows where (see rewriteLayers),
 * else from the whole stack. With `coalesce`, the edit joins the last history entry (a
 * field committed again as the student goes on typing in it), and an edit that brings
 * back that entry's text leaves no step behind.
 */
export function editStack(doc: StackDocument, edit: (stack: Stack) => Stack, coalesce = false): StackDocument {
  const current = currentStack(doc);
  const next = edit(current);
  if (next === current) return doc;
  const rewritten = doc.lines && doc.stackVersion === doc.version ? rewriteLayers(doc.text, current, next, doc.lines) : null;
  const text = rewritten?.text ?? stackToYaml(next);
  const joined = coalesce && doc.past.length > 0;
  const past = !joined ? remember(doc.past, doc.text) : doc.past.at(-1) === text ? doc.past.slice(0, -1) : doc.past;
  return {
    ...withText(doc, text, { past, future: [] }),
    stack: next,
    stackVersion: doc.version + 1,
    textParses: true,
    lines: rewritten?.lines ?? null,
  };
}

/**
 * The stack an edit starts from. Typed text whose analysis has not come back yet is
 * parsed here, so an edit made right after typing keeps what was typed.
 */
function currentStack(doc: StackDocument): Stack {
  if (doc.stackVersion === doc.version || doc.analysed === doc.version) return doc.stack;
  return parseStack(doc.text).stack ?? doc.stack;
}

/** Goes back one state, if there is one. */
export function undo(doc: StackDocument): StackDocument {
  const previous = doc.past[doc.past.length - 1];
  if (previous === undefined) return doc;
  return withText(doc, previous, { past: doc.past.slice(0, -1), future: [...doc.future, doc.text] });
}

/** Goes forward one undone state, if there is one. */
export function redo(doc: StackDocument): StackDocument {
  const next = doc.future[doc.future.length - 1];
  if (next === undefined) return doc;
  return withText(doc, next, { past: remember(doc.past, doc.text), future: doc.future.slice(0, -1) });
}
