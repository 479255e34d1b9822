// SIP over a stream (TCP/TLS, RFC 3261 §18.3): messages are cut by the blank line after the headers
// plus Content-Length. Given the bytes buffered so far, returns each complete message and the rest.

/** Header section size accepted without finding its end: Kamailio's and sngrep's message buffers are 64 KiB. */
export const MAX_SIP_HEADER_BYTES = 64 * 1024;
/** Body size accepted: four times the largest UDP message, room for big MESSAGE/NOTIFY bodies. */
export const MAX_SIP_BODY_BYTES = 256 * 1024;

export type SipSplitErrorCode = 'headers_too_large' | 'bad_content_length' | 'body_too_large';

export type SipSplitResult =
  | { ok: true; messages: Buffer[]; rest: Buffer }
  /** The stream cannot be resynchronised (the caller closes it); messages cut before the fault are kept. */
  | { ok: false; error: { code: SipSplitErrorCode; message: string }; messages: Buffer[]; rest: Buffer };

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');
const CONTENT_LENGTH_RE = /(?:^|\n)[ \t]*(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/gi;

/** Messages are views into `buf` (no copies); `rest` is the unfinished tail to prepend to the next read. */
export function splitSipStream(buf: Buffer): SipSplitResult {
  const messages: Buffer[] = [];
  let off = 0;
  for (;;) {
    // CRLF keep-alives between messages (RFC 5626 §3.5.1 "ping"/"pong") carry nothing.
    while (off < buf.length && (buf[off] === 13 || buf[off] === 10)) off++;
    if (off >= buf.length) return { ok: true, messages, rest: buf.subarray(buf.length) };

    const searchEnd = Math.min(buf.length, off + MAX_SIP_HEADER_BYTES + 4);
    const window = buf.subarray(off, searchEnd);
    let headEnd = window.indexOf(CRLFCRLF);
    let sepLen = 4;
    const lf = window.indexOf(LFLF);
    if (lf !== -1 && (headEnd === -1 || lf < headEnd)) {
      headEnd = lf;
      sepLen = 2;
    }
    if (headEnd === -1) {
      if (buf.length - off > MAX_SIP_HEADER_BYTES) {
        return fail('headers_too_large', `no end of headers within ${MAX_SIP_HEADER_BYTES} bytes`, messages, buf, off);
      }
      return { ok: true, messages, rest: buf.subarray(off) };
    }

    const head = buf.toString('latin1', off, off + headEnd);
    let length: number | undefined;
    CONTENT_LENGTH_RE.lastIndex = 0;
    for (let m = CONTENT_LENGTH_RE.exec(head); m; m = CONTENT_LENGTH_RE.exec(head)) {
      const text = (m[1] ?? '').trim();
      if (!/^\d{1,10}$/.test(text))
        return fail('bad_content_length', `Content-Length "${text.slice(0, 20)}"`, messages, buf, off);
      const n = Number(text);
      if (length !== undefined && length !== n) {
        return fail('bad_content_length', `two different Content-Lengths (${length}, ${n})`, messages, buf, off);
      }
      length = n;
    }
    // Mandatory on streams (§18.3); a message without it is taken as having no body.
    const bodyLen = length ?? 0;
    if (bodyLen > MAX_SIP_BODY_BYTES) {
      return fail('body_too_large', `Content-Length ${bodyLen} exceeds ${MAX_SIP_BODY_BYTES}`, messages, buf, off);
    }
    const end = off + headEnd + sepLen + bodyLen;
    if (end > buf.length) return { ok: true, messages, rest: buf.subarray(off) };
    messages.push(buf.subarray(off, end));
    off = end;
  }
}

function fail(code: SipSplitErrorCode, message: string, messages: Buffer[], buf: Buffer, off: number): SipSplitResult {
  return { ok: false, error: { code, message }, messages, rest: buf.subarray(off) };
}
