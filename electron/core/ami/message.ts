// One AMI message as the framer delivers it: headers in wire order, repeated keys kept, values
// as strings (AMI has no types). Plain data so it can cross a thread or be stored as is.

export type AmiMessageKind = 'banner' | 'event' | 'response' | 'unknown';

export interface AmiMessage {
  kind: AmiMessageKind;
  /** Event name, the Response value (Success, Error, Follows, Goodbye), or the banner text. */
  name: string;
  /** Every `Key: value` line in order; keys exactly as sent. */
  fields: [string, string][];
  /** `Command` output lines, from either the old (`Response: Follows` ... `--END COMMAND--`) or the new (`Output:` lines) form. */
  output?: string[];
}

/** First value of a key, matched case-insensitively (Asterisk versions differ in case: "Uniqueid"/"UniqueID"). */
export function amiField(msg: AmiMessage, key: string): string | undefined {
  const k = key.toLowerCase();
  for (const [name, value] of msg.fields) if (name.toLowerCase() === k) return value;
  return undefined;
}

/** Every value of a repeated key, in order (ChanVariable, Output...). */
export function amiFields(msg: AmiMessage, key: string): string[] {
  const k = key.toLowerCase();
  const out: string[] = [];
  for (const [name, value] of msg.fields) if (name.toLowerCase() === k) out.push(value);
  return out;
}
