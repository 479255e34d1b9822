// The ladder (call-flow) diagram as inline SVG: one column per host, one arrow per message labelled
// with its method or status, time and delta in the left gutter, retransmissions dashed and marked.
// Long flows are cut into several SVGs of a bounded number of rows, each repeating the host
// header, so a printed page breaks between them instead of slicing one huge image. Pure.
import type { LadderArrow, LadderHost, LadderModel } from '../../../shared/domain.ts';
import { escapeHtml } from './html-escape.ts';
import { formatDelta, formatUtcTimeOfDay } from './time-format.ts';

/** Rows per SVG: half to three quarters of a printed A4/Letter page, so page breaks fall between parts with little blank left. */
export const LADDER_ROWS_PER_SVG = 24;
const TIME_GUTTER = 150;
const COLUMN_WIDTH = 210;
const HEADER_HEIGHT = 52;
const ROW_HEIGHT = 30;
const FOOTER = 10;
const ARROW_HEAD = 7;
/** Characters of a host label line that fit a column at the label font size. */
const LABEL_CHARS = 30;

export interface LadderRowExtras {
  /** The message carries SDP: shown after the label. */
  sdp: boolean;
}

function center(col: number): number {
  return TIME_GUTTER + COLUMN_WIDTH * col + COLUMN_WIDTH / 2;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Response classes get their own colour (via CSS classes, so dark mode and print can restyle them). */
function arrowClass(a: LadderArrow): string {
  const base = a.kind === 'request' ? 'req' : `s${Math.floor((a.status ?? 0) / 100)}xx`;
  return a.retransmission ? `${base} retrans` : base;
}

function hostHeader(hosts: readonly LadderHost[], top: number): string {
  return hosts
    .map((h, i) => {
      const x = center(i);
      const rest = h.label.startsWith(h.key)
        ? h.label
            .slice(h.key.length)
            .trim()
            .replace(/^\((.*)\)$/, '$1')
        : h.label;
      const second = rest
        ? `<text class="host-sub" x="${x}" y="${top + 34}" text-anchor="middle">${escapeHtml(clip(rest, LABEL_CHARS))}</text>`
        : '';
      return `<text class="host" x="${x}" y="${top + 18}" text-anchor="middle">${escapeHtml(clip(h.key, LABEL_CHARS))}</text>${second}`;
    })
    .join('');
}

function arrowSvg(a: LadderArrow, y: number, extras: LadderRowExtras | undefined): string {
  const cls = arrowClass(a);
  const x1 = center(a.from);
  const x2 = center(a.to);
  const label = `${a.label}${extras?.sdp ? ' (SDP)' : ''}${a.retransmission ? ' ↻' : ''}`;
  const time = `<text class="time" x="6" y="${y - 3}">${formatUtcTimeOfDay(a.ts)}</text><text class="delta" x="6" y="${y + 10}">${formatDelta(Math.round(a.deltaMs * 1000))}</text>`;
  let shape: string;
  let labelX: number;
  if (a.from === a.to) {
    // A message a host sends to itself: a small loop to the right of its lifeline.
    const w = 28;
    shape =
      `<path class="line" d="M${x1} ${y - 6} h${w} v12 h${-w + ARROW_HEAD}"/>` +
      `<polygon class="head" points="${x1},${y + 6} ${x1 + ARROW_HEAD},${y + 6 - ARROW_HEAD / 2} ${x1 + ARROW_HEAD},${y + 6 + ARROW_HEAD / 2}"/>`;
    labelX = x1 + w + 4;
    return `<a href="#m-${a.messageId}" class="arrow ${cls}">${time}${shape}<text class="label" x="${labelX}" y="${y - 8}">${escapeHtml(label)}</text></a>`;
  }
  const dir = x2 > x1 ? 1 : -1;
  const tip = x2 - dir * 1;
  shape =
    `<line class="line" x1="${x1}" y1="${y}" x2="${tip - dir * ARROW_HEAD}" y2="${y}"/>` +
    `<polygon class="head" points="${tip},${y} ${tip - dir * ARROW_HEAD},${y - ARROW_HEAD / 2} ${tip - dir * ARROW_HEAD},${y + ARROW_HEAD / 2}"/>`;
  labelX = (x1 + x2) / 2;
  return `<a href="#m-${a.messageId}" class="arrow ${cls}">${time}${shape}<text class="label" x="${labelX}" y="${y - 5}" text-anchor="middle">${escapeHtml(clip(label, Math.max(12, Math.floor((Math.abs(x2 - x1) - 10) / 6.5))))}</text></a>`;
}

/** One SVG per LADDER_ROWS_PER_SVG arrows; `extras` per message id (SDP marker). */
export function ladderSvgs(
  model: LadderModel,
  title: string,
  extras: ReadonlyMap<number, LadderRowExtras> = new Map(),
): string[] {
  const width = TIME_GUTTER + COLUMN_WIDTH * Math.max(1, model.hosts.length);
  const out: string[] = [];
  for (let start = 0; start < Math.max(1, model.arrows.length); start += LADDER_ROWS_PER_SVG) {
    const rows = model.arrows.slice(start, start + LADDER_ROWS_PER_SVG);
    const height = HEADER_HEIGHT + rows.length * ROW_HEIGHT + FOOTER;
    const lifelines = model.hosts
      .map(
        (_, i) =>
          `<line class="lifeline" x1="${center(i)}" y1="${HEADER_HEIGHT - 8}" x2="${center(i)}" y2="${height - 4}"/>`,
      )
      .join('');
    const arrows = rows
      .map((a, i) => arrowSvg(a, HEADER_HEIGHT + i * ROW_HEIGHT + ROW_HEIGHT / 2 + 4, extras.get(a.messageId)))
      .join('');
    const part =
      model.arrows.length > LADDER_ROWS_PER_SVG
        ? ` (messages ${start + 1}-${start + rows.length} of ${model.arrows.length})`
        : '';
    out.push(
      `<svg class="ladder" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet">` +
        `<title>${escapeHtml(title + part)}</title>` +
        `<text class="gutter-head" x="6" y="18">UTC time</text><text class="gutter-head" x="6" y="34">delta</text>` +
        hostHeader(model.hosts, 0) +
        lifelines +
        arrows +
        '</svg>',
    );
  }
  return out;
}
