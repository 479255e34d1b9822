// Reassembled TCP streams to messages: one StreamCutter per direction, created on its first bytes
// and dropped when the reassembler ends the direction. Bounded in total as well as per stream.
import type { TcpEvent, TcpStreamId } from '../capture/tcp-reassembly.ts';
import { StreamCutter, type StreamMessage } from './stream-cutter.ts';

export interface TcpMessage extends StreamMessage {
  stream: TcpStreamId;
  /** Time of the segment that completed the message (as Wireshark dates a reassembled PDU). */
  tsUs: number;
}

/**
 * Unfinished message bytes held over all streams. Each stream may hold up to a megabyte; thousands of
 * streams doing so at once only happens in a hostile file, and 64 MiB keeps that from growing the import.
 */
export const MAX_TOTAL_STREAM_BYTES = 64 * 1024 * 1024;

export class TcpMessages {
  readonly #cutters = new Map<string, StreamCutter>();
  #bufferedBytes = 0;
  /** Streams whose unfinished bytes were dropped to stay within MAX_TOTAL_STREAM_BYTES. */
  overflows = 0;

  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  get streamCount(): number {
    return this.#cutters.size;
  }

  /** Messages cut by `ev`, handed to `take` at once (their bytes are only valid during the call). */
  handle(ev: TcpEvent, take: (m: TcpMessage) => void): void {
    const key = ev.stream.key;
    if (ev.kind === 'end') {
      const c = this.#cutters.get(key);
      if (c) {
        this.#bufferedBytes -= c.bufferedBytes;
        this.#cutters.delete(key);
      }
      return;
    }
    let c = this.#cutters.get(key);
    if (ev.kind === 'gap') {
      if (c) {
        this.#bufferedBytes -= c.bufferedBytes;
        c.gap();
      }
      return;
    }
    if (!c) {
      c = new StreamCutter();
      this.#cutters.set(key, c);
    }
    const before = c.bufferedBytes;
    const messages = c.push(ev.data);
    this.#bufferedBytes += c.bufferedBytes - before;
    for (const m of messages) take({ kind: m.kind, bytes: m.bytes, stream: ev.stream, tsUs: ev.tsUs });
    if (this.#bufferedBytes > MAX_TOTAL_STREAM_BYTES) {
      this.overflows++;
      this.#bufferedBytes -= c.bufferedBytes;
      c.gap();
    }
  }
}
