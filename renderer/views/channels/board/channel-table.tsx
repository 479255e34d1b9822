// The channel board's table: TanStack Table lays out the channel cells, TanStack Virtual renders
// only the rows on screen (fixed height, so 1,000 channels cost the DOM of one screen). Keyboard
// like the Calls list: arrows, Page Up/Down, Home/End move between channels; Delete offers to hang
// up the selected one where the PBX allows actions.
import { FlexRender, useTable } from '@tanstack/react-table';
import { useCallback, useContext, useMemo, useRef, type KeyboardEvent, type RefObject } from 'react';
import type { AmiChannel } from '../../../../shared/contract.ts';
import {
  PbxDirectoryContext,
  channelTableFeatures,
  gridTemplate,
  isNumericColumn,
  type ChannelColumns,
} from './channel-columns.tsx';
import type { BoardRow, ChannelRow } from './channel-groups.ts';
import { CallRowItem, ChannelRowItem } from './channel-rows.tsx';
import { TABLE_HEADER_HEIGHT, useRowWindow } from '../../../components/use-row-window.ts';

/** Row height in px for calls and channels alike (matches .board-row in channels.css). */
export const BOARD_ROW_HEIGHT = 30;
const HEADER_HEIGHT = TABLE_HEADER_HEIGHT;

export interface ChannelTableProps {
  rows: readonly BoardRow[];
  columns: ChannelColumns;
  /** Show the PBX name on call rows (several PBXs configured). */
  showPbx: boolean;
  selectedKey: string | null;
  onSelectKey: (key: string) => void;
  canHangUp: (channel: AmiChannel) => boolean;
  onHangUp: (channel: AmiChannel) => void;
  gridRef: RefObject<HTMLDivElement | null>;
}

export function ChannelTable({
  rows,
  columns,
  showPbx,
  selectedKey,
  onSelectKey,
  canHangUp,
  onHangUp,
  gridRef,
}: ChannelTableProps) {
  const directory = useContext(PbxDirectoryContext);
  const selectedIndex = useMemo(
    () => (selectedKey === null ? -1 : rows.findIndex((r) => r.kind === 'channel' && r.key === selectedKey)),
    [rows, selectedKey],
  );

  const {
    virtualizer,
    items,
    start: windowStart,
    end: windowEnd,
  } = useRowWindow({
    count: rows.length,
    rowHeight: BOARD_ROW_HEIGHT,
    scrollRef: gridRef,
    getItemKey: (i) => rows[i]?.key ?? i,
  });

  // The table models only the channel rows on screen; grouping and filtering happened before.
  const windowChannels = useMemo(
    () => rows.slice(windowStart, windowEnd).filter((r): r is ChannelRow => r.kind === 'channel'),
    [rows, windowStart, windowEnd],
  );
  const data = useMemo(() => windowChannels.map((r) => r.channel), [windowChannels]);
  const table = useTable({
    features: channelTableFeatures,
    columns,
    data,
    getRowId: (c) => `${c.pbx}\u0000${c.uniqueid}`,
  });
  const tableRows = table.getRowModel().rows;
  const rowByKey = useMemo(() => new Map(tableRows.map((r) => [r.id, r])), [tableRows]);

  // Stable across data changes, so memoised rows skip re-rendering when other rows changed.
  const latest = useRef({ rows, onSelectKey });
  latest.current = { rows, onSelectKey };
  const select = useCallback((index: number) => {
    const row = latest.current.rows[index];
    if (row?.kind === 'channel') latest.current.onSelectKey(row.key);
  }, []);

  /** The nearest channel row from `index` in `step` direction (call rows are headings, not stops). */
  const channelFrom = (index: number, step: 1 | -1): number => {
    for (let i = index; i >= 0 && i < rows.length; i += step) if (rows[i]?.kind === 'channel') return i;
    return -1;
  };
  const move = (index: number, step: 1 | -1): void => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    let target = channelFrom(clamped, step);
    if (target === -1) target = channelFrom(clamped, step === 1 ? -1 : 1);
    if (target === -1) return;
    select(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };
  const pageRows = Math.max(
    1,
    Math.floor(((gridRef.current?.clientHeight ?? 0) - HEADER_HEIGHT) / BOARD_ROW_HEIGHT) - 1,
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const from = selectedIndex;
    const steps: Record<string, () => void> = {
      ArrowDown: () => move(from + 1, 1),
      ArrowUp: () => move(from === -1 ? 0 : from - 1, from === -1 ? 1 : -1),
      PageDown: () => move(from + pageRows, 1),
      PageUp: () => move(from - pageRows, -1),
      Home: () => move(0, 1),
      End: () => move(rows.length - 1, -1),
      Delete: () => {
        const row = rows[from];
        if (row?.kind === 'channel' && canHangUp(row.channel)) onHangUp(row.channel);
      },
    };
    const step = steps[e.key];
    if (!step) return;
    e.preventDefault();
    step();
  };

  const template = gridTemplate(columns);
  const headerGroup = table.getHeaderGroups()[0];
  const domId = (index: number): string => `channel-row-${index}`;

  return (
    <div
      ref={gridRef}
      className="board-table"
      role="grid"
      aria-label="Live channels"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={selectedIndex >= 0 ? domId(selectedIndex) : undefined}
      tabIndex={0}
      data-testid="channel-board"
      onKeyDown={onKeyDown}
      style={{ ['--board-grid' as string]: template }}
    >
      <div className="board-head" role="row" aria-rowindex={1}>
        {headerGroup?.headers.map((header) => (
          <div
            key={header.id}
            role="columnheader"
            className={`board-cell board-cell--${header.column.id}${isNumericColumn(header.column.id) ? ' num' : ''}`}
          >
            <FlexRender header={header} />
          </div>
        ))}
        <div role="columnheader" className="board-cell board-cell--actions">
          <span className="visually-hidden">Actions</span>
        </div>
      </div>
      <div className="board-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const top = item.start - HEADER_HEIGHT;
          if (row.kind === 'call') {
            const pbx = directory.get(row.pbx);
            return (
              <CallRowItem
                key={item.key}
                call={row}
                index={item.index}
                top={top}
                pbxColor={pbx?.color}
                pbxName={showPbx ? (pbx?.name ?? row.pbx) : undefined}
              />
            );
          }
          const tableRow = rowByKey.get(row.key);
          if (!tableRow) return null;
          return (
            <ChannelRowItem
              key={item.key}
              row={tableRow}
              columns={columns}
              channel={row.channel}
              index={item.index}
              top={top}
              selected={item.index === selectedIndex}
              dimmed={!row.matches}
              last={row.last}
              domId={domId(item.index)}
              canHangUp={canHangUp(row.channel)}
              onSelect={select}
              onHangUp={onHangUp}
            />
          );
        })}
      </div>
    </div>
  );
}
