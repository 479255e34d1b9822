// Redaction for one export: chosen per export, consistent within it (the same number or address
// always gets the same mask), applied to the raw SIP and to every stored field the formats write
// (call and message metadata, the pcap's packet headers), so no original survives in any format.
//
// Two passes: `observe` every call and message first (learns every value, so masks can be handed
// out in order of first appearance and never collide with a real value, and counts them for the
// preview), then `message`/`call`/`text` rewrite. Pure: no I/O, no clock.
//
// Masks (documented in BUNDLE-FORMAT.md as well):
//   numbers  phone-number user parts -> digits of the same length (+ kept): +15551234567 -> +00000000001,
//            and the same number wherever else its digits appear (6 digits or more: Call-ID, X- headers, bodies);
//            other user parts, display names, SDP o= usernames, digest usernames -> user-0001, user-0002, ...
//            (a name is masked where SIP puts a user; the same word in free text, e.g. a User-Agent, stays)
//   ips      IPv4 -> 192.0.2.x, 198.51.100.x, 203.0.113.x, then 198.18.0.0/15; IPv6 -> 2001:db8::x
//   sdp      addresses on SDP lines (c=, o=, a=rtcp, candidates), same address map as `ips`
//   auth     digest parameters of (Proxy-)Authorization, WWW-/Proxy-Authenticate and *-Authentication-Info
//            become name="[removed]" (algorithm, qop, stale, nc are kept); Basic credentials -> [removed]
import type { CallSummary, RedactionPreviewItem, RedactOptions } from '../../../shared/domain.ts';
import { isUtf8 } from 'node:buffer';
import type { AppliedRedaction, ExportMessage } from './model.ts';
import { canonicalIp, ipv4Mask, ipv6Mask, isPhoneNumber, MaskTable, nameMask, numberMask } from './redact-masks.ts';
import { MIN_NUMBER_SWEEP_DIGITS, redactSipText, redactText, REMOVED, type Masker } from './redact-sip.ts';

/**
 * Preview rows returned at most: the UI lists them for a human to check, and a capture full of
 * digest challenges has one nonce per message. The most frequent of each kind come first.
 */
export const MAX_PREVIEW_ITEMS = 1000;

const KIND_ORDER: Record<RedactionPreviewItem['kind'], number> = { number: 0, ip: 1, sdp: 2, auth: 3 };

export function appliedRedaction(opts: RedactOptions | undefined): AppliedRedaction {
  return {
    numbers: opts?.numbers === true,
    ips: opts?.ips === true,
    auth: opts?.auth === true,
    sdp: opts?.sdp === true,
  };
}

export class Redactor {
  readonly applied: AppliedRedaction;
  readonly active: boolean;
  private sealed = false;
  /** Originals in order of first appearance (Sets keep insertion order). */
  private readonly ipOriginals = new Set<string>();
  private readonly userOriginals = new Set<string>();
  private readonly seen = new Map<string, RedactionPreviewItem>();
  /** Phone numbers met in URIs and display names, by their digits, for mentions elsewhere (a Call-ID, an X- header). */
  private readonly numbersByDigits = new Map<string, string>();
  private readonly ipMasks = new MaskTable(
    (original, n) => (original.includes(':') ? ipv6Mask(n) : ipv4Mask(n)),
    (original) => (original.includes(':') ? '6' : '4'),
  );
  private readonly userMasks = new MaskTable(
    (original, n) => (isPhoneNumber(original) ? numberMask(original, n) : nameMask(n)),
    (original) => (isPhoneNumber(original) ? 'number' : 'name'),
  );

  private readonly observer: Masker = {
    ip: (canonical, kind) => {
      this.count(kind, canonical, '');
      this.ipOriginals.add(canonical);
      return canonical;
    },
    user: (original) => {
      this.count('number', original, '');
      this.userOriginals.add(original);
      return original;
    },
    authParam: (name, original) => {
      this.count('auth', original, removedParam(name));
      return original;
    },
    knownNumber: () => null,
  };

  private readonly rewriter: Masker = {
    ip: (canonical) => this.ipMasks.maskOf(canonical, this.ipOriginals),
    user: (original) => this.userMasks.maskOf(original, this.userOriginals),
    authParam: (name) => removedParam(name),
    knownNumber: (token) => {
      const original = this.numbersByDigits.get(token.replace(/^\+/, ''));
      if (original === undefined) return null;
      const digits = this.userMasks.maskOf(original, this.userOriginals).replace(/^\+/, '');
      return token.startsWith('+') ? `+${digits}` : digits;
    },
  };

  constructor(opts: RedactOptions | undefined) {
    this.applied = appliedRedaction(opts);
    this.active = this.applied.numbers || this.applied.ips || this.applied.auth || this.applied.sdp;
  }

  /** First pass: learn the values of one message. */
  observeMessage(m: ExportMessage): void {
    if (!this.active) return;
    this.rewriteMessage(m, this.observer, false);
  }

  observeCall(c: CallSummary): void {
    if (!this.active) return;
    this.rewriteCall(c, this.observer);
  }

  /** Second pass: the message with every chosen value masked (the same object when nothing is chosen). */
  message(m: ExportMessage): ExportMessage {
    if (!this.active) return m;
    this.seal();
    return this.rewriteMessage(m, this.rewriter, true);
  }

  call(c: CallSummary): CallSummary {
    if (!this.active) return c;
    this.seal();
    return this.rewriteCall(c, this.rewriter);
  }

  /** Free text (a Call-ID in a file name, a recorded selection) masked like a header value. */
  text(s: string): string {
    if (!this.active) return s;
    this.seal();
    return redactText(s, this.applied, this.rewriter);
  }

  /** An address field: masked when `ips` is chosen. */
  ip(s: string): string {
    return this.active ? this.ipField(s, this.sealedRewriter()) : s;
  }

  /** What will be masked, most frequent first within each kind; call after the observe pass. */
  preview(limit = MAX_PREVIEW_ITEMS): RedactionPreviewItem[] {
    this.seal();
    const items = [...this.seen.values()].map((item) => {
      if (item.kind === 'auth') return item;
      const masked =
        item.kind === 'number'
          ? this.userMasks.maskOf(item.original, this.userOriginals)
          : this.ipMasks.maskOf(item.original, this.ipOriginals);
      return { ...item, masked };
    });
    items.sort(
      (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.count - a.count || (a.original < b.original ? -1 : 1),
    );
    return items.slice(0, limit);
  }

  private sealedRewriter(): Masker {
    this.seal();
    return this.rewriter;
  }

  /** Hands out masks in order of first appearance, once the observe pass is over. */
  private seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    for (const ip of this.ipOriginals) this.ipMasks.maskOf(ip, this.ipOriginals);
    for (const user of this.userOriginals) {
      this.userMasks.maskOf(user, this.userOriginals);
      const digits = user.replace(/\D/g, '');
      if (isPhoneNumber(user) && digits.length >= MIN_NUMBER_SWEEP_DIGITS && !this.numbersByDigits.has(digits))
        this.numbersByDigits.set(digits, user);
    }
  }

  private count(kind: RedactionPreviewItem['kind'], original: string, masked: string): void {
    const key = `${kind}\u0000${original}`;
    const item = this.seen.get(key);
    if (item) item.count++;
    else this.seen.set(key, { kind, original, masked, count: 1 });
  }

  /** The observe pass walks the same code (so it sees exactly what the rewrite will touch) but builds no new bytes. */
  private rewriteMessage(m: ExportMessage, masker: Masker, encode: boolean): ExportMessage {
    const out: ExportMessage = {
      ...m,
      callId: this.textWith(m.callId, masker),
      srcIp: this.ipField(m.srcIp, masker),
      dstIp: this.ipField(m.dstIp, masker),
    };
    if (m.correlationId !== undefined) out.correlationId = this.textWith(m.correlationId, masker);
    if (m.reason !== undefined) out.reason = this.textWith(m.reason, masker);
    if (m.node !== undefined) out.node = this.textWith(m.node, masker);
    if (m.malformed !== undefined) out.malformed = this.textWith(m.malformed, masker);
    const encoding = isUtf8(m.raw) ? 'utf8' : 'latin1';
    const text = redactSipText(m.raw.toString(encoding), this.applied, masker, (s) => Buffer.byteLength(s, encoding));
    if (encode) out.raw = Buffer.from(text, encoding);
    return out;
  }

  private rewriteCall(c: CallSummary, masker: Masker): CallSummary {
    const out: CallSummary = {
      ...c,
      callId: this.textWith(c.callId, masker),
      from: this.userField(c.from, masker),
      to: this.userField(c.to, masker),
      srcIp: this.ipField(c.srcIp, masker),
      dstIp: this.ipField(c.dstIp, masker),
    };
    for (const key of ['fromUri', 'toUri', 'userAgent', 'finalReason', 'endReason', 'correlationId', 'node'] as const) {
      const v = c[key];
      if (v !== undefined) out[key] = this.textWith(v, masker);
    }
    return out;
  }

  private textWith(s: string, masker: Masker): string {
    return redactText(s, this.applied, masker);
  }

  private ipField(s: string, masker: Masker): string {
    if (!this.applied.ips) return s;
    const ip = canonicalIp(s);
    if (!ip) return redactText(s, this.applied, masker);
    // IPv4-mapped: the IPv4 inside is masked, as it is wherever the text writes it.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip.canonical)?.[1];
    return mapped !== undefined ? `::ffff:${masker.ip(mapped, 'ip')}` : masker.ip(ip.canonical, 'ip');
  }

  /** From/To as stored: the user part, or the host when the URI had none. */
  private userField(s: string, masker: Masker): string {
    if (s === '') return s;
    if (canonicalIp(s)) return this.ipField(s, masker);
    return this.applied.numbers ? masker.user(s) : s;
  }
}

function removedParam(name: string): string {
  return name === '' ? REMOVED : `${name}="${REMOVED}"`;
}
