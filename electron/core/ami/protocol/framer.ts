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
/** A line end followed by an empty line: how an ordinary message ends (`\n\n` also covers the old `\r\n\n`). */
const LF_LF = Buffer.from('\n\n');
const LF_CRLF = Buffer.from('\n\r\n');
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
  /**
   * Where the last search for `\n\n` / `\n\r\n` in this push found it (-1: none up to the end; -2: not searched
   * yet). Searched again only once a message start passes it, so a push scans its bytes for each about once.
   */
  private nextLfLf = -2;
  private nextLfCrLf = -2;
  /** Where the current push puts its output: messages only (push) or frames with faults (pushFrames). */
  private messages: AmiMessage[] | null = null;
  private frames: AmiFrame[] | null = null;

  constructor(options: { maxMessageBytes?: number } = {}) {
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_AMI_MESSAGE_BYTES;
  }

  /** Messages completed by this chunk, in stream order. Oversize messages are counted and skipped. */
  push(chunk: Buffer): AmiMessage[] {
    const messages: AmiMessage[] = [];
    this.messages = messages;
    this.frames = null;
    this.feed(chunk);
    this.messages = null;
    return messages;
  }

  /** Like push, with each message's stream offset and byte length, and a fault for each dropped message. */
  pushFrames(chunk: Buffer): AmiFrame[] {
    const frames: AmiFrame[] = [];
    this.messages = null;
    this.frames = frames;
    this.feed(chunk);
    this.frames = null;
    return frames;
  }

  private feed(chunk: Buffer): void {
    this.counters.bytes += chunk.length;
    this.append(chunk);
    // Bounded view: bytes past `end` in buf are stale and must never be matched.
    const view = this.buf.subarray(0, this.end);
    this.nextLfLf = -2;
    this.nextLfCrLf = -2;
    for (;;) {
      if (this.linesInMessage === 0 && this.mode === 'headers') {
        if (!this.frameWhole(view)) break;
        continue;
      }
      // Line by line: the rest of a message cut by a read, Command output, an oversize message being skipped.
      const nl = view.indexOf(LF, this.scan);
      if (nl === -1) {
        this.scan = this.end;
        break;
      }
      this.scan = nl + 1;
      this.onLine(this.lineStart, nl);
      this.lineStart = nl + 1;
    }
    this.checkSize();
    this.compact();
  }

  /** Bytes held for a message not yet complete (a truncated tail at EOF stays here). */
  get pendingBytes(): number {
    return this.end - this.msgStart;
  }

  /**
   * At a message start in `headers` mode: skips blank lines, checks a first line that may be the banner or
   * `Response: Follows` (only one starting with A, R or r), and finds an ordinary message's end with two
   * byte searches instead of a step per line, then decodes and parses it once. False when the bytes run
   * out first; the state is then what the line-by-line path expects, so a message cut across reads is
   * never scanned twice.
   */
  private frameWhole(view: Buffer): boolean {
    const buf = this.buf;
    const end = this.end;
    let pos = this.msgStart;
    for (;;) {
      // Blank lines between messages carry nothing.
      if (pos >= end) break;
      const c = buf[pos];
      if (c === LF) pos++;
      else if (c === CR && pos + 1 < end && buf[pos + 1] === LF) pos += 2;
      else break;
    }
    this.msgStart = pos;
    this.lineStart = pos;
    // Nothing left, or a lone CR that the next read may turn into a blank line.
    if (pos >= end || (pos + 1 === end && buf[pos] === CR)) {
      this.scan = pos;
      return false;
    }
    // The first line matters only for the banner and `Response: Follows`; an event skips straight to the end search.
    const c0 = buf[pos];
    let from = pos;
    if (c0 === BANNER_PREFIX[0] || c0 === 0x52 || c0 === 0x72) {
      // A, R, r
      const nl = view.indexOf(LF, this.scan > pos ? this.scan : pos);
      if (nl === -1) {
        this.scan = end;
        return false;
      }
      const lineEnd = buf[nl - 1] === CR ? nl - 1 : nl;
      if (
        c0 === BANNER_PREFIX[0] &&
        lineEnd - pos >= BANNER_PREFIX.length &&
        buf.compare(BANNER_PREFIX, 0, BANNER_PREFIX.length, pos, pos + BANNER_PREFIX.length) === 0
      ) {
        this.pushFrame(bannerMessage(buf.toString('utf8', pos, lineEnd)), nl + 1);
        this.lineStart = this.scan = nl + 1;
        return true;
      }
      if (
        c0 !== BANNER_PREFIX[0] &&
        isFollowsLine(buf.toString('latin1', pos, Math.min(lineEnd, pos + LINE_PREFIX_BYTES)))
      ) {
        this.mode = 'follows-headers';
        this.linesInMessage = 1;
        this.lineStart = this.scan = nl + 1;
        return true;
      }
      from = nl;
    }
    // The message ends at the first empty line after its first line: an LF followed by LF or CR LF.
    let lfLf = this.nextLfLf;
    if (lfLf !== -1 && lfLf < from) lfLf = this.nextLfLf = view.indexOf(LF_LF, from);
    let lfCrLf = this.nextLfCrLf;
    if (lfCrLf !== -1 && lfCrLf < from) lfCrLf = this.nextLfCrLf = view.indexOf(LF_CRLF, from);
    let stop: number;
    if (lfCrLf !== -1 && (lfLf === -1 || lfCrLf < lfLf)) stop = lfCrLf + 3;
    else if (lfLf !== -1) stop = lfLf + 2;
    else {
      // Not complete yet: no line from here to the end is empty; go on line by line from the last partial line.
      this.linesInMessage = 1;
      this.lineStart = Math.max(pos, view.lastIndexOf(LF) + 1);
      this.scan = end;
      return false;
    }
    this.emit(stop);
    this.lineStart = this.scan = stop;
    return true;
  }

  private onLine(start: number, nl: number): void {
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
      else if (this.mode !== 'follows-output') this.emit(nl + 1);
      return;
    }
    if (this.linesInMessage === 0) {
      const head = this.buf.subarray(start, Math.min(lineEnd, start + LINE_PREFIX_BYTES));
      if (head.length >= BANNER_PREFIX.length && head.subarray(0, BANNER_PREFIX.length).equals(BANNER_PREFIX)) {
        const line = this.buf.toString('utf8', start, lineEnd);
        this.pushFrame(bannerMessage(line), nl + 1);
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

  private emit(endExclusive: number): void {
    if (endExclusive - this.msgStart > this.maxMessageBytes) {
      // Completed within one read, but still over the limit: the same rule as a message still growing.
      this.counters.oversizeMessages++;
      this.counters.discardedBytes += endExclusive - this.msgStart;
      this.frames?.push({ ok: false, fault: this.tooLong() });
      this.startMessage(endExclusive);
      return;
    }
    const text = this.buf.toString('utf8', this.msgStart, endExclusive);
    this.pushFrame(parseAmiMessage(text), endExclusive);
  }

  private pushFrame(message: AmiMessage, endExclusive: number): void {
    this.counters.messages++;
    if (this.messages !== null) this.messages.push(message);
    else
      this.frames?.push({ ok: true, message, offset: this.base + this.msgStart, length: endExclusive - this.msgStart });
    this.startMessage(endExclusive);
  }

  private startMessage(at: number): void {
    this.msgStart = at;
    this.linesInMessage = 0;
    this.mode = 'headers';
  }

  private checkSize(): void {
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
    this.frames?.push({ ok: false, fault: this.tooLong() });
    // The lines already seen are gone; whether the partial line is text decides if the next LF ends it.
    this.discardLineHasText = false;
    this.mode = 'discard';
    this.checkSize();
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
