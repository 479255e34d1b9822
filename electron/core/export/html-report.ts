// The export as ONE self-contained HTML file: a title block (what, when, which app, which
// redaction), an index of the calls, then per call its KPIs, the ladder as inline SVG and every
// message expandable with its raw SIP (escaped) and an SDP summary. No request leaves the file:
// inline CSS and script allowed by hash in its Content-Security-Policy, no external references.
// Prints cleanly (light colours, messages open, a page per call). Pure: yields HTML text.
import type { CallSummary, SipMessageRow } from '../../../shared/domain.ts';
import { buildLadder } from '../sip/ladder.ts';
import { parseSip, type SdpSummary } from '../sip/parse.ts';
import { callFacts, callTitle, endpoint, exportFacts, outcome, type Fact } from './call-facts.ts';
import { escapeHtml as esc } from './html-escape.ts';
import { REPORT_CSP, REPORT_CSS, REPORT_SCRIPT } from './html-style.ts';
import { ladderSvgs, type LadderRowExtras } from './ladder-svg.ts';
import { rawText, type CallGroup, type ExportMessage, type Snapshot } from './model.ts';
import { callNumbers } from './groups.ts';
import { formatDelta, formatMs, formatUtc, formatUtcTimeOfDay } from './time-format.ts';

function factList(facts: readonly Fact[]): string {
  return `<dl class="facts">${facts.map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}</dd>`).join('')}</dl>`;
}

function stateBadge(c: CallSummary): string {
  return `<span class="badge st-${esc(c.state)}">${esc(outcome(c))}</span>`;
}

function kpi(label: string, value: string): string {
  return `<div class="kpi"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;
}

function kpis(c: CallSummary): string {
  return (
    '<div class="kpis">' +
    kpi('final response', c.finalCode !== undefined ? `${c.finalCode} ${c.finalReason ?? ''}`.trim() : '-') +
    kpi('duration', formatMs(c.durationMs)) +
    kpi('SRD', formatMs(c.srdMs)) +
    kpi('PDD', formatMs(c.pddMs)) +
    kpi('messages', String(c.messageCount)) +
    kpi('retransmissions', String(c.retransmissions)) +
    '</div>'
  );
}

function sdpSummary(sdp: SdpSummary): string {
  const media = sdp.media.map(
    (m) =>
      `<b>${esc(m.type)}</b> ${esc(m.connection ?? sdp.connection)}:${m.port} ${esc(m.proto)} ${esc(m.codecs.join(', '))} <i>${esc(m.direction)}</i>`,
  );
  return `<div class="sdp">SDP: ${media.length ? media.join(' · ') : `connection ${esc(sdp.connection || '-')}`}</div>`;
}

function what(m: ExportMessage): { text: string; cls: string } {
  if (m.method !== undefined) return { text: m.method, cls: 'req' };
  return { text: `${m.status ?? '?'} ${m.reason ?? ''}`.trim(), cls: `s${Math.floor((m.status ?? 0) / 100)}xx` };
}

function messageDetails(
  m: ExportMessage,
  n: number,
  deltaUs: number,
  text: string,
  sdp: SdpSummary | undefined,
): string {
  const w = what(m);
  const tags =
    (sdp ? '<span class="tag">SDP</span>' : '') +
    (m.retransmission ? '<span class="tag retrans">retransmission</span>' : '') +
    (m.malformed ? `<span class="tag malformed">malformed: ${esc(m.malformed)}</span>` : '');
  return (
    `<details class="msg" id="m-${m.id}"><summary>` +
    `<span class="n">#${n}</span><time>${formatUtcTimeOfDay(m.ts)}</time><span class="delta">${formatDelta(deltaUs)}</span>` +
    `<span class="route">${esc(endpoint(m.srcIp, m.srcPort))} → ${esc(endpoint(m.dstIp, m.dstPort))} ${m.transport.toUpperCase()}</span>` +
    `<span class="what ${w.cls}">${esc(w.text)}</span>${tags}</summary>` +
    (sdp ? sdpSummary(sdp) : '') +
    `<pre class="raw">${esc(text)}</pre></details>`
  );
}

function* groupSection(
  g: CallGroup,
  numbers: ReadonlyMap<string, number>,
  onMessage: (() => void) | undefined,
): Generator<string> {
  const first = g.calls[0] as CallSummary;
  const n = numbers.get(first.callId) ?? 0;
  const legs =
    g.calls.length > 1
      ? ` <span class="tag">${g.calls.length - 1} linked leg${g.calls.length > 2 ? 's' : ''}</span>`
      : '';
  yield `<section class="call" id="call-${n}"><h2>[${n}] ${esc(callTitle(first))} ${stateBadge(first)}${legs}</h2>`;
  yield kpis(first);
  yield '<div class="legs">';
  // A lone call needs no heading of its own: the section's says it.
  for (const c of g.calls)
    yield `<div class="leg">${g.calls.length > 1 ? `<h4>[${numbers.get(c.callId)}] ${esc(callTitle(c))}</h4>` : ''}${factList(callFacts(c))}</div>`;
  yield '</div>';

  // Parse each message once: its text feeds the ladder (user agents) and the raw view, its SDP both.
  const texts = g.messages.map((m) => rawText(m.raw));
  const sdps = g.messages.map((m) => parseSip(m.raw).sdp);
  const rows: SipMessageRow[] = g.messages.map((m, i) => ({ ...m, raw: texts[i] as string }));
  const extras = new Map<number, LadderRowExtras>(g.messages.map((m, i) => [m.id, { sdp: sdps[i] !== undefined }]));
  const ladder = buildLadder(rows);
  yield `<h3>Call flow</h3><div class="ladder-box">${ladderSvgs(ladder, `Call flow of ${callTitle(first)}`, extras).join('')}</div>`;

  yield `<h3>Messages (${g.messages.length})</h3><div class="tools no-print"><button type="button" data-expand="open">Expand all</button> <button type="button" data-expand="close">Collapse all</button></div>`;
  let prev: number | undefined;
  for (let i = 0; i < g.messages.length; i++) {
    const m = g.messages[i] as ExportMessage;
    yield messageDetails(m, i + 1, prev === undefined ? 0 : m.ts - prev, texts[i] as string, sdps[i]);
    prev = m.ts;
    onMessage?.();
  }
  yield '</section>';
}

function indexTable(snap: Snapshot, numbers: ReadonlyMap<string, number>): string {
  const rows = snap.groups.flatMap((g) =>
    g.calls.map((c) => {
      const n = numbers.get(c.callId);
      const anchor = numbers.get((g.calls[0] as CallSummary).callId);
      return (
        `<tr><td><a href="#call-${anchor}">[${n}]</a></td><td class="mono nowrap">${esc(formatUtc(c.startedAt))}</td><td>${esc(c.method)}</td>` +
        `<td>${esc(c.from || '?')} → ${esc(c.to || '?')}</td><td>${stateBadge(c)}</td><td class="nowrap">${esc(formatMs(c.durationMs))}</td><td class="id">${esc(c.callId)}</td></tr>`
      );
    }),
  );
  return (
    '<nav><h3>Calls</h3><table class="index"><thead><tr><th>#</th><th>Started (UTC)</th><th>Method</th><th>From → To</th><th>State</th><th>Duration</th><th>Call-ID</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></nav>`
  );
}

export function reportTitle(snap: Snapshot): string {
  const first = snap.calls[0];
  if (snap.calls.length === 1 && first) return `SIP trace: ${callTitle(first)}`;
  return `SIP trace: ${snap.calls.length} calls`;
}

/** The document, a piece at a time; `onMessage` after each message (progress). */
export function* htmlReport(snap: Snapshot, onMessage?: () => void): Generator<string> {
  const numbers = callNumbers(snap.groups);
  const title = reportTitle(snap);
  yield (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="generator" content="PBXScope ${esc(snap.meta.appVersion)}">` +
    `<title>${esc(title)}</title><style>${REPORT_CSS}</style></head><body>\n`
  );
  yield (
    `<header class="report"><h1>${esc(title)}</h1>${factList(exportFacts(snap.meta, snap.calls.length, snap.messages.length))}` +
    '<p class="note">Times are UTC with microseconds. A delta is the time since the previous message of the same call.' +
    '<span class="no-print"> Click an arrow of a ladder to open its message.</span></p></header>\n'
  );
  yield indexTable(snap, numbers);
  for (const g of snap.groups) yield* groupSection(g, numbers, onMessage);
  yield `\n<footer>Exported ${esc(formatUtc(snap.meta.createdAt))} by PBXScope ${esc(snap.meta.appVersion)}.</footer>`;
  yield `<script>${REPORT_SCRIPT}</script></body></html>\n`;
}
