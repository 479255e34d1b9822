// What each redaction checkbox masks, worded for the person deciding what may leave the building.
import type { RedactOptions, RedactionPreviewItem } from '../../../../shared/contract.ts';

export type RedactKey = keyof RedactOptions;

export interface RedactChoice {
  key: RedactKey;
  kind: RedactionPreviewItem['kind'];
  label: string;
  /** Where the values are found. */
  hint: string;
  /** The same, inside a sentence ("Masked: numbers and users, IP addresses"). */
  phrase: string;
}

export const REDACT_CHOICES: readonly RedactChoice[] = [
  {
    key: 'numbers',
    kind: 'number',
    label: 'Phone numbers and users',
    hint: 'From, To, Contact, request URI, PAI, Diversion',
    phrase: 'numbers and users',
  },
  {
    key: 'ips',
    kind: 'ip',
    label: 'IP addresses',
    hint: 'Headers, bodies and the packet headers of a pcap',
    phrase: 'IP addresses',
  },
  {
    key: 'auth',
    kind: 'auth',
    label: 'Credentials',
    hint: 'Digest Authorization and challenge fields, URI passwords',
    phrase: 'credentials',
  },
  {
    key: 'sdp',
    kind: 'sdp',
    label: 'SDP media addresses',
    hint: 'Connection (c=) and origin (o=) lines',
    phrase: 'SDP addresses',
  },
];

export const KIND_LABELS: Record<RedactionPreviewItem['kind'], string> = {
  number: 'Number',
  ip: 'IP address',
  auth: 'Credential',
  sdp: 'SDP address',
};

/** A ticket leaves the building: everything is masked unless the user unticks it. */
export const DEFAULT_REDACT: Required<RedactOptions> = { numbers: true, ips: true, auth: true, sdp: true };

export function anyRedaction(redact: RedactOptions): boolean {
  return REDACT_CHOICES.some((c) => redact[c.key] === true);
}
