// Where the values to mask sit in SIP text, and the rewrite that replaces them while keeping the
// message parseable: IP addresses anywhere, user parts of sip:/sips:/tel: URIs, display names of
// address headers, digest parameters of the auth headers, addresses on SDP lines; Content-Length
// follows the body when its length changes. What replaces a value is the Masker's business
// (redact.ts); this file only finds values. Pure.
import { canonicalHeaderName } from '../sip/headers/names.ts';
import { canonicalIp } from './redact-masks.ts';
import type { AppliedRedaction } from './model.ts';

export interface Masker {
  /** Replacement for an address (canonical text); `kind` says which option asked for it. */
  ip(canonical: string, kind: 'ip' | 'sdp'): string;
  /** Replacement for a user part, phone number or display name. */
  user(original: string): string;
  /** Replacement for one auth parameter as written (`nonce="abc"`); returns the whole new parameter. */
  authParam(name: string, original: string): string;
  /** Replacement for a run of digits that is a phone number already known from a URI or display name; null leaves it. */
  knownNumber(token: string): string | null;
}

/** What replaces a removed credential: visible, and no SIP parser mistakes it for a value. */
export const REMOVED = '[removed]';

/**
 * IPv6 (group 1, validated afterwards) or IPv4 (group 2) with boundaries that keep ports, versions
 * and hex words out: an address is not glued to letters, digits, dots or (IPv6) colons.
 */
const IP_RE =
  /(?<![0-9A-Za-z.:])((?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?)(?![0-9A-Za-z.:])|(?<![0-9A-Za-z.])(\d{1,3}(?:\.\d{1,3}){3})(?![0-9A-Za-z]|\.\d)/g;
const UNSPECIFIED = new Set(['0.0.0.0', '::']);

/**
 * sip:/sips: user part (group 2, up to '@', user parameters included) with an optional password
 * (group 3), or the number of a tel: URI (group 5). Stops at anything that cannot be in a URI.
 */
const URI_USER_RE =
  /(?<![A-Za-z0-9+.-])(sips?):([^@\s<>"',?:]+)(:[^@\s<>"',?]*)?(?=@)|(?<![A-Za-z0-9+.-])(tel):(\+?[0-9A-Fa-f*#().-]+)/gi;

/**
 * A run of digits outside a URI (a Call-ID, an X- header, a charging vector, a body) that may be a
 * number already masked elsewhere. Six digits at least: shorter runs are ports, CSeq numbers,
 * status codes and extensions, and replacing those would break the message.
 */
export const MIN_NUMBER_SWEEP_DIGITS = 6;
const DIGIT_RUN_RE = new RegExp(`(?<![0-9])\\+?[0-9]{${MIN_NUMBER_SWEEP_DIGITS},}(?![0-9])`, 'g');

/** Headers whose values are name-addr lists, where a display name ("Alice" <sip:...>) may name the person. */
const ADDRESS_HEADERS = new Set([
  'from',
  'to',
  'contact',
  'p-asserted-identity',
  'p-preferred-identity',
  'remote-party-id',
  'diversion',
  'refer-to',
  'referred-by',
  'history-info',
  'p-called-party-id',
  'reply-to',
  'p-associated-uri',
]);
const AUTH_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'www-authenticate',
  'proxy-authenticate',
  'authentication-info',
  'proxy-authentication-info',
]);
/** Digest parameters that say how, not who or with what secret: kept so a ticket can still show an algorithm mismatch. */
const AUTH_PARAMS_KEPT = new Set(['algorithm', 'qop', 'stale', 'nc']);

const QUOTED_DISPLAY_RE = /"((?:[^"\\\r\n]|\\.)*)"(?=\s*<)/g;
const TOKEN_DISPLAY_RE = /(^|,)(\s*)([^",<>;\s](?:[^",<>;]*[^",<>;\s])?)(?=\s*<)/g;
const AUTH_PARAM_RE = /([A-Za-z][A-Za-z0-9_-]*)(\s*=\s*)("(?:[^"\\]|\\.)*"|[^\s,"]+)/g;
const DIGEST_USERNAME_RE = /(\busername\s*=\s*)"((?:[^"\\]|\\.)*)"/gi;
const HEADER_NAME_RE = /^([^:\s]+)[ \t]*:/;
const SDP_LINE_RE = /^[a-z]=/;
/** o=<username> <sess-id> ...: the username unless it is the "no user" dash. */
const SDP_ORIGIN_USER_RE = /^o=([^\s-][^\s]*|-[^\s]+) /;

/** IP addresses and URI users in free text (a header value, a Call-ID, a reason): the options that apply to any text. */
export function redactText(text: string, opts: AppliedRedaction, masker: Masker): string {
  let out = text;
  if (opts.numbers) out = maskNumbers(out, masker, opts);
  else if (opts.auth) out = out.replace(URI_USER_RE, (...m: string[]) => dropPassword(m, masker));
  if (opts.ips) out = replaceIps(out, masker, 'ip');
  return out;
}

/** URI users first, then any other mention of a number those URIs (or display names) revealed. */
function maskNumbers(text: string, masker: Masker, opts: AppliedRedaction): string {
  return text
    .replace(URI_USER_RE, (...m: string[]) => uriUser(m, masker, opts))
    .replace(DIGIT_RUN_RE, (t) => masker.knownNumber(t) ?? t);
}

function uriUser(m: string[], masker: Masker, opts: AppliedRedaction): string {
  const [whole = '', sipScheme, user, password, telScheme, number] = m;
  if (telScheme !== undefined && number !== undefined) return `${telScheme}:${masker.user(number)}`;
  if (sipScheme === undefined || user === undefined) return whole;
  if (password !== undefined && opts.auth) masker.authParam('password', password.slice(1)); // without its ':'
  // A password in the URI (sip:alice:secret@host) is dropped, never carried into the export.
  return `${sipScheme}:${masker.user(user)}`;
}

function dropPassword(m: string[], masker: Masker): string {
  const [whole = '', sipScheme, user, password] = m;
  if (sipScheme === undefined || user === undefined || password === undefined) return whole;
  masker.authParam('password', password.slice(1)); // without its ':'
  return `${sipScheme}:${user}`;
}

export function replaceIps(text: string, masker: Masker, kind: 'ip' | 'sdp'): string {
  if (text.indexOf('.') === -1 && text.indexOf(':') === -1) return text;
  return text.replace(IP_RE, (whole: string, v6: string | undefined, v4: string | undefined) => {
    if (v4 !== undefined) {
      const canonical = canonicalIp(v4)?.canonical;
      return canonical === undefined || UNSPECIFIED.has(canonical) ? whole : masker.ip(canonical, kind);
    }
    if (v6 === undefined) return whole;
    const canonical = canonicalIp(v6)?.canonical;
    if (canonical === undefined || UNSPECIFIED.has(canonical)) return whole;
    // IPv4-mapped (::ffff:a.b.c.d): mask the IPv4 inside so it matches the same host written plainly.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(canonical);
    if (mapped?.[1] !== undefined) {
      const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
      return tail?.[1] !== undefined ? v6.slice(0, v6.length - tail[1].length) + masker.ip(mapped[1], kind) : whole;
    }
    return masker.ip(canonical, kind);
  });
}

/**
 * The whole message: start line, headers, body, and Content-Length when the body's length changed.
 * Header-specific rewrites (auth parameters, display names) go line by line; the rewrites that
 * apply to any text (URIs, numbers, addresses) then run once over the whole header block, which
 * is the same result (none of their patterns spans a line break) at a fraction of the calls.
 */
export function redactSipText(
  raw: string,
  opts: AppliedRedaction,
  masker: Masker,
  byteLength: (s: string) => number,
): string {
  const split = splitHeadBody(raw);
  let head = opts.auth || opts.numbers ? rewriteHeaders(split.head, opts, masker) : split.head;
  head = redactText(head, opts, masker);
  if (split.body === null) return head;
  const body = redactBody(split.body, opts, masker);
  if (body !== split.body) head = fixContentLength(head, byteLength(split.body), byteLength(body));
  return head + split.separator + body;
}

/** Auth and address headers rewritten in place; every other line (and every line break) kept as it was. */
function rewriteHeaders(head: string, opts: AppliedRedaction, masker: Masker): string {
  const lines = head.split(/(\r?\n)/);
  // Lines alternate text, break, text...; a line starting with blank continues the previous header.
  const out: string[] = [lines[0] ?? ''];
  for (let i = 2; i < lines.length; i += 2) {
    const line = lines[i] ?? '';
    if (/^[ \t]/.test(line) && out.length > 1) {
      out[out.length - 1] += (lines[i - 1] ?? '') + line;
      continue;
    }
    out.push(lines[i - 1] ?? '', line);
  }
  for (let n = 2; n < out.length; n += 2) out[n] = redactHeader(out[n] as string, opts, masker);
  return out.join('');
}

function splitHeadBody(raw: string): { head: string; separator: string; body: string | null } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf))
    return { head: raw.slice(0, crlf), separator: '\r\n\r\n', body: raw.slice(crlf + 4) };
  if (lf !== -1) return { head: raw.slice(0, lf), separator: '\n\n', body: raw.slice(lf + 2) };
  return { head: raw, separator: '', body: null };
}

/** The first Content-Length header (long or compact form), its number in group 2. */
const CONTENT_LENGTH_RE = /^((?:content-length|l)[ \t]*:[ \t]*)(\d+)/im;

/**
 * The new length where the old one was; when the old value did not match the old body (a sender's
 * bug the ticket may be about) the same difference is kept.
 */
function fixContentLength(head: string, oldBody: number, newBody: number): string {
  return head.replace(CONTENT_LENGTH_RE, (_w, lead: string, digits: string) => {
    const declared = Number(digits);
    return `${lead}${declared === oldBody ? newBody : Math.max(0, declared + newBody - oldBody)}`;
  });
}

/** The header-specific part of the redaction; the generic part runs over the whole block afterwards. */
function redactHeader(header: string, opts: AppliedRedaction, masker: Masker): string {
  const name = HEADER_NAME_RE.exec(header);
  if (!name?.[1]) return header;
  const canonical = canonicalHeaderName(name[1]);
  if (!AUTH_HEADERS.has(canonical) && !ADDRESS_HEADERS.has(canonical)) return header;
  const prefix = header.slice(0, name[0].length);
  let value = header.slice(name[0].length);
  if (AUTH_HEADERS.has(canonical)) {
    if (opts.auth) value = stripAuth(value, masker);
    else if (opts.numbers)
      value = value.replace(DIGEST_USERNAME_RE, (_w, lead: string, user: string) => `${lead}"${masker.user(user)}"`);
  }
  if (opts.numbers && ADDRESS_HEADERS.has(canonical)) value = maskDisplayNames(value, masker);
  return prefix + value;
}

/** Every digest parameter's value except the kept ones becomes "[removed]"; a scheme without parameters (Basic) loses its credentials. */
function stripAuth(value: string, masker: Masker): string {
  const scheme = /^(\s*)([A-Za-z][A-Za-z0-9_-]*)(\s+)(.*)$/s.exec(value);
  if (!scheme) return value;
  const [, lead = '', schemeName = '', gap = '', params = ''] = scheme;
  if (!params.includes('=') || /^[A-Za-z0-9+/._~-]+=*\s*$/.test(params)) {
    return params.trim() === '' ? value : `${lead}${schemeName}${gap}${masker.authParam('', params.trim())}`;
  }
  const rewritten = params.replace(AUTH_PARAM_RE, (whole: string, param: string) =>
    AUTH_PARAMS_KEPT.has(param.toLowerCase()) ? whole : masker.authParam(param, whole),
  );
  return `${lead}${schemeName}${gap}${rewritten}`;
}

function maskDisplayNames(value: string, masker: Masker): string {
  const quoted = value.replace(QUOTED_DISPLAY_RE, (whole: string, display: string) =>
    display.trim() === '' ? whole : `"${masker.user(display)}"`,
  );
  return quoted.replace(
    TOKEN_DISPLAY_RE,
    (_w, sep: string, space: string, display: string) => `${sep}${space}${masker.user(display)}`,
  );
}

/** URI users anywhere in the body (XML bodies carry them too); addresses on SDP lines as `sdp`, elsewhere as `ip`. */
function redactBody(body: string, opts: AppliedRedaction, masker: Masker): string {
  const out = opts.numbers ? maskNumbers(body, masker, opts) : body;
  if (!opts.ips && !opts.sdp && !opts.numbers) return out;
  const isSdp = /^v=0\r?$/m.test(out);
  const parts = out.split(/(\r?\n)/);
  for (let i = 0; i < parts.length; i += 2) {
    const line = parts[i] ?? '';
    const sdpLine = isSdp && SDP_LINE_RE.test(line);
    let next = line;
    // The origin's username is often the caller's name or number (o=alice ..., o=+15551234567 ...).
    if (sdpLine && opts.numbers)
      next = next.replace(SDP_ORIGIN_USER_RE, (_w, user: string) => `o=${masker.user(user)} `);
    if (sdpLine && opts.sdp) next = replaceIps(next, masker, 'sdp');
    else if (opts.ips) next = replaceIps(next, masker, 'ip');
    parts[i] = next;
  }
  return parts.join('');
}
