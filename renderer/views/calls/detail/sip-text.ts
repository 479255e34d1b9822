// Splits a raw SIP message into typed lines for the highlighted view: start line, header name and
// value, the blank separator, SDP lines (type letter and value), and any other body text. Pure.

export type SipLine =
  | { kind: 'start'; text: string }
  | { kind: 'header'; name: string; value: string }
  /** A folded header continuation (leading whitespace). */
  | { kind: 'continuation'; text: string }
  | { kind: 'blank' }
  | { kind: 'sdp'; key: string; value: string }
  | { kind: 'body'; text: string };

/** Lines rendered for one message: a 64 KiB SIP message is about 1,000 lines; more is not a SIP message. */
export const MAX_SIP_LINES = 2000;

export function sipLines(raw: string): SipLine[] {
  const lines = raw
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .slice(0, MAX_SIP_LINES);
  const out: SipLine[] = [];
  let inBody = false;
  lines.forEach((line, i) => {
    if (i === 0) {
      out.push({ kind: 'start', text: line });
      return;
    }
    if (!inBody && line === '') {
      inBody = true;
      out.push({ kind: 'blank' });
      return;
    }
    if (!inBody) {
      if (/^[ \t]/.test(line)) {
        out.push({ kind: 'continuation', text: line });
        return;
      }
      const colon = line.indexOf(':');
      if (colon > 0) out.push({ kind: 'header', name: line.slice(0, colon), value: line.slice(colon + 1) });
      else out.push({ kind: 'body', text: line });
      return;
    }
    if (/^[a-z]=/.test(line)) out.push({ kind: 'sdp', key: line.slice(0, 1), value: line.slice(2) });
    else out.push({ kind: 'body', text: line });
  });
  return out;
}
