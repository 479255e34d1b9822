// Geometry of a ladder (call-flow) diagram: a time gutter on the left, one lifeline per host, one
// row per message. Pure, so the drawing component only maps numbers to SVG and tests can check
// that labels fit between the lifelines they join.
import type { LadderArrow, LadderModel } from '../../../../shared/contract.ts';

/** Left gutter: "14:03:22.123" over "+1.204 s" in 11 px mono, plus the leg marker. */
export const GUTTER_WIDTH = 112;
/** Vertical pitch of one message: time over delta in the gutter, the label above the arrow. */
export const LADDER_ROW_HEIGHT = 32;
/** Where the arrow line sits within its row. */
const LINE_OFFSET = 22;
/** Space above the first and below the last arrow. */
export const LADDER_PAD_Y = 10;
/** Closest lifelines may be: the longest common labels ("183 Session Progress (SDP)") still fit one hop. */
export const MIN_COLUMN_WIDTH = 170;
/** Widest spacing: wider only spreads three hosts across a big screen for nothing. */
export const MAX_COLUMN_WIDTH = 320;
/** Room beside the outer lifelines: half a host header ("192.168.100.200:5060" and its agent). */
export const EDGE_PAD = 80;
/** Average advance of the 11.5 px label font, to ellipsize labels without measuring text. */
export const LABEL_CHAR_WIDTH = 6.7;
/** Clear space kept between a label and the lifelines at either end of its arrow. */
const LABEL_MARGIN = 14;
/** The tag drawn after a retransmitted message's label, and the room it takes. */
export const RETRANS_TAG = 'retrans';
const RETRANS_TAG_WIDTH = (RETRANS_TAG.length + 2) * LABEL_CHAR_WIDTH;
/** Width of the loop drawn for a message a host sends to itself. */
export const SELF_LOOP_WIDTH = 34;

export interface HostColumn {
  key: string;
  /** The ip:port (or alias) line of the header. */
  address: string;
  /** The user agent seen from that host, if the core named one. */
  agent: string | null;
  x: number;
}

export interface ArrowRow {
  arrow: LadderArrow;
  index: number;
  /** Top of the message's row. */
  top: number;
  /** The arrow line. */
  y: number;
  x1: number;
  x2: number;
  self: boolean;
  /** Label ellipsized to the span of the arrow. */
  label: string;
  labelX: number;
  /** Index into `legs`. */
  leg: number;
}

export interface LadderLayout {
  width: number;
  height: number;
  /** Distance between neighbouring lifelines. */
  columnWidth: number;
  /** Width of each host's header box, centred on its lifeline. */
  headerWidth: number;
  hosts: HostColumn[];
  rows: ArrowRow[];
  /** Call-IDs in order of first appearance; more than one means merged legs. */
  legs: string[];
}

/** "10.0.0.1:5060 (Asterisk PBX 22)" -> address and agent; an alias stays whole. */
export function splitHostLabel(key: string, label: string): { address: string; agent: string | null } {
  if (label.startsWith(`${key} (`) && label.endsWith(')')) {
    return { address: key, agent: label.slice(key.length + 2, -1) };
  }
  return { address: label, agent: null };
}

/** Cuts `text` to what fits in `px` at the label font, with an ellipsis when cut. */
export function fitLabel(text: string, px: number): string {
  const max = Math.floor(px / LABEL_CHAR_WIDTH);
  if (text.length <= max) return text;
  if (max <= 1) return '…';
  return `${text.slice(0, max - 1)}…`;
}

export function layoutLadder(
  model: LadderModel,
  availableWidth: number,
  labelOf: (arrow: LadderArrow) => string = (a) => a.label,
): LadderLayout {
  const gaps = Math.max(1, model.hosts.length - 1);
  const columnWidth = Math.max(
    MIN_COLUMN_WIDTH,
    Math.min(MAX_COLUMN_WIDTH, Math.floor((availableWidth - GUTTER_WIDTH - 2 * EDGE_PAD) / gaps)),
  );
  const hosts: HostColumn[] = model.hosts.map((h, i) => ({
    key: h.key,
    ...splitHostLabel(h.key, h.label),
    x: GUTTER_WIDTH + EDGE_PAD + columnWidth * i,
  }));
  const xOf = (i: number): number => hosts[i]?.x ?? GUTTER_WIDTH;
  const legs: string[] = [];
  const legIndex = new Map<string, number>();
  const rows = model.arrows.map((arrow, index): ArrowRow => {
    let leg = legIndex.get(arrow.callId);
    if (leg === undefined) {
      leg = legs.length;
      legIndex.set(arrow.callId, leg);
      legs.push(arrow.callId);
    }
    const x1 = xOf(arrow.from);
    const x2 = xOf(arrow.to);
    const self = arrow.from === arrow.to;
    const top = LADDER_PAD_Y + LADDER_ROW_HEIGHT * index;
    // A self message's label sits right of its loop, within the host's column.
    const span =
      (self ? Math.min(columnWidth / 2, EDGE_PAD) - SELF_LOOP_WIDTH : Math.abs(x2 - x1) - 2 * LABEL_MARGIN) -
      (arrow.retransmission ? RETRANS_TAG_WIDTH : 0);
    return {
      arrow,
      index,
      top,
      y: top + LINE_OFFSET,
      x1,
      x2,
      self,
      label: fitLabel(labelOf(arrow), span),
      labelX: self ? x1 + SELF_LOOP_WIDTH + 6 : (x1 + x2) / 2,
      leg,
    };
  });
  return {
    width: GUTTER_WIDTH + 2 * EDGE_PAD + columnWidth * (model.hosts.length > 1 ? model.hosts.length - 1 : 0),
    height: LADDER_PAD_Y * 2 + LADDER_ROW_HEIGHT * rows.length,
    columnWidth,
    headerWidth: Math.min(columnWidth - 8, 2 * EDGE_PAD),
    hosts,
    rows,
    legs,
  };
}
