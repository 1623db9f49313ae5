import type { z } from 'zod';

/*
 * A fast path for zod's safeParse, read off the schema's own definition (so the stack's
 * shape stays defined once, in stackSchema.ts): on a 10,000-layer stack zod's validation
 * was a fifth of the parse and check. The compiled checker covers the constructs stack
 * schemas use (objects, discriminated and plain unions, arrays, strings, numbers,
 * booleans, enums, literals, optional and default); it either gives exactly zod's output
 * or declines, and then zod itself parses the value. So everything that fails, and
 * everything unusual, gets zod's issues and messages unchanged
 * (test/unit/core/stack/schemaFastPath.test.ts compares the two on generated values).
 */

/** The value does not match (what zod would report as an issue). */
const FAIL = Symbol('fail');
/** The checker cannot decide: leave the value to zod. */
const DECLINE = Symbol('decline');

type Outcome = unknown;
type Checker = (value: unknown) => Outcome;

/** How an object's field treats a missing key. */
interface Field {
  key: string;
  check: Checker;
  /** `optional`: left out; `default`: this value; `required`: a failure. */
  absent: 'optional' | 'default' | 'required';
  defaultValue?: unknown;
}

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  entries?: Record<string, unknown>;
  values?: unknown[];
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  shape?: Record<string, z.ZodType>;
  catchall?: unknown;
  coerce?: boolean;
}

interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  value?: unknown;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
}

const declineAll: Checker = () => DECLINE;

/**
 * `schema.safeParse` with a fast path: the same result for every value (the same data,
 * in the same key order, or zod's own error), without zod's work when the value is valid
 * and of the forms the checker knows.
 */
export function withFastPath<T extends z.ZodType>(schema: T): (value: unknown) => z.ZodSafeParseResult<z.output<T>> {
  const check = compile(schema);
  return (value) => {
    const out = check(value);
    if (out === FAIL || out === DECLINE) return schema.safeParse(value);
    return { success: true, data: out as z.output<T> };
  };
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function compile(schema: z.ZodType): Checker {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      const ok = def.coerce ? undefined : valueChecks(def, 'string');
      return ok ? (v) => (typeof v === 'string' && ok(v) ? v : FAIL) : declineAll;
    }
    case 'number': {
      const ok = def.coerce ? undefined : valueChecks(def, 'number');
      return ok ? (v) => (typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : FAIL) : declineAll;
    }
    case 'boolean':
      return def.checks?.length || def.coerce ? declineAll : (v) => (typeof v === 'boolean' ? v : FAIL);
    case 'enum':
    case 'literal': {
      if (def.checks?.length) return declineAll;
      const values = new Set(def.type === 'enum' ? Object.values(def.entries ?? {}) : def.values);
      return (v) => (values.has(v) ? v : FAIL);
    }
    case 'array':
      return compileArray(def);
    case 'object':
      return compileObject(def);
    case 'union':
      return compileUnion(def);
    default:
      // optional and default are handled by the object holding them; anything else is zod's.
      return declineAll;
  }
}

/** A predicate for a string's or number's checks, or undefined when one is not understood. */
function valueChecks(def: Def, type: 'string' | 'number'): ((v: unknown) => boolean) | undefined {
  const tests: Array<(v: unknown) => boolean> = [];
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    const test = type === 'string' ? stringCheck(d) : numberCheck(d);
    if (!test) return undefined;
    tests.push(test);
  }
  return (v) => {
    for (const test of tests) if (!test(v)) return false;
    return true;
  };
}

function stringCheck(d: CheckDef): ((v: unknown) => boolean) | undefined {
  const { pattern, minimum, maximum } = d;
  if (d.check === 'string_format' && d.format === 'regex' && pattern) {
    return (v) => {
      pattern.lastIndex = 0;
      return pattern.test(v as string);
    };
  }
  if (d.check === 'min_length' && typeof minimum === 'number') return (v) => (v as string).length >= minimum;
  if (d.check === 'max_length' && typeof maximum === 'number') return (v) => (v as string).length <= maximum;
  return undefined;
}

function numberCheck(d: CheckDef): ((v: unknown) => boolean) | undefined {
  const bound = d.value;
  if (d.check === 'number_format' && d.format === 'safeint') return (v) => Number.isSafeInteger(v);
  if (typeof bound !== 'number') return undefined;
  if (d.check === 'greater_than') return d.inclusive ? (v) => (v as number) >= bound : (v) => (v as number) > bound;
  if (d.check === 'less_than') return d.inclusive ? (v) => (v as number) <= bound : (v) => (v as number) < bound;
  return undefined;
}

function compileArray(def: Def): Checker {
  if (!def.element) return declineAll;
  let min = 0;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'min_length' && typeof d.minimum === 'number') min = Math.max(min, d.minimum);
    else return declineAll;
  }
  const element = compile(def.element);
  return (v) => {
    if (!Array.isArray(v) || v.length < min) return FAIL;
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const item = element(v[i]);
      if (item === FAIL || item === DECLINE) return item;
      out[i] = item;
    }
    return out;
  };
}

function compileObject(def: Def): Checker {
  if (def.catchall !== undefined || def.checks?.length || !def.shape) return declineAll;
  const fields: Field[] = [];
  for (const [key, schema] of Object.entries(def.shape)) {
    const d = defOf(schema);
    if (d.type === 'optional' && d.innerType) fields.push({ key, check: compile(d.innerType), absent: 'optional' });
    else if (d.type === 'default' && d.innerType) {
      // A default that is an object would be shared between results: leave such fields to zod.
      const dv = d.defaultValue;
      if (dv !== null && typeof dv === 'object') return declineAll;
      fields.push({ key, check: compile(d.innerType), absent: 'default', defaultValue: dv });
    } else fields.push({ key, check: compile(schema), absent: 'required' });
  }
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const value = input[f.key];
      if (value === undefined) {
        if (f.absent === 'default') out[f.key] = f.defaultValue;
        else if (f.absent === 'required') return FAIL;
        // zod keeps an optional key that is there with the value undefined: not a form files have.
        else if (f.key in input) return DECLINE;
        continue;
      }
      const checked = f.check(value);
      if (checked === FAIL || checked === DECLINE) return checked;
      out[f.key] = checked;
    }
    return out;
  };
}

function compileUnion(def: Def): Checker {
  const options = (def.options ?? []).map((o) => ({ schema: o, check: compile(o) }));
  if (def.discriminator === undefined) {
    // zod takes the first option that accepts the value.
    return (v) => {
      for (const o of options) {
        const out = o.check(v);
        if (out !== FAIL) return out;
      }
      return FAIL;
    };
  }
  const byValue = new Map<unknown, Checker>();
  for (const o of options) {
    const d = defOf(o.schema);
    const tag = d.type === 'object' ? d.shape?.[def.discriminator] : undefined;
    const tagDef = tag ? defOf(tag) : undefined;
    if (tagDef?.type !== 'literal' || !tagDef.values) return declineAll;
    for (const value of tagDef.values) if (!byValue.has(value)) byValue.set(value, o.check);
  }
  const discriminator = def.discriminator;
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;
    const option = byValue.get((v as Record<string, unknown>)[discriminator]);
    return option ? option(v) : FAIL;
  };
}
