// Streaming AMI framer: bytes from the socket in, whole messages out. A message is a run of lines
// ended by an empty line; lines end in CRLF or a bare LF (Asterisk's own reader accepts both, and
// some versions sent `\r\n\n`). Bytes are decoded as UTF-8 only once a message is complete, so a
// multibyte character split across reads is never corrupted. Two special cases:
//  - the banner `Asterisk Call Manager/<AMI version>` is one line with no empty line after it;
//  - `Response: Follows` (Command on Asterisk <= 13) carries raw CLI text that may contain empty
//    lines, up to a `--END COMMAND--` line.
import type { AmiMessage } from '../message.ts';
import { END_COMMAND_MARKER, bannerMessage, isFollowsLine, parseAmiMessage } from './parse-message.ts';

/**
 * Largest message kept. List items and events are a few KiB; the biggest legitimate message is one
 * Command answer (`dialplan show`, `pjsip show endpoints` on a big PBX: a few MiB). Beyond this the
 * peer is broken or hostile and we stop buffering instead of exhausting memory.
 */
export const MAX_AMI_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Starting buffer size: one socket read of a busy PBX fits without growing. */
const INITIAL_BUFFER_BYTES = 64 * 1024;
/** Above this the buffer is given back once emptied, so one huge Command answer does not pin memory. */
const RETAINED_BUFFER_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const BANNER_PREFIX = Buffer.from('Asterisk Call Manager/');
const END_COMMAND = Buffer.from(END_COMMAND_MARKER);
/** Enough of a line to recognise `Response: Follows`, `Privilege:` or `ActionID:`. */
const LINE_PREFIX_BYTES = 32;

export type AmiFrameFault = {
  code: 'message_too_long';
  /** Stream offset where the dropped message started. */
  offset: number;
  message: string;
};

export type AmiFrame =
  { ok: true; message: AmiMessage; offset: number; length: number } | { ok: false; fault: AmiFrameFault };

export interface AmiFramerCounters {
  bytes: number;
  messages: number;
  /** Messages dropped for exceeding MAX_AMI_MESSAGE_BYTES. */
  oversizeMessages: number;
  /** Bytes thrown away while skipping to the end of an oversize message. */
  discardedBytes: number;
}

type Mode =
  | 'headers' // ordinary message: an empty line ends it
  | 'follows-headers' // after `Response: Follows`, reading Privilege/ActionID
  | 'follows-output' // raw CLI text: empty lines belong to it, `--END COMMAND--` ends it
  | 'discard'; // skipping an oversize message up to its empty line

export class AmiFramer {
  readonly counters: AmiFramerCounters = { bytes: 0, messages: 0, oversizeMessages: 0, discardedBytes: 0 };
  private readonly maxMessageBytes: number;
  private buf = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
  /** Valid bytes are buf[0, end). */
  private end = 0;
  /** Stream offset of buf[0]. */
  private base = 0;
  /** Where the current message starts, where the current line starts, where to look for the next LF. */
  private msgStart = 0;
  private lineStart = 0;
  private scan = 0;
  private linesInMessage = 0;
  private mode: Mode = 'headers';
  /** In discard mode: the dropped part of the current line held more than a lone CR. */
  private discardLineHasText = false;

  constructor(options: { maxMessageBytes?: number } = {}) {
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_AMI_MESSAGE_BYTES;
  }

  /** Messages completed by this chunk, in stream order. Oversize messages are counted and skipped. */
  push(chunk: Buffer): AmiMessage[] {
    const out: AmiMessage[] = [];
    for (const frame of this.pushFrames(chunk)) if (frame.ok) out.push(frame.message);
    return out;
  }

  /** Like push, with each message's stream offset and byte length, and a fault for each dropped message. */
  pushFrames(chunk: Buffer): AmiFrame[] {
    this.counters.bytes += chunk.length;
    this.append(chunk);
    const frames: AmiFrame[] = [];
    for (;;) {
      const nl = this.buf.subarray(0, this.end).indexOf(LF, this.scan);
      if (nl === -1) break;
      this.scan = nl + 1;
      this.onLine(this.lineStart, nl, frames);
      this.lineStart = nl + 1;
    }
    this.scan = this.end;
    this.checkSize(frames);
    this.compact();
    return frames;
  }

  /** Bytes held for a message not yet complete (a truncated tail at EOF stays here). */
  get pendingBytes(): number {
    return this.end - this.msgStart;
  }

  private onLine(start: number, nl: number, frames: AmiFrame[]): void {
    const lineEnd = nl > start && this.buf[nl - 1] === CR ? nl - 1 : nl;
    const empty = lineEnd === start;
    if (this.mode === 'discard') {
      if (empty && !this.discardLineHasText) {
        this.counters.discardedBytes += nl + 1 - this.msgStart;
        this.startMessage(nl + 1);
      }
      this.discardLineHasText = false;
      return;
    }
    if (empty) {
      if (this.linesInMessage === 0)
        this.msgStart = nl + 1; // blank lines between messages carry nothing
      else if (this.mode !== 'follows-output') this.emit(nl + 1, frames);
      return;
    }
    if (this.linesInMessage === 0) {
      const head = this.buf.subarray(start, Math.min(lineEnd, start + LINE_PREFIX_BYTES));
      if (head.length >= BANNER_PREFIX.length && head.subarray(0, BANNER_PREFIX.length).equals(BANNER_PREFIX)) {
        const line = this.buf.toString('utf8', start, lineEnd);
        this.pushFrame(frames, bannerMessage(line), nl + 1);
        return;
      }
      if (isFollowsLine(head.toString('latin1'))) this.mode = 'follows-headers';
      this.linesInMessage++;
      return;
    }
    this.linesInMessage++;
    if (this.mode === 'follows-headers') {
      const head = this.buf.toString('latin1', start, Math.min(lineEnd, start + LINE_PREFIX_BYTES));
      if (/^(?:privilege|actionid):/i.test(head)) return;
      this.mode = 'follows-output';
    }
    if (this.mode === 'follows-output') {
      const tail = lineEnd - END_COMMAND.length;
      if (tail >= start && this.buf.subarray(tail, lineEnd).equals(END_COMMAND)) this.mode = 'headers';
    }
  }

  private emit(endExclusive: number, frames: AmiFrame[]): void {
    if (endExclusive - this.msgStart > this.maxMessageBytes) {
      // Completed within one read, but still over the limit: the same rule as a message still growing.
      this.counters.oversizeMessages++;
      this.counters.discardedBytes += endExclusive - this.msgStart;
      frames.push({ ok: false, fault: this.tooLong() });
      this.startMessage(endExclusive);
      return;
    }
    const text = this.buf.toString('utf8', this.msgStart, endExclusive);
    this.pushFrame(frames, parseAmiMessage(text), endExclusive);
  }

  private pushFrame(frames: AmiFrame[], message: AmiMessage, endExclusive: number): void {
    this.counters.messages++;
    frames.push({ ok: true, message, offset: this.base + this.msgStart, length: endExclusive - this.msgStart });
    this.startMessage(endExclusive);
  }

  private startMessage(at: number): void {
    this.msgStart = at;
    this.linesInMessage = 0;
    this.mode = 'headers';
  }

  private checkSize(frames: AmiFrame[]): void {
    if (this.mode === 'discard') {
      // Keep at most a lone trailing CR of the current line: it may pair with an LF in the next read.
      const keepFrom = this.end - this.lineStart <= 1 ? this.lineStart : this.end;
      if (keepFrom > this.lineStart) this.discardLineHasText = true;
      this.counters.discardedBytes += keepFrom - this.msgStart;
      this.msgStart = keepFrom;
      this.lineStart = keepFrom;
      return;
    }
    if (this.end - this.msgStart <= this.maxMessageBytes) return;
    this.counters.oversizeMessages++;
    frames.push({ ok: false, fault: this.tooLong() });
    // The lines already seen are gone; whether the partial line is text decides if the next LF ends it.
    this.discardLineHasText = false;
    this.mode = 'discard';
    this.checkSize(frames);
  }

  private tooLong(): AmiFrameFault {
    const offset = this.base + this.msgStart;
    return {
      code: 'message_too_long',
      offset,
      message: `AMI message at byte ${offset} exceeds ${this.maxMessageBytes} bytes; skipped to its end`,
    };
  }

  private append(chunk: Buffer): void {
    if (this.end + chunk.length > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.end + chunk.length));
      this.buf.copy(grown, 0, 0, this.end);
      this.buf = grown;
    }
    chunk.copy(this.buf, this.end);
    this.end += chunk.length;
  }

  /** Drop consumed bytes: each byte is moved at most once per message, so framing stays linear. */
  private compact(): void {
    const shift = this.msgStart;
    if (shift === 0) return;
    if (shift === this.end && this.buf.length > RETAINED_BUFFER_BYTES)
      this.buf = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
    else this.buf.copy(this.buf, 0, shift, this.end);
    this.end -= shift;
    this.base += shift;
    this.msgStart = 0;
    this.lineStart -= shift;
    this.scan -= shift;
  }
}
