// HEP over TCP/TLS: framing by the HEP3 total-length field (heplify-server peeks the same 6 bytes).
// HEPv1/v2 carry no length, so a stream of them cannot be cut into messages: a typed error, and the
// listener closes that connection, as it does on any length that cannot be a HEP3 packet.
import { HEP3_HEADER_BYTES, HEP3_MAGIC } from './chunk-types.ts';

export type HepFrameErrorCode = 'not_hep3' | 'legacy_version' | 'bad_length';

export type HepFrameResult =
  /** `length` is the size of the next message, possibly more than is buffered yet; null until 6 bytes are in. */
  { ok: true; length: number | null } | { ok: false; error: { code: HepFrameErrorCode; message: string } };

const MAGIC_BYTES = [
  (HEP3_MAGIC >>> 24) & 0xff,
  (HEP3_MAGIC >>> 16) & 0xff,
  (HEP3_MAGIC >>> 8) & 0xff,
  HEP3_MAGIC & 0xff,
];

/** How many bytes the HEP3 message at the start of `buf` occupies. */
export function nextHepFrame(buf: Buffer): HepFrameResult {
  if (buf.length === 0) return { ok: true, length: null };
  const first = buf[0];
  if (first === 1 || first === 2) {
    return {
      ok: false,
      error: { code: 'legacy_version', message: `HEPv${first} has no length field and cannot be framed on TCP` },
    };
  }
  const known = Math.min(4, buf.length);
  for (let i = 0; i < known; i++) {
    if (buf[i] !== MAGIC_BYTES[i]) {
      return {
        ok: false,
        error: { code: 'not_hep3', message: `stream byte ${i} is 0x${(buf[i] ?? 0).toString(16)}, not "HEP3"` },
      };
    }
  }
  if (buf.length < HEP3_HEADER_BYTES) return { ok: true, length: null };
  const total = buf.readUInt16BE(4);
  if (total < HEP3_HEADER_BYTES) {
    return {
      ok: false,
      error: { code: 'bad_length', message: `HEP3 total length ${total} is shorter than its header` },
    };
  }
  return { ok: true, length: total };
}
