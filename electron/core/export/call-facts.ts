// What the reports say about a call and about the export itself, as label/value pairs: one list
// for the text and the HTML rendering, so both show the same facts in the same words. Pure.
import type { CallSummary } from '../../../shared/domain.ts';
import type { AppliedRedaction, SelectionInfo, SnapshotMeta } from './model.ts';
import { formatMs, formatUtc } from './time-format.ts';

export interface Fact {
  label: string;
  value: string;
}

/** `192.0.2.1:5060`, `[2001:db8::1]:5060`: how SIP and the ladder write an address with its port. */
export function endpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** `bob <sip:bob@example.com>` when the URI says more than the user, else the user alone. */
function party(user: string, uri: string | undefined): string {
  if (!uri) return user || '-';
  return user && uri !== user ? `${user} <${uri}>` : uri;
}

export function outcome(c: CallSummary): string {
  const code =
    c.finalCode !== undefined ? `${c.finalCode}${c.finalReason ? ` ${c.finalReason}` : ''}` : 'no final response';
  return `${c.state}, ${code}`;
}

export function callTitle(c: CallSummary): string {
  return `${c.method} ${c.from || '?'} → ${c.to || '?'}`;
}

export function callFacts(c: CallSummary): Fact[] {
  const facts: Fact[] = [
    { label: 'Call-ID', value: c.callId },
    { label: 'From', value: party(c.from, c.fromUri) },
    { label: 'To', value: party(c.to, c.toUri) },
    { label: 'State', value: outcome(c) },
  ];
  if (c.endReason) facts.push({ label: 'Ended', value: c.endReason });
  facts.push({ label: 'Started', value: formatUtc(c.startedAt) });
  if (c.answeredAt !== undefined) facts.push({ label: 'Answered', value: formatUtc(c.answeredAt) });
  if (c.endedAt !== undefined) facts.push({ label: 'Ended at', value: formatUtc(c.endedAt) });
  facts.push({ label: 'Duration', value: formatMs(c.durationMs) });
  facts.push({ label: 'SRD', value: formatMs(c.srdMs) });
  facts.push({ label: 'PDD', value: formatMs(c.pddMs) });
  if (c.rrdMs !== undefined) facts.push({ label: 'RRD', value: formatMs(c.rrdMs) });
  facts.push({
    label: 'Messages',
    value: `${c.messageCount} (${c.retransmissions} retransmission${c.retransmissions === 1 ? '' : 's'})`,
  });
  facts.push({ label: 'First hop', value: `${endpoint(c.srcIp, c.srcPort)} → ${endpoint(c.dstIp, c.dstPort)}` });
  if (c.userAgent) facts.push({ label: 'User-Agent', value: c.userAgent });
  if (c.correlationId) facts.push({ label: 'Correlation', value: c.correlationId });
  return facts;
}

export function redactionText(r: AppliedRedaction): string {
  const applied = [
    r.numbers && 'numbers and names',
    r.ips && 'IP addresses',
    r.sdp && 'SDP addresses',
    r.auth && 'credentials',
  ].filter(Boolean);
  return applied.length === 0
    ? 'none'
    : `${applied.join(', ')} masked (the same value always has the same mask in this file)`;
}

export function selectionText(s: SelectionInfo): string {
  if (s.kind === 'calls')
    return s.callIds.length === 1
      ? '1 call by Call-ID, with its linked legs'
      : `${s.callIds.length} calls by Call-ID, with their linked legs`;
  const parts = Object.entries(s.query).map(([k, v]) =>
    (k === 'from' || k === 'to') && typeof v === 'number' ? `${k} ${formatUtc(v)}` : `${k}=${v}`,
  );
  return `every call matching a search${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

export function exportFacts(meta: SnapshotMeta, calls: number, messages: number): Fact[] {
  return [
    { label: 'Exported', value: `${formatUtc(meta.createdAt)} by PBXScope ${meta.appVersion}` },
    { label: 'Source', value: meta.capture === 0 ? 'live capture' : `imported capture ${meta.capture}` },
    { label: 'Selection', value: selectionText(meta.selection) },
    {
      label: 'Contents',
      value: `${calls} call${calls === 1 ? '' : 's'}, ${messages} message${messages === 1 ? '' : 's'}`,
    },
    { label: 'Redaction', value: redactionText(meta.redaction) },
  ];
}
