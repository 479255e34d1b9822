// Content-Type (RFC 3261 §20.15): media type plus parameters (multipart bodies carry a boundary).
import { parseParams, type SipParams } from './params.ts';

export interface ContentType {
  /** Lowercase `type/subtype`, e.g. application/sdp. */
  mediaType: string;
  params: SipParams;
}

export function parseContentType(value: string): ContentType {
  const semi = value.indexOf(';');
  const mediaType = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  return { mediaType, params: parseParams(value, semi === -1 ? value.length : semi) };
}
