// CSeq (RFC 3261 §20.16): a sequence number and the method of the transaction.

export interface CSeq {
  seq: number;
  method: string;
}

/** Largest CSeq: RFC 3261 says the number must be below 2^31. */
const MAX_CSEQ = 2 ** 31 - 1;

export function parseCSeq(value: string): CSeq | null {
  const m = /^\s*(\d{1,10})\s+([A-Za-z!%*_+`'~.-]+)\s*$/.exec(value);
  if (!m) return null;
  const seq = Number(m[1]);
  if (seq > MAX_CSEQ) return null;
  return { seq, method: m[2] ?? '' };
}
