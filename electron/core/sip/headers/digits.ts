// Numbers inside header values (ports, Content-Length, causes), read without a regex per value:
// these run several times per message on the hot path.

/** The value of `s` if it is 1..maxDigits ASCII digits, else -1. */
export function digitsValue(s: string, maxDigits: number): number {
  if (s.length === 0 || s.length > maxDigits) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** A port number (0..65535) or -1. */
export function portValue(s: string): number {
  const n = digitsValue(s, 5);
  return n > 65_535 ? -1 : n;
}
