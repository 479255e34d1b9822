// One direction of a WebSocket connection (RFC 6455), after its HTTP upgrade, cut into the messages
// its frames carry. SIP over WebSocket (RFC 7118: Asterisk's and Kamailio's WS transports, WebRTC
// phones) puts exactly one SIP message in each text or binary message. Frames may be masked (client
// to server), fragmented, and interleaved with control frames; a close frame ends the stream.

/** Largest message kept: the stream cutter's per-stream limit. */
export const MAX_WS_MESSAGE_BYTES = 1024 * 1024;

const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;

export type WsCut =
  { ok: true; messages: Buffer[]; rest: Buffer; closed: boolean } | { ok: false; reason: string; messages: Buffer[] };

export class WsMessages {
  /** Parts of a fragmented message, owned copies. */
  #fragments: Buffer[] = [];
  #fragmentBytes = 0;

  /**
   * Cuts the complete frames at the start of `buf`. Returns the messages completed (valid until the
   * caller's next push) and the unfinished rest; a frame that breaks the protocol ends the stream.
   */
  cut(buf: Buffer): WsCut {
    const messages: Buffer[] = [];
    const fail = (reason: string): WsCut => ({ ok: false, reason, messages });
    let at = 0;
    for (;;) {
      const avail = buf.length - at;
      if (avail < 2) break;
      const b0 = buf[at] as number;
      const b1 = buf[at + 1] as number;
      if ((b0 & 0x70) !== 0) return fail('WebSocket frame with reserved bits set (a compression extension)');
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let length = b1 & 0x7f;
      let head = 2;
      if (length === 126) {
        if (avail < 4) break;
        length = buf.readUInt16BE(at + 2);
        head = 4;
      } else if (length === 127) {
        if (avail < 10) break;
        if (buf.readUInt32BE(at + 2) !== 0) return fail('WebSocket frame longer than 4 GiB');
        length = buf.readUInt32BE(at + 6);
        head = 10;
      }
      if (length > MAX_WS_MESSAGE_BYTES || this.#fragmentBytes + length > MAX_WS_MESSAGE_BYTES) {
        return fail(`WebSocket message over ${MAX_WS_MESSAGE_BYTES} bytes`);
      }
      const maskAt = at + head;
      if (masked) head += 4;
      if (avail < head + length) break;
      let payload = buf.subarray(at + head, at + head + length);
      if (masked) payload = unmask(payload, buf.subarray(maskAt, maskAt + 4));
      at += head + length;

      if (opcode >= 0x8) {
        // Control frames (close, ping, pong) may come between the fragments of a message.
        if (opcode === OP_CLOSE) return { ok: true, messages, rest: Buffer.alloc(0), closed: true };
        continue;
      }
      if (opcode !== OP_CONTINUATION && opcode !== OP_TEXT && opcode !== OP_BINARY) {
        return fail(`unknown WebSocket opcode ${opcode}`);
      }
      const inMessage = this.#fragments.length > 0;
      if (opcode === OP_CONTINUATION && !inMessage) return fail('WebSocket continuation frame without a message');
      if (opcode !== OP_CONTINUATION && inMessage) return fail('WebSocket message started inside another');
      if (fin && !inMessage) {
        messages.push(payload);
        continue;
      }
      this.#fragments.push(Buffer.from(payload));
      this.#fragmentBytes += payload.length;
      if (fin) {
        messages.push(Buffer.concat(this.#fragments));
        this.#fragments = [];
        this.#fragmentBytes = 0;
      }
    }
    return { ok: true, messages, rest: buf.subarray(at), closed: false };
  }
}

function unmask(payload: Buffer, key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = (payload[i] as number) ^ (key[i & 3] as number);
  return out;
}

/**
 * The HTTP head of a stream that switches to WebSocket: the client's `GET ... Upgrade: websocket`
 * or the server's `101 Switching Protocols`. Returns where the frames begin, 0 while the head is
 * incomplete, or -1 when the stream is HTTP of another kind or not HTTP at all.
 */
export function webSocketUpgradeEnd(buf: Buffer, maxHeadBytes: number): number {
  const startsHttp =
    buf.subarray(0, 4).toString('latin1') === 'GET ' || buf.subarray(0, 5).toString('latin1') === 'HTTP/';
  if (!startsHttp) return -1;
  const end = buf.indexOf('\r\n\r\n');
  if (end === -1) return buf.length > maxHeadBytes ? -1 : 0;
  const head = buf.subarray(0, end).toString('latin1');
  const upgrade = /^upgrade:[ \t]*websocket[ \t]*$/im.test(head);
  const switching = /^HTTP\/1\.1 101\b/.test(head);
  if (head.startsWith('GET ') ? upgrade : switching && upgrade) return end + 4;
  return -1;
}
