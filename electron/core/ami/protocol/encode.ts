// Action encoding: `Action: X`, `ActionID: id`, then the fields in the order given, then the empty
// line. Every key and value we send is cleaned first: a CR or LF inside a value (a channel name or
// pause reason typed by a user, a secret pasted with its newline) would end the header early and let
// the rest be read as new headers or whole new actions (header injection).

/**
 * Asterisk reads an action line into `inbuf[1025]`; a longer line is answered "Failed to parse
 * message: line too long" and the action is lost, so we refuse it here with a clear error instead.
 */
export const AMI_MAX_LINE_BYTES = 1024;
/** `AST_MAX_MANHEADERS`: Asterisk drops a message with more header lines ("Too many lines in message"). */
export const AMI_MAX_HEADER_LINES = 128;

export type AmiActionFields =
  Record<string, string | number | boolean | readonly string[]> | readonly (readonly [string, string])[];

export type AmiEncodeResult =
  | { ok: true; text: string }
  | { ok: false; error: { code: 'line_too_long' | 'too_many_lines' | 'bad_action'; message: string } };

/** Removes every CR and LF (and, in keys, the colon) so a value can never start a new header. */
export function cleanAmiValue(value: string): string {
  return value.replace(/[\r\n]/g, '');
}

function cleanKey(key: string): string {
  return key.replace(/[\r\n:]/g, '').trim();
}

/** Fields as ordered pairs; arrays become repeated keys (`Variable: a=1`, `Variable: b=2`). */
export function amiFieldPairs(fields: AmiActionFields = {}): [string, string][] {
  if (Array.isArray(fields)) return (fields as readonly (readonly [string, string])[]).map(([k, v]) => [k, v]);
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(fields as Record<string, string | number | boolean | readonly string[]>)) {
    if (Array.isArray(value)) for (const v of value as readonly string[]) out.push([key, v]);
    else out.push([key, String(value)]);
  }
  return out;
}

export function encodeAmiAction(action: string, actionId: string, fields: AmiActionFields = {}): AmiEncodeResult {
  const name = cleanKey(action);
  if (name === '') return { ok: false, error: { code: 'bad_action', message: 'empty action name' } };
  const lines = [`Action: ${name}`, `ActionID: ${cleanAmiValue(actionId)}`];
  for (const [key, value] of amiFieldPairs(fields)) {
    const k = cleanKey(key);
    if (k === '' || k.toLowerCase() === 'action' || k.toLowerCase() === 'actionid') continue;
    lines.push(`${k}: ${cleanAmiValue(value)}`);
  }
  if (lines.length > AMI_MAX_HEADER_LINES) {
    return {
      ok: false,
      error: {
        code: 'too_many_lines',
        message: `${name}: ${lines.length} header lines, Asterisk accepts ${AMI_MAX_HEADER_LINES}`,
      },
    };
  }
  for (const line of lines) {
    // Only the key is named: the value may be a secret.
    if (Buffer.byteLength(line) + 2 > AMI_MAX_LINE_BYTES) {
      const key = line.slice(0, line.indexOf(':'));
      return {
        ok: false,
        error: {
          code: 'line_too_long',
          message: `${name}: the ${key} line is longer than ${AMI_MAX_LINE_BYTES} bytes`,
        },
      };
    }
  }
  return { ok: true, text: lines.join('\r\n') + '\r\n\r\n' };
}
