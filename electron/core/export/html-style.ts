// The HTML report's stylesheet and its one small script, inline in the file (a report opened from a
// ticket makes no requests). Both are constants so the page's Content-Security-Policy can allow
// exactly them by hash and nothing else.
import { createHash } from 'node:crypto';

export const REPORT_CSS = `
:root { color-scheme: light dark; --bg:#ffffff; --fg:#1d2330; --muted:#5d6675; --line:#d7dce4; --panel:#f5f7fa; --accent:#2457c5;
  --req:#2457c5; --s1:#6b7280; --s2:#15803d; --s3:#0e7490; --s4:#c2410c; --s5:#b91c1c; --retrans:#a16207; }
@media screen and (prefers-color-scheme: dark) {
  :root { --bg:#14171c; --fg:#e3e7ee; --muted:#9aa3b2; --line:#2f3540; --panel:#1c2027; --accent:#7aa2ff;
    --req:#7aa2ff; --s1:#9ca3af; --s2:#4ade80; --s3:#22d3ee; --s4:#fb923c; --s5:#f87171; --retrans:#facc15; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 12px; }
h2 { font-size: 18px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 18px 0 8px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
code, pre, .mono, time { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; }
header.report { border-bottom: 2px solid var(--line); padding-bottom: 12px; margin-bottom: 18px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.note { color: var(--muted); font-size: 12px; margin: 8px 0 0; }
table.index { border-collapse: collapse; width: 100%; font-size: 13px; }
table.index th, table.index td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.index td.nowrap, table.index .badge { white-space: nowrap; }
table.index td.id { min-width: 18ch; overflow-wrap: anywhere; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
a { color: var(--accent); }
section.call { margin-top: 28px; padding-top: 16px; border-top: 2px solid var(--line); }
.kpis { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 12px; }
.kpi { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; min-width: 96px; }
.kpi b { display: block; font-size: 16px; }
.kpi span { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; border: 1px solid currentColor; vertical-align: middle; }
.st-ended, .st-answered, .st-completed { color: var(--s2); }
.st-failed, .st-timeout { color: var(--s5); }
.st-cancelled { color: var(--s4); }
.st-trying, .st-ringing, .st-pending { color: var(--s1); }
.legs { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 12px; }
.leg { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.leg h4 { margin: 0 0 6px; font-size: 13px; }
.leg dl.facts { font-size: 12px; }
.ladder-box { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
svg.ladder { display: block; font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg.ladder .host { font-weight: 600; fill: var(--fg); font-size: 12px; }
svg.ladder .host-sub, svg.ladder .gutter-head { fill: var(--muted); font-size: 11px; }
svg.ladder .lifeline { stroke: var(--line); stroke-width: 2; }
svg.ladder .time { fill: var(--fg); font: 11px ui-monospace, Menlo, Consolas, monospace; }
svg.ladder .delta { fill: var(--muted); font: 10px ui-monospace, Menlo, Consolas, monospace; }
svg.ladder .arrow .line { stroke-width: 1.6; fill: none; }
svg.ladder .arrow .label { font-size: 12px; }
svg.ladder .req .line { stroke: var(--req); } svg.ladder .req .head, svg.ladder .req .label { fill: var(--req); }
svg.ladder .s1xx .line { stroke: var(--s1); } svg.ladder .s1xx .head, svg.ladder .s1xx .label { fill: var(--s1); }
svg.ladder .s2xx .line { stroke: var(--s2); } svg.ladder .s2xx .head, svg.ladder .s2xx .label { fill: var(--s2); }
svg.ladder .s3xx .line { stroke: var(--s3); } svg.ladder .s3xx .head, svg.ladder .s3xx .label { fill: var(--s3); }
svg.ladder .s4xx .line { stroke: var(--s4); } svg.ladder .s4xx .head, svg.ladder .s4xx .label { fill: var(--s4); }
svg.ladder .s5xx .line, svg.ladder .s6xx .line, svg.ladder .s0xx .line { stroke: var(--s5); }
svg.ladder .s5xx .head, svg.ladder .s5xx .label, svg.ladder .s6xx .head, svg.ladder .s6xx .label, svg.ladder .s0xx .head, svg.ladder .s0xx .label { fill: var(--s5); }
svg.ladder .retrans .line { stroke-dasharray: 5 4; stroke: var(--retrans); }
svg.ladder .retrans .head, svg.ladder .retrans .label { fill: var(--retrans); }
svg.ladder a:hover .label { text-decoration: underline; }
.tools { margin: 8px 0; }
.tools button { font: inherit; font-size: 12px; padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; background: var(--panel); color: var(--fg); cursor: pointer; }
details.msg { border: 1px solid var(--line); border-radius: 6px; margin: 4px 0; background: var(--bg); }
details.msg > summary { cursor: pointer; padding: 4px 8px; list-style-position: inside; font-size: 13px; }
details.msg > summary .n { color: var(--muted); display: inline-block; min-width: 3em; }
details.msg > summary time { margin-right: 6px; }
details.msg > summary .delta { color: var(--muted); font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; margin-right: 6px; }
details.msg > summary .route { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
details.msg > summary .what { font-weight: 600; margin-left: 6px; }
details.msg > summary .what.req { color: var(--req); } details.msg > summary .what.s1xx { color: var(--s1); }
details.msg > summary .what.s2xx { color: var(--s2); } details.msg > summary .what.s3xx { color: var(--s3); }
details.msg > summary .what.s4xx { color: var(--s4); } details.msg > summary .what.s5xx, details.msg > summary .what.s6xx { color: var(--s5); }
.tag { font-size: 11px; border-radius: 8px; padding: 0 6px; margin-left: 6px; background: var(--panel); border: 1px solid var(--line); color: var(--muted); }
.tag.retrans { color: var(--retrans); border-color: var(--retrans); }
.tag.malformed { color: var(--s5); border-color: var(--s5); }
.sdp { margin: 0 8px 6px; font-size: 12px; color: var(--muted); }
.sdp b { color: var(--fg); font-weight: 600; }
pre.raw { margin: 0; padding: 8px 10px; border-top: 1px solid var(--line); background: var(--panel); font-size: 12px; line-height: 1.4;
  white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 4; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print {
  :root { --bg:#ffffff; --fg:#000000; --muted:#444b55; --line:#bfc5ce; --panel:#f3f4f6; }
  @page { margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 11px; }
  .tools, .no-print { display: none !important; }
  section.call { break-before: page; border-top: none; margin-top: 0; }
  .ladder-box { overflow: visible; border: none; }
  svg.ladder { width: 100% !important; height: auto !important; max-width: 100%; break-inside: avoid; margin-bottom: 6px; }
  h2, h3 { break-after: avoid; }
  /* A long message may run over a page; its header line stays with its first lines. */
  details.msg > summary { list-style: none; break-after: avoid; }
  details.msg::details-content { content-visibility: visible; display: block; }
  pre.raw { orphans: 4; widows: 4; }
  a { color: inherit; text-decoration: none; }
  .kpi, .leg, tr { break-inside: avoid; }
  /* A page is narrower than a screen: dates and states may wrap so the Call-ID keeps its room. */
  table.index td.nowrap, table.index .badge { white-space: normal; }
  .kpi { min-width: 0; padding: 4px 8px; }
  .kpi b { font-size: 13px; }
}
`;

/** Opens every message while printing (for browsers without ::details-content) and wires the expand/collapse buttons. */
export const REPORT_SCRIPT = `(() => {
  const all = () => Array.from(document.querySelectorAll('details.msg'));
  let closed = [];
  addEventListener('beforeprint', () => { closed = all().filter((d) => !d.open); closed.forEach((d) => { d.open = true; }); });
  addEventListener('afterprint', () => { closed.forEach((d) => { d.open = false; }); closed = []; });
  document.querySelectorAll('button[data-expand]').forEach((b) => b.addEventListener('click', () => {
    const scope = b.closest('section') || document;
    scope.querySelectorAll('details.msg').forEach((d) => { d.open = b.dataset.expand === 'open'; });
  }));
})();`;

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/**
 * Nothing may load: no network, no other file. The one stylesheet and the one script are allowed
 * by hash; inline SVG needs no source at all.
 */
export const REPORT_CSP = `default-src 'none'; style-src ${cspHash(REPORT_CSS)}; script-src ${cspHash(REPORT_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
