// Text of one framed AMI message -> AmiMessage. Pure; the framer decides where a message starts and
// ends, this decides what its lines mean. Values stay strings exactly as sent (no trim, no coercion).
import type { AmiMessage, AmiMessageKind } from '../message.ts';

/** Marker that closes the old (Asterisk <= 13) `Response: Follows` Command output. */
export const END_COMMAND_MARKER = '--END COMMAND--';
/** Headers Asterisk <= 13 writes between `Response: Follows` and the raw CLI text (`action_command`). */
const FOLLOWS_HEADER_RE = /^(?:privilege|actionid):/i;
const FOLLOWS_FIRST_LINE_RE = /^response:\s?follows\s*$/i;
const CR = 0x0d;
const SPACE = 0x20;

/** True when the first line opens an old-form Command answer whose body may contain blank lines. */
export function isFollowsLine(line: string): boolean {
  return FOLLOWS_FIRST_LINE_RE.test(line);
}

/** The banner line (`Asterisk Call Manager/11.0.0`) as a message of its own: its version is the AMI one. */
export function bannerMessage(line: string): AmiMessage {
  return { kind: 'banner', name: line, fields: [] };
}

/** `text` holds the message's lines (LF or CRLF line ends), without or with its closing blank line. */
export function parseAmiMessage(text: string): AmiMessage {
  // Only a first line starting with R/r can be `Response: Follows` (checked on the whole first line).
  const c0 = text.charCodeAt(0);
  if (c0 === 0x52 || c0 === 0x72) {
    const nl = text.indexOf('\n');
    if (isFollowsLine(stripCr(nl === -1 ? text : text.slice(0, nl)))) return parseFollowsMessage(text);
  }
  // Hot path (every event): one pass over the string, no split, no regex, no intermediate arrays.
  const fields: [string, string][] = [];
  let last: [string, string] | undefined;
  let hasOutput = false;
  const n = text.length;
  /** Next ':' at or after the current line's start, -1 when none is left: searched again only once passed, so linear. */
  let colon = -2;
  for (let pos = 0; pos < n;) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = n;
    const end = nl > pos && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    if (end > pos) {
      if (colon !== -1 && colon < pos) colon = text.indexOf(':', pos);
      if (colon === -1 || colon >= end) {
        const line = text.slice(pos, end);
        // A line without a key continues the previous value: pre-13.5 Asterisk sent CR/LF inside values unescaped.
        if (last !== undefined) last[1] += '\n' + line;
        else {
          last = [line, ''];
          fields.push(last);
        }
      } else {
        const key = text.slice(pos, colon);
        // `Key: value` with exactly one space after the colon (AMI spec); a value may itself contain ': '.
        const valueStart = colon + 1 < end && text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
        last = [key, text.slice(valueStart, end)];
        fields.push(last);
        if (key.length === 6 && !hasOutput && key.toLowerCase() === 'output') hasOutput = true;
      }
    }
    pos = nl + 1;
  }
  return finish(fields, undefined, hasOutput);
}

/** Old-form Command answer (Asterisk <= 13): headers, raw CLI text, `--END COMMAND--`, maybe more headers. Rare. */
function parseFollowsMessage(text: string): AmiMessage {
  const lines = text.split('\n').map(stripCr);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const fields: [string, string][] = [];
  const output: string[] = [];
  fields.push(splitField(lines[0] ?? ''));
  let i = 1;
  while (i < lines.length && FOLLOWS_HEADER_RE.test(lines[i] ?? '')) fields.push(splitField(lines[i++] ?? ''));
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.endsWith(END_COMMAND_MARKER)) {
      // The CLI text need not end in a newline, so the marker can share the last output line.
      const rest = line.slice(0, line.length - END_COMMAND_MARKER.length);
      if (rest !== '') output.push(rest);
      i++;
      break;
    }
    output.push(line);
  }
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const colon = line.indexOf(':');
    const last = fields[fields.length - 1];
    if (colon === -1 && last) {
      last[1] += '\n' + line;
      continue;
    }
    fields.push(splitField(line));
  }
  return finish(fields, output, false);
}

function finish(fields: [string, string][], oldOutput: string[] | undefined, hasOutput: boolean): AmiMessage {
  const first = fields[0];
  const kind = first === undefined ? 'unknown' : kindOf(first[0]);
  const msg: AmiMessage = { kind, name: first === undefined || kind === 'unknown' ? '' : first[1], fields };
  let output = oldOutput;
  if (output === undefined && hasOutput) {
    // New form (Asterisk >= 14): one `Output:` header per CLI line, the empty line as `Output: `.
    output = fields.filter(([k]) => k.toLowerCase() === 'output').map(([, v]) => v);
  }
  if (output !== undefined) msg.output = output;
  return msg;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** `Key: value` with exactly one space after the colon (AMI spec); a value may itself contain ': '. */
function splitField(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon === -1) return [line, ''];
  const value = line.slice(colon + 1);
  return [line.slice(0, colon), value.startsWith(' ') ? value.slice(1) : value];
}

function kindOf(key: string): AmiMessageKind {
  if (key === 'Event') return 'event';
  if (key === 'Response') return 'response';
  const k = key.toLowerCase();
  if (k === 'response') return 'response';
  if (k === 'event') return 'event';
  return 'unknown';
}
