// CSeq (RFC 3261 §20.16): a sequence number and the method of the transaction.
import { digitsValue } from './digits.ts';

export interface CSeq {
  seq: number;
  method: string;
}

/** Largest CSeq: RFC 3261 says the number must be below 2^31. */
const MAX_CSEQ = 2 ** 31 - 1;
const MAX_CSEQ_DIGITS = 10;
/** RFC 3261 token characters other than letters and digits. */
const TOKEN_MARKS = "-.!%*_+`'~";

function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum && !TOKEN_MARKS.includes(s[i] as string)) return false;
  }
  return true;
}

export function parseCSeq(value: string): CSeq | null {
  const s = value.trim();
  let sp = 0;
  while (sp < s.length && s[sp] !== ' ' && s[sp] !== '\t') sp++;
  const seq = digitsValue(s.slice(0, sp), MAX_CSEQ_DIGITS);
  if (seq < 0 || seq > MAX_CSEQ) return null;
  const method = s.slice(sp).trim();
  return isToken(method) ? { seq, method } : null;
}
