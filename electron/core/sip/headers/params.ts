// Header and URI parameters: `;name=value;flag;name="quoted value"`. Names are case-insensitive
// (stored lowercase); values are kept as sent except that surrounding quotes are removed.

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
  if (v.length >= 2 && v[0] === '"' && v[v.length - 1] === '"') return v.slice(1, -1).replace(/\\(.)/g, '$1');
  return v;
}

/** Parses `;a=b;c` starting at `from` (which points at the first `;`, or at the text after it). */
export function parseParams(s: string, from: number, end = s.length): SipParams {
  let i = from;
  if (s[i] === ';') i++;
  if (i >= end) return NO_PARAMS;
  const out: Record<string, string> = {};
  while (i < end) {
    const next = indexOutsideQuotes(s, ';', i, end);
    const eq = s.indexOf('=', i);
    if (eq !== -1 && eq < next) {
      const name = s.slice(i, eq).trim().toLowerCase();
      if (name) out[name] = unquote(s.slice(eq + 1, next).trim());
    } else {
      const name = s.slice(i, next).trim().toLowerCase();
      if (name) out[name] = '';
    }
    i = next + 1;
  }
  return out;
}
