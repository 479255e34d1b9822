// SDP summary (RFC 8866): where media goes and with which codecs, enough for a calls list and
// a ladder diagram. Never throws; an SDP without a single usable line yields an empty summary.

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface SdpMedia {
  /** audio, video, image (T.38), application, ... */
  type: string;
  /** 0 means the stream is rejected or disabled. */
  port: number;
  /** RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, udptl, ... */
  proto: string;
  /** Codec names in the order offered: rtpmap names, static RTP payload names, or the raw formats. */
  codecs: string[];
  direction: SdpDirection;
  /** Media-level c= address, when the media line has its own. */
  connection?: string;
}

export interface SdpSummary {
  /** Session-level c= address, else the first media-level one, else ''. */
  connection: string;
  media: SdpMedia[];
  sessionDirection: SdpDirection;
}

/**
 * Media lines summarised. Real offers have 1-4 (audio, video, T.38, BFCP); past 16 the body is
 * crafted, and the rest is ignored so one message cannot cost unbounded work.
 */
export const MAX_SDP_MEDIA = 16;

/** RFC 3551 static payload types (table 4 and 5). */
const STATIC_PAYLOADS: Record<string, string> = {
  '0': 'PCMU',
  '3': 'GSM',
  '4': 'G723',
  '5': 'DVI4',
  '6': 'DVI4',
  '7': 'LPC',
  '8': 'PCMA',
  '9': 'G722',
  '10': 'L16',
  '11': 'L16',
  '12': 'QCELP',
  '13': 'CN',
  '14': 'MPA',
  '15': 'G728',
  '16': 'DVI4',
  '17': 'DVI4',
  '18': 'G729',
  '25': 'CelB',
  '26': 'JPEG',
  '28': 'nv',
  '31': 'H261',
  '32': 'MPV',
  '33': 'MP2T',
  '34': 'H263',
};

const DIRECTIONS = new Set<string>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/** Space-separated fields of an SDP value (RFC 8866 uses single spaces; runs of blanks are tolerated). */
function fields(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    while (i < n && (value.charCodeAt(i) === 32 || value.charCodeAt(i) === 9)) i++;
    const start = i;
    while (i < n && value.charCodeAt(i) !== 32 && value.charCodeAt(i) !== 9) i++;
    if (i > start) out.push(value.slice(start, i));
  }
  return out;
}

/** Address of a c= value `IN IP4 192.0.2.1[/ttl[/n]]`. */
function connectionAddress(value: string): string {
  const addr = fields(value)[2] ?? '';
  const slash = addr.indexOf('/');
  return slash === -1 ? addr : addr.slice(0, slash);
}

interface MediaDraft {
  type: string;
  port: number;
  proto: string;
  formats: string[];
  rtpmap: Map<string, string>;
  direction?: SdpDirection;
  connection?: string;
}

export function parseSdp(body: Buffer | string): SdpSummary {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let sessionConnection = '';
  let sessionDirection: SdpDirection | undefined;
  const drafts: MediaDraft[] = [];
  let current: MediaDraft | null = null;
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    const lineEnd = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const kind = text[start];
    const isField = text[start + 1] === '=';
    const value = isField ? text.slice(start + 2, lineEnd) : '';
    start = nl + 1;
    if (!isField) continue;
    if (kind === 'm') {
      if (drafts.length >= MAX_SDP_MEDIA) {
        current = null;
        continue;
      }
      const parts = fields(value);
      const portText = (parts[1] ?? '').split('/')[0] ?? ''; // port/number-of-ports
      current = {
        type: parts[0] ?? '',
        port: /^\d{1,5}$/.test(portText) ? Number(portText) : 0,
        proto: parts[2] ?? '',
        formats: parts.slice(3),
        rtpmap: new Map(),
      };
      drafts.push(current);
    } else if (kind === 'c') {
      const addr = connectionAddress(value);
      if (current) current.connection = addr;
      else if (drafts.length === 0) sessionConnection = addr;
    } else if (kind === 'a') {
      const attr = value.trim();
      if (DIRECTIONS.has(attr)) {
        const dir = attr as SdpDirection;
        if (current) current.direction = dir;
        else if (drafts.length === 0) sessionDirection = dir;
      } else if (current && value.startsWith('rtpmap:')) {
        const sp = value.indexOf(' ');
        if (sp !== -1) {
          const pt = value.slice(7, sp).trim();
          const enc = value.slice(sp + 1).trim();
          const slash = enc.indexOf('/');
          current.rtpmap.set(pt, slash === -1 ? enc : enc.slice(0, slash));
        }
      }
    }
  }
  const session = sessionDirection ?? 'sendrecv';
  const media: SdpMedia[] = drafts.map((d) => {
    const m: SdpMedia = {
      type: d.type,
      port: d.port,
      proto: d.proto,
      codecs: d.formats.map((f) => d.rtpmap.get(f) ?? STATIC_PAYLOADS[f] ?? f),
      direction: d.direction ?? session,
    };
    if (d.connection !== undefined) m.connection = d.connection;
    return m;
  });
  const connection = sessionConnection || media.find((m) => m.connection)?.connection || '';
  return { connection, media, sessionDirection: session };
}
