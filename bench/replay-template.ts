// Turns the fixture's HEP packets into templates that can be replayed forever as NEW calls:
// each pass overwrites the start of the Call-ID value with a fixed-width pass/call number (the
// length stays the same, so neither the HEP length nor Content-Length changes) and writes a
// fresh capture timestamp. The app then sees new dialogs, not retransmissions or duplicates.
import * as C from '../electron/core/hep/chunk-types.ts';

/**
 * Characters of the Call-ID value replaced by the base-36 serial (pass * calls + call index).
 * The serial alone is unique, so the new Call-IDs are too; 36^10 serials never run out.
 * Every fixture Call-ID is at least 22 characters long.
 */
export const CALL_ID_SERIAL_CHARS = 10;

export interface PacketTemplate {
  bytes: Buffer;
  callIdOffset: number;
  /** Index of the packet's call among the fixture's distinct Call-IDs. */
  callIndex: number;
  tsSecOffset: number;
  tsUsecOffset: number;
}

export interface ReplayTemplates {
  packets: PacketTemplate[];
  /** Distinct Call-IDs in one pass. */
  calls: number;
}

interface Hep3Offsets {
  tsSec: number;
  tsUsec: number;
  payload: number;
  payloadEnd: number;
}

function hep3Offsets(buf: Buffer): Hep3Offsets {
  if (buf.length < C.HEP3_HEADER_BYTES || buf.readUInt32BE(0) !== C.HEP3_MAGIC)
    throw new Error('replay needs HEP3 packets');
  const found: Hep3Offsets = { tsSec: -1, tsUsec: -1, payload: -1, payloadEnd: -1 };
  for (let o = C.HEP3_HEADER_BYTES; o + C.CHUNK_HEADER_BYTES <= buf.length;) {
    const vendor = buf.readUInt16BE(o);
    const type = buf.readUInt16BE(o + 2);
    const len = buf.readUInt16BE(o + 4);
    if (len < C.CHUNK_HEADER_BYTES) throw new Error(`chunk at ${o} declares ${len} bytes`);
    const value = o + C.CHUNK_HEADER_BYTES;
    if (vendor === C.VENDOR_GENERIC) {
      if (type === C.CHUNK_TS_SEC) found.tsSec = value;
      else if (type === C.CHUNK_TS_USEC) found.tsUsec = value;
      else if (type === C.CHUNK_PAYLOAD) {
        found.payload = value;
        found.payloadEnd = o + len;
      }
    }
    o += len;
  }
  if (found.tsSec < 0 || found.tsUsec < 0 || found.payload < 0)
    throw new Error('HEP3 packet without timestamp or plain payload chunk');
  return found;
}

/** `Call-ID:` or its compact form `i:` at the start of a header line, up to the value. */
const CALL_ID_HEADER = /\r?\n(?:call-id|i)[ \t]*:[ \t]*/i;

function callIdValue(payload: string): { start: number; value: string } {
  const m = CALL_ID_HEADER.exec(payload);
  if (!m) throw new Error('SIP payload without a Call-ID header');
  const start = m.index + m[0].length;
  const end = payload.indexOf('\n', start);
  const value = payload
    .slice(start, end < 0 ? payload.length : end)
    .replace(/\r$/, '')
    .trim();
  return { start, value };
}

export function makeReplayTemplates(hepPackets: readonly Buffer[]): ReplayTemplates {
  const callIndex = new Map<string, number>();
  const packets = hepPackets.map((bytes): PacketTemplate => {
    const o = hep3Offsets(bytes);
    const payload = bytes.toString('latin1', o.payload, o.payloadEnd);
    const id = callIdValue(payload);
    if (id.value.length < CALL_ID_SERIAL_CHARS)
      throw new Error(`Call-ID ${id.value} is shorter than ${CALL_ID_SERIAL_CHARS} characters`);
    let index = callIndex.get(id.value);
    if (index === undefined) {
      index = callIndex.size;
      callIndex.set(id.value, index);
    }
    return {
      bytes,
      callIdOffset: o.payload + id.start,
      callIndex: index,
      tsSecOffset: o.tsSec,
      tsUsecOffset: o.tsUsec,
    };
  });
  return { packets, calls: callIndex.size };
}

/** A new packet: the template with pass `pass`'s Call-ID and capture time `tsUs`. */
export function stampPacket(t: PacketTemplate, calls: number, pass: number, tsUs: number): Buffer {
  const out = Buffer.allocUnsafe(t.bytes.length);
  t.bytes.copy(out);
  const serial = (pass * calls + t.callIndex).toString(36).padStart(CALL_ID_SERIAL_CHARS, '0');
  out.write(serial, t.callIdOffset, CALL_ID_SERIAL_CHARS, 'latin1');
  out.writeUInt32BE(Math.floor(tsUs / 1e6), t.tsSecOffset);
  out.writeUInt32BE(tsUs % 1e6, t.tsUsecOffset);
  return out;
}
