// The ladder (call-flow) diagram in SVG: a sticky header naming each host, a lifeline per host, one
// arrow per message coloured by class (request, 1xx, 2xx, 3xx-6xx), time and gap on the left,
// retransmissions dashed and tagged. Clicking an arrow selects its message.
import { useEffect, useRef } from 'react';
import type { LadderArrow, LadderModel } from '../../../../shared/contract.ts';
import { formatClock } from '../../../format/clock.ts';
import { formatGap } from '../../../format/durations.ts';
import {
  GUTTER_WIDTH,
  LADDER_ROW_HEIGHT,
  RETRANS_TAG,
  SELF_LOOP_WIDTH,
  layoutLadder,
  type ArrowRow,
} from './ladder-layout.ts';

/** Height of the sticky host header (matches .ladder__hosts); selected rows scroll clear of it. */
const HOST_HEADER_HEIGHT = 46;
/** Leg colours available; a seventh leg reuses the first colour. */
export const LEG_COLOURS = 6;

export type ArrowClass = 'request' | '1xx' | '2xx' | 'error';

export function arrowClass(arrow: Pick<LadderArrow, 'kind' | 'status'>): ArrowClass {
  if (arrow.kind === 'request') return 'request';
  const status = arrow.status ?? 0;
  if (status < 200) return '1xx';
  if (status < 300) return '2xx';
  return 'error';
}

const ARROW_CLASSES: readonly ArrowClass[] = ['request', '1xx', '2xx', 'error'];

export interface LadderProps {
  ladder: LadderModel;
  /** Index of the selected arrow, or -1. */
  selected: number;
  onSelect: (index: number) => void;
  /** Message ids whose body carries SDP: their label says so, as in sngrep. */
  sdpMessageIds: ReadonlySet<number>;
  /** Width to spread the lifelines over; more hosts than fit scroll sideways. */
  availableWidth: number;
}

export function Ladder({ ladder, selected, onSelect, sdpMessageIds, availableWidth }: LadderProps) {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const layout = layoutLadder(ladder, availableWidth, (a) =>
    sdpMessageIds.has(a.messageId) ? `${a.label} (SDP)` : a.label,
  );

  useEffect(() => {
    const el = scrollRef.current;
    const row = layout.rows[selected];
    if (!el || !row) return;
    // Keep one row of context above or below the selection, so stepping through shows what comes next.
    const top = row.top - LADDER_ROW_HEIGHT;
    const bottom = row.top + 2 * LADDER_ROW_HEIGHT;
    const rowsHeight = el.clientHeight - HOST_HEADER_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = Math.max(0, top);
    else if (bottom > el.scrollTop + rowsHeight) el.scrollTop = bottom - rowsHeight;
    // Only a new selection scrolls; a re-layout on resize leaves the user's scroll alone.
  }, [selected]);

  return (
    <div className="ladder" ref={scrollRef} data-testid="ladder">
      <div className="ladder__hosts" style={{ width: layout.width }}>
        <div className="ladder__gutter-head" style={{ width: GUTTER_WIDTH }}>
          Time
          <br />
          <span className="muted">Δ previous</span>
        </div>
        {layout.hosts.map((h) => (
          <div
            key={h.key}
            className="ladder__host"
            data-testid="ladder-host"
            title={h.agent ? `${h.address} — ${h.agent}` : h.address}
            style={{ left: h.x - layout.headerWidth / 2, width: layout.headerWidth }}
          >
            <span className="ladder__host-address">{h.address}</span>
            {h.agent && <span className="ladder__host-agent">{h.agent}</span>}
          </div>
        ))}
      </div>
      <svg className="ladder__svg" width={layout.width} height={layout.height} role="list" aria-label="Messages">
        <defs>
          {ARROW_CLASSES.map((c) => (
            <marker
              key={c}
              id={`ladder-head-${c}`}
              className={`ladder-head ladder-head--${c}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0 0 L10 5 L0 10 z" />
            </marker>
          ))}
        </defs>
        {layout.hosts.map((h) => (
          <line key={h.key} className="ladder__lifeline" x1={h.x} x2={h.x} y1={0} y2={layout.height} />
        ))}
        {layout.rows.map((row) => (
          <ArrowView
            key={row.arrow.messageId}
            row={row}
            width={layout.width}
            selected={row.index === selected}
            legs={layout.legs.length}
            onSelect={onSelect}
          />
        ))}
      </svg>
    </div>
  );
}

function ArrowView({
  row,
  width,
  selected,
  legs,
  onSelect,
}: {
  row: ArrowRow;
  width: number;
  selected: boolean;
  legs: number;
  onSelect: (index: number) => void;
}) {
  const { arrow } = row;
  const cls = arrowClass(arrow);
  const marker = `url(#ladder-head-${cls})`;
  return (
    <g
      className={`ladder-row ladder-row--${cls}${selected ? ' ladder-row--selected' : ''}${arrow.retransmission ? ' ladder-row--retrans' : ''}`}
      role="listitem"
      aria-selected={selected}
      aria-label={`${arrow.label}${arrow.retransmission ? ', retransmission' : ''} at ${formatClock(arrow.ts)}`}
      data-testid="ladder-arrow"
      data-message-id={arrow.messageId}
      data-retransmission={arrow.retransmission ? 'true' : undefined}
      onClick={() => onSelect(row.index)}
    >
      <rect className="ladder-row__band" x={0} y={row.top} width={width} height={LADDER_ROW_HEIGHT} />
      {legs > 1 && (
        <rect
          className={`ladder-leg ladder-leg--${row.leg % LEG_COLOURS}`}
          x={2}
          y={row.top + 5}
          width={4}
          height={LADDER_ROW_HEIGHT - 10}
          rx={1}
        />
      )}
      <text className="ladder-time" x={12} y={row.top + 14}>
        {formatClock(arrow.ts)}
      </text>
      <text className="ladder-gap" x={12} y={row.top + 27}>
        {row.index === 0 ? '' : formatGap(arrow.deltaMs)}
      </text>
      {row.self ? (
        <path
          className="ladder-line"
          d={`M${row.x1} ${row.y - 9} h${SELF_LOOP_WIDTH} v9 h-${SELF_LOOP_WIDTH - 2}`}
          fill="none"
          markerEnd={marker}
        />
      ) : (
        <line
          className="ladder-line"
          x1={row.x1}
          x2={row.x2 + (row.x2 > row.x1 ? -1 : 1)}
          y1={row.y}
          y2={row.y}
          markerEnd={marker}
        />
      )}
      <text
        className="ladder-label"
        x={row.labelX}
        y={row.y - 5}
        textAnchor={row.self ? 'start' : 'middle'}
        data-testid="ladder-label"
      >
        {row.label}
        {arrow.retransmission && (
          <tspan className="ladder-retrans" dx={6}>
            {RETRANS_TAG}
          </tspan>
        )}
      </text>
    </g>
  );
}
