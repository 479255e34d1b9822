// Where a message's media goes and with which codecs, read from its SDP body in the renderer
// (the core sends raw SIP only). Pure and forgiving: a body without SDP gives null, never a throw.
import type { SdpSummaryView } from '../../../../shared/contract.ts';

/** Media lines summarised; real offers have 1-4, past this the body is crafted and the rest is ignored. */
export const MAX_SDP_MEDIA = 16;

/** RFC 3551 static payload types seen in practice; dynamic ones are named by their a=rtpmap. */
const STATIC_PAYLOADS: Readonly<Record<string, string>> = {
  '0': 'PCMU',
  '3': 'GSM',
  '4': 'G723',
  '8': 'PCMA',
  '9': 'G722',
  '13': 'CN',
  '18': 'G729',
  '34': 'H263',
};

const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);
const DEFAULT_DIRECTION = 'sendrecv';

interface MediaDraft {
  type: string;
  port: number;
  proto: string;
  formats: string[];
  rtpmap: Map<string, string>;
  direction: string | null;
}

/** The SDP lines of a raw SIP message: the body after the blank line, or the application/sdp part of a multipart body. */
export function sdpLines(raw: string): string[] | null {
  const split = /\r?\n\r?\n/.exec(raw);
  if (!split) return null;
  const body = raw.slice(split.index + split[0].length);
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === 'v=0');
  if (start === -1) return null;
  const out: string[] = [];
  for (const line of lines.slice(start)) {
    // A multipart boundary ends the SDP part.
    if (line.startsWith('--')) break;
    if (/^[a-z]=/.test(line)) out.push(line);
  }
  return out;
}

function connectionAddress(value: string): string {
  // "IN IP4 192.0.2.1[/ttl]"
  const addr = value.trim().split(/\s+/)[2] ?? '';
  const slash = addr.indexOf('/');
  return slash === -1 ? addr : addr.slice(0, slash);
}

export function parseSdp(raw: string): SdpSummaryView | null {
  const lines = sdpLines(raw);
  if (!lines) return null;
  let sessionConnection = '';
  let sessionDirection: string | null = null;
  let firstMediaConnection = '';
  const media: MediaDraft[] = [];
  let current: MediaDraft | null = null;
  for (const line of lines) {
    const key = line[0];
    const value = line.slice(2);
    if (key === 'm') {
      if (media.length >= MAX_SDP_MEDIA) {
        current = null;
        continue;
      }
      const [type = '', port = '0', proto = '', ...formats] = value.trim().split(/\s+/);
      current = { type, port: Number.parseInt(port, 10) || 0, proto, formats, rtpmap: new Map(), direction: null };
      media.push(current);
    } else if (key === 'c') {
      if (current) firstMediaConnection ||= connectionAddress(value);
      else sessionConnection = connectionAddress(value);
    } else if (key === 'a') {
      const rtpmap = /^rtpmap:(\d+)\s+([^/\s]+)/.exec(value);
      if (rtpmap && current) current.rtpmap.set(rtpmap[1] as string, rtpmap[2] as string);
      else if (DIRECTIONS.has(value.trim())) {
        if (current) current.direction = value.trim();
        else sessionDirection = value.trim();
      }
    }
  }
  return {
    connection: sessionConnection || firstMediaConnection,
    media: media.map((m) => ({
      type: m.type,
      port: m.port,
      proto: m.proto,
      codecs: m.formats.map((f) => m.rtpmap.get(f) ?? STATIC_PAYLOADS[f] ?? f),
      direction: m.direction ?? sessionDirection ?? DEFAULT_DIRECTION,
    })),
  };
}
