// What a captured payload carries, decided from its first bytes the way sngrep's dissectors do:
// HEP (v3 magic, or a v1/v2 header that decodes), SIP (a request or status line), or anything else
// (RTP, DNS, TLS...), which the import skips.
import { HEP3_MAGIC } from '../hep/chunk-types.ts';
import { decodeHepLegacy } from '../hep/decode-legacy.ts';

export type PayloadKind = 'hep' | 'sip' | 'other';

/**
 * Longest start line looked at. RFC 3261 sets no limit; request URIs past 4 KiB do not occur in
 * practice, and a bound keeps a newline-free binary payload from being scanned to its end.
 */
export const MAX_START_LINE_BYTES = 4096;

// RFC 3261 §25.1: Method is a token; Request-URI has no spaces; SIP-Version is "SIP/2.0" (any case).
const REQUEST_LINE_RE = /^[A-Za-z0-9!%*_+`'~.-]+ [^ ]+ SIP\/2\.0\r?$/i;
const STATUS_LINE_RE = /^SIP\/2\.0 \d{3}(?: [^\r]*)?\r?$/i;
/**
 * Methods a stream is resynchronised on (RFC 3261, 3262, 3265, 3428, 3311, 3515, 3903, 6086). Any
 * token would let a line cut mid-method ("VITE sip:... SIP/2.0") pass for a start line.
 */
const KNOWN_METHODS = new Set([
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'REGISTER',
  'OPTIONS',
  'PRACK',
  'SUBSCRIBE',
  'NOTIFY',
  'PUBLISH',
  'INFO',
  'REFER',
  'MESSAGE',
  'UPDATE',
]);
const SIP_VERSION = Buffer.from('SIP/2.0');
const LF = 0x0a;

function isLetter(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));
}

/**
 * True when `buf` holds a whole SIP start line at `off` (the line feed must be there). With
 * `knownMethodsOnly`, requests must use a standard method (for text that may start mid-line).
 */
export function isSipStartLine(buf: Buffer, off = 0, knownMethodsOnly = false): boolean {
  if (!isLetter(buf[off])) return false;
  const end = Math.min(buf.length, off + MAX_START_LINE_BYTES);
  const nl = buf.subarray(off, end).indexOf(LF);
  if (nl === -1) return false;
  const line = buf.toString('latin1', off, off + nl);
  if (STATUS_LINE_RE.test(line)) return true;
  if (!REQUEST_LINE_RE.test(line)) return false;
  return !knownMethodsOnly || KNOWN_METHODS.has(line.slice(0, line.indexOf(' ')).toUpperCase());
}

/**
 * Offset of the first SIP start line at or after `from`, or -1. Used to find the next message in a
 * stream joined mid-message or after a gap: every start line contains "SIP/2.0", so only the lines
 * around each occurrence are looked at. `from` may be mid-line, so requests need a standard method.
 */
export function findSipStart(buf: Buffer, from = 0): number {
  for (let i = buf.indexOf(SIP_VERSION, from); i !== -1; i = buf.indexOf(SIP_VERSION, i + 1)) {
    // Status line: "SIP/2.0" opens the line. Request line: it closes it.
    const atLineStart = i === from || buf[i - 1] === LF;
    if (atLineStart && isSipStartLine(buf, i)) return i;
    const lineStart = Math.max(from, buf.lastIndexOf(LF, i) + 1);
    if (isSipStartLine(buf, lineStart, true)) return lineStart;
  }
  return -1;
}

/** Classifies one UDP datagram's payload. */
export function classifyDatagram(payload: Buffer): PayloadKind {
  if (payload.length >= 4 && payload.readUInt32BE(0) === HEP3_MAGIC) return 'hep';
  const first = payload[0];
  if ((first === 1 || first === 2) && decodeHepLegacy(payload).ok) return 'hep';
  return isSipStartLine(payload) ? 'sip' : 'other';
}
