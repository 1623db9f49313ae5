/** A fence's info string split into its first word and its `key=value` attributes. */
export interface InfoString {
  /** The first word: a cell kind for typed cells, a language for plain code. */
  word: string;
  attributes: Record<string, string>;
  /** Attributes written twice (the last one wins) and words that are not `key=value`. */
  problems: string[];
}

const ATTRIBUTE = /^([A-Za-z][A-Za-z0-9_-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))/;

/**
 * Splits an info string such as `exercise id=e1 objective="see-all"`. Values may be
 * quoted with single or double quotes; anything else is reported, not thrown.
 */
export function parseInfoString(info: string): InfoString {
  const trimmed = info.trim();
  const space = trimmed.search(/\s/);
  const word = space < 0 ? trimmed : trimmed.slice(0, space);
  let rest = space < 0 ? '' : trimmed.slice(space).trim();
  const attributes: Record<string, string> = {};
  const problems: string[] = [];
  while (rest.length > 0) {
    const m = ATTRIBUTE.exec(rest);
    if (!m) {
      const token = rest.split(/\s+/)[0] ?? rest;
      problems.push(`"${token}" is not a key=value attribute`);
      rest = rest.slice(token.length).trim();
      continue;
    }
    const key = m[1] ?? '';
    if (Object.hasOwn(attributes, key)) problems.push(`attribute "${key}" is given twice`);
    attributes[key] = m[2] ?? m[3] ?? m[4] ?? '';
    rest = rest.slice(m[0].length).trim();
  }
  return { word, attributes, problems };
}
