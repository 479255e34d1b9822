// Field reads on the hot path. `amiField` lower-cases every key on every lookup; the model reads
// ~10 keys of each of hundreds of events a second, so it first tries the exact spelling Asterisk
// sends today (a plain string compare) and falls back to the case-insensitive scan only when that
// misses (other versions spell some keys differently: Uniqueid/UniqueID).
import { amiField, type AmiMessage } from '../message.ts';

/** First value of `key`; exact spelling first, then any case. */
export function field(msg: AmiMessage, key: string): string | undefined {
  const f = msg.fields;
  for (let i = 0; i < f.length; i++) {
    const pair = f[i]!;
    if (pair[0] === key) return pair[1];
  }
  return amiField(msg, key);
}

/** The value, or '' when absent. */
export function text(msg: AmiMessage, key: string): string {
  return field(msg, key) ?? '';
}

/** Asterisk sends `<unknown>` for caller/connected-line values it does not have. */
export function cid(msg: AmiMessage, key: string): string {
  const v = field(msg, key);
  return v === undefined || v === '<unknown>' ? '' : v;
}

/** A decimal integer header, or `fallback` when absent or not a number. */
export function int(msg: AmiMessage, key: string, fallback: number): number {
  const v = field(msg, key);
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

/** A decimal number header (may have a fraction), or null. */
export function num(msg: AmiMessage, key: string): number | null {
  const v = field(msg, key);
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** AMI booleans: 1/0, true/false, yes/no. */
export function flag(msg: AmiMessage, key: string): boolean {
  const v = field(msg, key);
  if (v === undefined) return false;
  const l = v.toLowerCase();
  return l === '1' || l === 'true' || l === 'yes';
}

/** Epoch seconds as Asterisk sends them (LastCall, LastPause, LoginTime) to µs; 0 means "never". */
export function epochSecToUs(sec: number): number | undefined {
  return sec > 0 ? sec * 1_000_000 : undefined;
}
