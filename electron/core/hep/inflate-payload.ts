// Inflates the compressed payload chunk (0x10). The spec says "gzip/inflate" without fixing the
// wrapper, and no reference receiver decompresses it, so all three deflate framings are accepted.
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/**
 * Largest inflated payload accepted. A captured SIP message is at most 64 KiB (a UDP datagram;
 * Kamailio's BUF_SIZE is 64 KiB too, sofia-sip truncates at 16 KiB), so 256 KiB leaves room for
 * big TCP messages while a zip bomb stops here instead of filling memory.
 */
export const MAX_INFLATED_PAYLOAD_BYTES = 256 * 1024;

export type InflateResult = { ok: true; payload: Buffer } | { ok: false; message: string };

function isZlibHeader(b0: number, b1: number): boolean {
  // RFC 1950: CM = 8 (deflate) and the 16-bit header is a multiple of 31.
  return (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
}

export function inflatePayload(data: Buffer): InflateResult {
  const opts = { maxOutputLength: MAX_INFLATED_PAYLOAD_BYTES };
  const b0 = data[0] ?? 0;
  const b1 = data[1] ?? 0;
  try {
    if (b0 === 0x1f && b1 === 0x8b) return { ok: true, payload: gunzipSync(data, opts) };
    if (isZlibHeader(b0, b1)) return { ok: true, payload: inflateSync(data, opts) };
    return { ok: true, payload: inflateRawSync(data, opts) };
  } catch (e) {
    // zlib's sync API reports corrupt input and the output cap only by throwing; turned into a value here.
    const tooBig = e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    const message = tooBig
      ? `inflated payload exceeds ${MAX_INFLATED_PAYLOAD_BYTES} bytes`
      : `compressed payload does not inflate: ${(e as Error).message}`;
    return { ok: false, message };
  }
}
