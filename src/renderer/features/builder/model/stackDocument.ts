import { parseStack, stackToYaml, type Finding, type Stack, type StackPositions } from '../../../../core/stack';

/**
 * A stack being edited: the YAML text is the truth, and the canvas shows the last stack
 * that text parsed to. Text the student is typing may not parse for a while; the
 * document keeps it as typed and keeps showing the last good stack, so neither side
 * loses work.
 */
export interface StackDocument {
  text: string;
  /** The stack the text gives, or the last good one while the text does not parse. */
  stack: Stack;
  /** Whether `stack` is what the current text says. */
  textParses: boolean;
  /** The parser's findings for the current text (syntax and schema errors, unknown keys). */
  parseFindings: Finding[];
  positions: StackPositions;
  /** Earlier texts, oldest first; undo goes back through them. */
  past: string[];
  /** Texts undone, most recent last; redo goes forward through them. */
  future: string[];
}

/** How many earlier states undo reaches. */
const HISTORY_LIMIT = 200;

const emptyStack: Stack = { name: 'Untitled stack', layers: [] };

/** A document for a text, with no history. */
export function openDocument(text: string): StackDocument {
  return { ...parsed(text, emptyStack), past: [], future: [] };
}

function parsed(text: string, fallback: Stack): Pick<StackDocument, 'text' | 'stack' | 'textParses' | 'parseFindings' | 'positions'> {
  const result = parseStack(text);
  return { text, stack: result.stack ?? fallback, textParses: result.stack !== null, parseFindings: result.findings, positions: result.positions };
}

function remember(past: string[], text: string): string[] {
  const next = [...past, text];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

/**
 * Replaces the text, as the YAML editor does. With `coalesce`, the change joins the last
 * history entry, so a burst of typing is undone in one step.
 */
export function setText(doc: StackDocument, text: string, coalesce = false): StackDocument {
  if (text === doc.text) return doc;
  const past = coalesce && doc.past.length > 0 ? doc.past : remember(doc.past, doc.text);
  return { ...parsed(text, doc.stack), past, future: [] };
}

/** Applies an edit of the stack, as the canvas and the panels do; the text is rewritten from the result. */
export function editStack(doc: StackDocument, edit: (stack: Stack) => Stack): StackDocument {
  const next = edit(doc.stack);
  if (next === doc.stack) return doc;
  return setText(doc, stackToYaml(next));
}

/** Goes back one state, if there is one. */
export function undo(doc: StackDocument): StackDocument {
  const previous = doc.past[doc.past.length - 1];
  if (previous === undefined) return doc;
  return { ...parsed(previous, doc.stack), past: doc.past.slice(0, -1), future: [...doc.future, doc.text] };
}

/** Goes forward one undone state, if there is one. */
export function redo(doc: StackDocument): StackDocument {
  const next = doc.future[doc.future.length - 1];
  if (next === undefined) return doc;
  return { ...parsed(next, doc.stack), past: remember(doc.past, doc.text), future: doc.future.slice(0, -1) };
}

