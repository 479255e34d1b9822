// Text of one framed AMI message -> AmiMessage. Pure; the framer decides where a message starts and
// ends, this decides what its lines mean. Values stay strings exactly as sent (no trim, no coercion).
import type { AmiMessage, AmiMessageKind } from '../message.ts';

/** Marker that closes the old (Asterisk <= 13) `Response: Follows` Command output. */
export const END_COMMAND_MARKER = '--END COMMAND--';
/** Headers Asterisk <= 13 writes between `Response: Follows` and the raw CLI text (`action_command`). */
const FOLLOWS_HEADER_RE = /^(?:privilege|actionid):/i;
const FOLLOWS_FIRST_LINE_RE = /^response:\s?follows\s*$/i;

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
  const lines = text.split('\n').map(stripCr);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const fields: [string, string][] = [];
  let output: string[] | undefined;
  let i = 0;
  const first = lines[0] ?? '';
  if (isFollowsLine(first)) {
    fields.push(splitField(first));
    i = 1;
    while (i < lines.length && FOLLOWS_HEADER_RE.test(lines[i] ?? '')) fields.push(splitField(lines[i++] ?? ''));
    output = [];
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
  }
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const colon = line.indexOf(':');
    const last = fields[fields.length - 1];
    if (colon === -1 && last) {
      // A line without a key continues the previous value: pre-13.5 Asterisk sent CR/LF inside values unescaped.
      last[1] += '\n' + line;
      continue;
    }
    fields.push(splitField(line));
  }

  const [firstKey, firstValue] = fields[0] ?? ['', ''];
  const kind = kindOf(firstKey);
  const msg: AmiMessage = { kind, name: kind === 'unknown' ? '' : firstValue, fields };
  if (output === undefined) {
    // New form (Asterisk >= 14): one `Output:` header per CLI line, the empty line as `Output: `.
    const outputs = fields.filter(([k]) => k.toLowerCase() === 'output').map(([, v]) => v);
    if (outputs.length > 0) output = outputs;
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
  const k = key.toLowerCase();
  if (k === 'response') return 'response';
  if (k === 'event') return 'event';
  return 'unknown';
}
