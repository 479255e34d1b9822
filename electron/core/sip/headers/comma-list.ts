// Headers that may hold several values separated by commas (Via, Contact, P-Asserted-Identity,
// Reason, ...). A comma inside a quoted display name or inside <...> does not separate values.

export function splitCommaList(value: string): string[] {
  if (value.indexOf(',') === -1) return [value];
  const out: string[] = [];
  let quoted = false;
  let angle = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') angle++;
    else if (c === '>') angle = Math.max(0, angle - 1);
    else if (c === ',' && angle === 0) {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}
