import type { z } from 'zod';
import { compareFindings, positionOf, type Finding, type StackPositions } from './findings';
import { layerKeys, nearestKey, networkKeys, stepKeys, topLevelKeys } from './knownKeys';
import { withFastPath } from './schemaFastPath';
import { Stack } from './stackSchema';
import { readWithYamlLibrary, type LibraryRead } from './yamlLibraryReader';
import { readYamlSubset } from './yamlSubset';

/** What parsing a stack file gives: the model (null when the file is not a valid stack), findings and source positions. */
export interface ParsedStack {
  stack: Stack | null;
  findings: Finding[];
  positions: StackPositions;
}

type Path = ReadonlyArray<string | number>;

/**
 * Parses a `*.stack.yaml` text. Never throws: YAML syntax errors, wrong types and
 * missing fields come back as positioned error findings (and a null stack); unknown
 * keys are `unknown-key` warnings naming the nearest known key.
 *
 * Stack files are mostly one flow mapping per layer: `readYamlSubset` reads those
 * without a syntax tree and works positions out only when a finding asks for one; any
 * other YAML, and every syntax error, goes to the yaml library. Both give the same value
 * and positions, so the findings do not depend on which one read the text.
 */
export function parseStack(text: string): ParsedStack {
  return stackOf(readYamlSubset(text) ?? readWithYamlLibrary(text));
}

/** `Stack.safeParse`, without zod's work for the usual valid stack. */
const parseStackValue = withFastPath(Stack);

/** The stack and findings of a read document, whichever reader read it. */
export function stackOf(read: LibraryRead): ParsedStack {
  if ('findings' in read) return { stack: null, findings: read.findings, positions: read.positions };
  const { value, positions } = read;
  let findings: Finding[] = [];
  if (!isRecord(value)) {
    findings.push({ severity: 'error', rule: 'wrong-type', line: 1, column: 1, message: 'a stack file is a mapping with at least `name` and `layers`' });
    return { stack: null, findings, positions };
  }
  findings = findings.concat(unknownKeys(value, positions));

  const parsed = parseStackValue(value);
  if (!parsed.success) {
    findings = findings.concat(parsed.error.issues.map((issue) => issueToFinding(issue, value, positions)));
    return { stack: null, findings: dedupe(findings).sort(compareFindings), positions };
  }
  return { stack: parsed.data, findings: findings.sort(compareFindings), positions };
}

/** `unknown-key` warnings for the top level, `network`, every layer and every scenario step. */
function unknownKeys(value: Record<string, unknown>, positions: StackPositions): Finding[] {
  const out: Finding[] = [];
  // The object's path is `parent` then `index`, joined only for a key that is unknown: most files have none.
  const check = (obj: unknown, known: readonly string[] | undefined, parent: Path, index?: number, layer?: string): void => {
    if (!known || !isRecord(obj)) return;
    for (const key in obj) {
      if (!Object.hasOwn(obj, key) || known.includes(key)) continue;
      const at = index === undefined ? parent : [...parent, index];
      const pos = positions.get(`${[...at, key].join('.')}#key`) ?? positionOf(positions, at);
      out.push({
        severity: 'warning',
        rule: 'unknown-key',
        ...(layer !== undefined ? { layer } : {}),
        ...pos,
        message: `unknown key "${key}" is ignored; the nearest known key is "${nearestKey(key, known)}"`,
      });
    }
  };
  const checkLayers = (layers: unknown, path: Path): void => {
    if (!Array.isArray(layers)) return;
    for (let i = 0; i < layers.length; i++) {
      const layer: unknown = layers[i];
      if (isRecord(layer)) check(layer, layerKeys(layer.kind), path, i, typeof layer.id === 'string' ? layer.id : undefined);
    }
  };
  check(value, topLevelKeys, []);
  check(value.network, networkKeys, ['network']);
  checkLayers(value.layers, ['layers']);
  if (Array.isArray(value.scenario)) {
    value.scenario.forEach((step: unknown, i) => {
      if (!isRecord(step)) return;
      check(step, stepKeys(step.do), ['scenario'], i);
      if (step.do === 'add-node') checkLayers(step.layers, ['scenario', i, 'layers']);
    });
  }
  return out;
}

/** Turns one zod issue into a positioned finding that names the field in the author's words. */
function issueToFinding(issue: z.core.$ZodIssue, root: Record<string, unknown>, positions: StackPositions): Finding {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const field = path.length > 0 ? String(path[path.length - 1]) : '(file)';
  const received = valueAt(root, path);
  const layer = layerIdAt(root, path);
  const where = { ...(layer !== undefined ? { layer } : {}), ...positionOf(positions, path) };
  if (issue.code === 'invalid_type' && received === undefined) {
    return { severity: 'error', rule: 'missing-field', ...where, message: `${describeOwner(path, layer)} needs "${field}" (${article(issue.expected)})` };
  }
  if (issue.code === 'invalid_value' && received === undefined) {
    return {
      severity: 'error',
      rule: 'missing-field',
      ...where,
      message: `${describeOwner(path, layer)} needs "${field}" (one of ${issue.values.map((v) => String(v)).join(', ')})`,
    };
  }
  if (issue.code === 'invalid_type') {
    return { severity: 'error', rule: 'wrong-type', ...where, message: `"${field}" must be ${article(issue.expected)}, not ${typeName(received)}` };
  }
  if (issue.code === 'invalid_value') {
    return {
      severity: 'error',
      rule: 'invalid-value',
      ...where,
      message: `"${field}" must be one of ${issue.values.map((v) => String(v)).join(', ')}; got ${JSON.stringify(received)}`,
    };
  }
  if (issue.code === 'invalid_union' && field === 'on') {
    return { severity: 'error', rule: 'wrong-type', ...where, message: `"on" must be a layer id or a list of layer ids, not ${typeName(received)}` };
  }
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    const options = (issue.options as unknown[]).map((o) => String(o)).join(', ');
    const what =
      received === undefined ? `${describeOwner(path, layer)} needs "${field}"` : `"${field}" must be one of ${options}; got ${JSON.stringify(received)}`;
    return {
      severity: 'error',
      rule: received === undefined ? 'missing-field' : 'invalid-value',
      ...where,
      message: received === undefined ? `${what} (one of ${options})` : what,
    };
  }
  return { severity: 'error', rule: 'invalid-value', ...where, message: `"${field}": ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}` };
}

function describeOwner(path: Path, layer: string | undefined): string {
  const parent = path.slice(0, -1);
  if (parent.length === 0) return 'the stack';
  if (parent[0] === 'layers' && parent.length === 2) return layer !== undefined ? `layer ${layer}` : `layer #${Number(parent[1]) + 1}`;
  if (parent[0] === 'scenario' && parent.length === 2) return `scenario step #${Number(parent[1]) + 1}`;
  return `"${parent.join('.')}"`;
}

function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** The id of the layer a path points into, when it has one. */
function layerIdAt(root: unknown, path: Path): string | undefined {
  const i = path[0] === 'layers' ? 2 : path[0] === 'scenario' && path[2] === 'layers' ? 4 : -1;
  if (i < 0 || path.length < i) return undefined;
  const layer = valueAt(root, path.slice(0, i));
  return isRecord(layer) && typeof layer.id === 'string' ? layer.id : undefined;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${JSON.stringify(v)}`;
  return `${typeof v === 'number' ? 'the number' : 'the ' + typeof v} ${String(v)}`;
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'a mapping';
  if (expected === 'string') return 'text';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Unions report the same problem once per branch; keep one. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}|${f.line}|${f.column}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
