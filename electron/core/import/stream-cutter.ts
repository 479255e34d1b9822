// One direction of one reassembled TCP connection, cut into messages: HEP3 frames (by their length
// field, as the live HEP/TCP listener does), SIP messages (by Content-Length, splitSipStream), or SIP
// over WebSocket (an HTTP upgrade, then one SIP message per WebSocket message). The stream's first
// bytes decide which; a stream joined mid-message, or broken by a gap, is resynchronised at the next
// SIP start line or "HEP3" magic (WebSocket frames cannot be: that stream ends there). Anything else
// is ignored without being buffered.
import { nextHepFrame } from '../hep/frame.ts';
import { splitSipStream } from '../sip/split.ts';
import { findSipStart, isSipStartLine, MAX_START_LINE_BYTES } from './payload-kind.ts';
import { webSocketUpgradeEnd, WsMessages } from './ws-messages.ts';

export interface StreamMessage {
  kind: 'sip' | 'hep';
  /** Valid until the next push: callers use it at once (the store writer copies at append). */
  bytes: Buffer;
}

type Mode = 'unknown' | 'sip' | 'hep' | 'ws' | 'other';

/**
 * Bytes looked through for a first SIP start line or HEP magic before a stream is taken for
 * something else (HTTP, TLS, AMI). A SIP header section is rarely over 4 KiB, so a stream joined
 * mid-message shows a start line well within 16 KiB.
 */
export const MAX_RESYNC_BYTES = 16 * 1024;
/**
 * Unfinished message bytes held per stream: the live TCP listeners' limit (sip/capture.ts
 * MAX_TCP_BUFFER_BYTES), above the largest message splitSipStream accepts (64 KiB head + 256 KiB body).
 */
export const MAX_STREAM_BUFFER_BYTES = 1024 * 1024;

const HEP3 = Buffer.from('HEP3');
const EMPTY = Buffer.alloc(0);

export class StreamCutter {
  #mode: Mode = 'unknown';
  /** The unfinished tail, owned (never a view into a capture chunk). */
  #buf: Buffer = EMPTY;
  /** Looking for the next message start after a gap or a framing error. */
  #resync = false;
  /** Messages that could not be framed (bad length, oversize) and were skipped. */
  dropped = 0;
  #ws: WsMessages | null = null;

  get mode(): Mode {
    return this.#mode;
  }

  get bufferedBytes(): number {
    return this.#buf.length;
  }

  push(data: Buffer): StreamMessage[] {
    const out: StreamMessage[] = [];
    if (this.#mode === 'other' || data.length === 0) return out;
    let buf = this.#buf.length === 0 ? data : Buffer.concat([this.#buf, data]);
    if (this.#mode === 'unknown') buf = this.#classify(buf);
    if (this.#mode === 'sip') buf = this.#cutSip(buf, out);
    else if (this.#mode === 'hep') buf = this.#cutHep(buf, out);
    else if (this.#mode === 'ws') buf = this.#cutWs(buf, out);
    if (buf.length > MAX_STREAM_BUFFER_BYTES) {
      this.dropped++;
      this.#resync = true;
      buf = EMPTY;
    }
    // Keep only the tail, copied, so the capture chunk it may point into can be released.
    this.#buf = buf.length === 0 ? EMPTY : Buffer.from(buf);
    return out;
  }

  /** Bytes are missing here: whatever was being cut is broken, resynchronise on what follows. */
  gap(): void {
    this.#buf = EMPTY;
    if (this.#mode === 'sip' || this.#mode === 'hep') this.#resync = true;
    // Nothing marks where the next WebSocket frame starts.
    if (this.#mode === 'ws') this.#mode = 'other';
  }

  #classify(buf: Buffer): Buffer {
    const ws = webSocketUpgradeEnd(buf, MAX_RESYNC_BYTES);
    if (ws === 0) return buf;
    if (ws > 0) {
      this.#mode = 'ws';
      this.#ws = new WsMessages();
      return buf.subarray(ws);
    }
    const hep = buf.indexOf(HEP3);
    const sip = findSipStart(buf);
    if (hep === 0 || (hep > 0 && (sip === -1 || hep < sip))) {
      this.#mode = 'hep';
      return buf.subarray(hep);
    }
    if (sip !== -1) {
      this.#mode = 'sip';
      return buf.subarray(sip);
    }
    if (buf.length > MAX_RESYNC_BYTES) {
      this.#mode = 'other';
      return EMPTY;
    }
    return buf;
  }

  #cutSip(buf: Buffer, out: StreamMessage[]): Buffer {
    for (;;) {
      if (this.#resync) {
        const at = findSipStart(buf);
        if (at === -1) return unfinishedLine(buf);
        buf = buf.subarray(at);
        this.#resync = false;
      }
      const r = splitSipStream(buf);
      for (const m of r.messages) out.push({ kind: 'sip', bytes: m });
      if (r.ok) return r.rest;
      // A message that cannot be framed: skip past its start and look for the next one.
      this.dropped++;
      this.#resync = true;
      buf = r.rest.subarray(1);
    }
  }

  #cutWs(buf: Buffer, out: StreamMessage[]): Buffer {
    const r = (this.#ws as WsMessages).cut(buf);
    // Messages that are not SIP (a JSON signalling protocol on the same socket) are not ours.
    for (const m of r.messages) if (isSipStartLine(m)) out.push({ kind: 'sip', bytes: m });
    if (!r.ok) this.dropped++;
    if (!r.ok || r.closed) {
      this.#mode = 'other';
      return EMPTY;
    }
    return r.rest;
  }

  #cutHep(buf: Buffer, out: StreamMessage[]): Buffer {
    for (;;) {
      if (this.#resync) {
        const at = buf.indexOf(HEP3);
        if (at === -1) return buf.subarray(Math.max(0, buf.length - (HEP3.length - 1)));
        buf = buf.subarray(at);
        this.#resync = false;
      }
      const f = nextHepFrame(buf);
      if (!f.ok) {
        this.dropped++;
        this.#resync = true;
        buf = buf.subarray(1);
        continue;
      }
      if (f.length === null || buf.length < f.length) return buf;
      out.push({ kind: 'hep', bytes: buf.subarray(0, f.length) });
      buf = buf.subarray(f.length);
    }
  }
}

/** The last, unfinished line (a start line may be arriving in pieces), at most a start line long. */
function unfinishedLine(buf: Buffer): Buffer {
  const lineStart = buf.lastIndexOf(0x0a) + 1;
  return buf.subarray(Math.max(lineStart, buf.length - MAX_START_LINE_BYTES));
}
