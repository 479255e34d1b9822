// Header and URI parameters: `;name=value;flag;name="quoted value"`. Names are case-insensitive
// (stored lowercase); values are kept as sent except that surrounding quotes are removed.
// Building a params object costs more than the rest of a header (one dynamic key per parameter),
// so structured headers pick the few values they index with `pickParams` and build the full
// object only when someone asks for it.

export type SipParams = Readonly<Record<string, string>>;

export const NO_PARAMS: SipParams = Object.freeze({});

/** Index of the next `sep` at or after `from` outside double quotes, or `end`. */
export function indexOutsideQuotes(s: string, sep: string, from: number, end = s.length): number {
  let quoted = false;
  for (let i = from; i < end; i++) {
    const c = s[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && quoted) i++;
    else if (c === sep && !quoted) return i;
  }
  return end;
}

export function unquote(v: string): string {
  if (v.length < 2 || v.charCodeAt(0) !== 34 || v.charCodeAt(v.length - 1) !== 34) return v;
  const inner = v.slice(1, -1);
  return inner.indexOf('\\') === -1 ? inner : inner.replace(/\\(.)/g, '$1');
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** s[start, end) without surrounding spaces and tabs, cut once. */
function trimmed(s: string, start: number, end: number): string {
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/**
 * Walks the parameters in s[from, end) (from at the first `;` or just after it) and calls
 * `visit(nameStart, nameEnd, valueStart, valueEnd)` for each; valueStart is -1 for a flag.
 */
function walkParams(
  s: string,
  from: number,
  end: number,
  visit: (ns: number, ne: number, vs: number, ve: number) => void,
): void {
  let i = from;
  if (s.charCodeAt(i) === 59 /* ; */) i++;
  const quote = s.indexOf('"', i);
  const hasQuotes = quote !== -1 && quote < end;
  while (i < end) {
    let next: number;
    if (hasQuotes) next = indexOutsideQuotes(s, ';', i, end);
    else {
      next = s.indexOf(';', i);
      if (next === -1 || next > end) next = end;
    }
    let eq = s.indexOf('=', i);
    if (eq === -1 || eq > next) eq = next;
    let ns = i;
    let ne = eq;
    while (ns < ne && isSpace(s.charCodeAt(ns))) ns++;
    while (ne > ns && isSpace(s.charCodeAt(ne - 1))) ne--;
    if (ne > ns) visit(ns, ne, eq === next ? -1 : eq + 1, next);
    i = next + 1;
  }
}

/** Parses `;a=b;c` starting at `from` (which points at the first `;`, or at the text after it). */
export function parseParams(s: string, from: number, end = s.length): SipParams {
  if (from >= end || (from === end - 1 && s.charCodeAt(from) === 59)) return NO_PARAMS;
  const out: Record<string, string> = {};
  let any = false;
  walkParams(s, from, end, (ns, ne, vs, ve) => {
    out[s.slice(ns, ne).toLowerCase()] = vs === -1 ? '' : unquote(trimmed(s, vs, ve));
    any = true;
  });
  return any ? out : NO_PARAMS;
}

/**
 * Values of the parameters named in `names` (lowercase), in one pass: out[k] is the value of
 * names[k], '' for a flag, undefined when absent. A repeated parameter's last value wins, as in parseParams.
 */
export function pickParams(
  s: string,
  from: number,
  end: number,
  names: readonly string[],
  out: (string | undefined)[],
): void {
  for (let k = 0; k < names.length; k++) out[k] = undefined;
  if (from >= end) return;
  walkParams(s, from, end, (ns, ne, vs, ve) => {
    const len = ne - ns;
    outer: for (let k = 0; k < names.length; k++) {
      const want = names[k] as string;
      if (want.length !== len) continue;
      for (let j = 0; j < len; j++) if ((s.charCodeAt(ns + j) | 0x20) !== want.charCodeAt(j)) continue outer;
      out[k] = vs === -1 ? '' : unquote(trimmed(s, vs, ve));
      return;
    }
  });
}
