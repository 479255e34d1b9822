// The live calls table: TanStack Table for columns and cells, TanStack Virtual for rows (fixed
// height, so 10,000 calls cost the DOM of one screen). Keyboard like sngrep: arrows, Page Up/Down,
// Home/End move the selection, Enter opens the call, Space ticks it for an export (Ctrl/Cmd+click
// ticks one, Shift+click a range). Rows arriving on top do not move what the user is looking at
// once they have scrolled down.
import { FlexRender, useTable } from '@tanstack/react-table';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import type { CallSummary } from '../../../../shared/contract.ts';
import { callKey } from './call-store.ts';
import { CALL_GRID_TEMPLATE, callColumns, callTableFeatures, isNumericColumn } from './call-columns.tsx';
import { CallRow } from './call-row.tsx';
import { TABLE_HEADER_HEIGHT, useRowWindow } from '../../../components/use-row-window.ts';
import { NO_CALLS_SELECTED, addRange, toggleCall, type CallSelection, type SelectGesture } from './call-selection.ts';

/** Row height in px; fixed so the virtualizer never measures (and matches .calls-row in calls.css). */
export const CALL_ROW_HEIGHT = 30;
const HEADER_HEIGHT = TABLE_HEADER_HEIGHT;
/** Older calls are requested when the last rendered row is this close to the end of the list. */
const LOAD_MORE_WITHIN_ROWS = 40;

export interface CallsTableProps {
  calls: readonly CallSummary[];
  selectedKey: string | null;
  onSelectKey: (key: string) => void;
  onOpen: (call: CallSummary) => void;
  /** Called when the user nears the end of the list (load older calls). */
  onNearEnd: () => void;
  /** Shown under the last row: load more, loading, all loaded. */
  footer: ReactNode;
  /** Lets the parent move focus here (Escape from the search box). */
  gridRef?: RefObject<HTMLDivElement | null>;
  /** Call-IDs ticked for an export, and where a tick gesture sends the new set. */
  checked?: CallSelection;
  onCheck?: (next: CallSelection) => void;
}

export function CallsTable({
  calls,
  selectedKey,
  onSelectKey,
  onOpen,
  onNearEnd,
  footer,
  gridRef,
  checked = NO_CALLS_SELECTED,
  onCheck,
}: CallsTableProps) {
  const ownRef = useRef<HTMLDivElement | null>(null);
  const scrollRef = gridRef ?? ownRef;

  // Only two keys are ever looked up (the selection and the scroll anchor), usually near the top of
  // a newest-first list: a scan that stops early beats rebuilding a Map of every call per commit.
  const selectedIndex = useMemo(
    () => (selectedKey === null ? -1 : indexOfCall(calls, selectedKey)),
    [calls, selectedKey],
  );

  const {
    virtualizer,
    items,
    start: windowStart,
    end: windowEnd,
  } = useRowWindow({
    count: calls.length,
    rowHeight: CALL_ROW_HEIGHT,
    scrollRef,
    // One list shows one capture, so the Call-ID alone is a stable key (and costs no string per row).
    getItemKey: (i) => calls[i]?.callId ?? i,
  });

  // The table models only the rows on screen. Sorting and filtering happen in the core and the
  // store, so the table has nothing to do with the other rows, and building 10,000 row objects on
  // every live commit cost 2-15 ms where the window costs 0.2 ms.
  const data = useMemo(() => calls.slice(windowStart, windowEnd), [calls, windowStart, windowEnd]);
  const table = useTable({ features: callTableFeatures, columns: callColumns, data, getRowId: (c) => callKey(c) });
  const rows = table.getRowModel().rows;

  // Keep the first visible call in place when newer calls are inserted above it.
  const anchor = useRef<{ key: string; index: number } | null>(null);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const a = anchor.current;
    if (el && a && el.scrollTop > 0) {
      const now = indexOfCall(calls, a.key);
      if (now !== -1 && now !== a.index) el.scrollTop += (now - a.index) * CALL_ROW_HEIGHT;
    }
    anchor.current = anchorAt(el, calls);
  }, [calls, scrollRef]);
  const onScroll = useCallback(() => {
    anchor.current = anchorAt(scrollRef.current, calls);
  }, [calls, scrollRef]);

  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= calls.length - LOAD_MORE_WITHIN_ROWS) onNearEnd();
  }, [last, calls.length, onNearEnd]);

  // Stable across data changes, so memoised rows skip re-rendering when only other calls changed.
  const latest = useRef({ calls, onSelectKey, checked, onCheck, selectedIndex });
  latest.current = { calls, onSelectKey, checked, onCheck, selectedIndex };
  const select = useCallback((index: number, gesture: SelectGesture = 'cursor') => {
    const now = latest.current;
    const call = now.calls[index];
    if (!call) return;
    if (gesture === 'toggle') now.onCheck?.(toggleCall(now.checked, call.callId));
    if (gesture === 'range') {
      const ids = now.calls.map((c) => c.callId);
      now.onCheck?.(addRange(now.checked, ids, now.selectedIndex === -1 ? index : now.selectedIndex, index));
    }
    // A range keeps its anchor, so a second Shift+click reshapes from the same row.
    if (gesture !== 'range' || now.selectedIndex === -1) now.onSelectKey(callKey(call));
  }, []);

  const move = (index: number): void => {
    if (calls.length === 0) return;
    const clamped = Math.max(0, Math.min(calls.length - 1, index));
    select(clamped);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };

  const pageRows = Math.max(
    1,
    Math.floor(((scrollRef.current?.clientHeight ?? 0) - HEADER_HEIGHT) / CALL_ROW_HEIGHT) - 1,
  );
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const from = selectedIndex;
    const steps: Record<string, () => void> = {
      ArrowDown: () => move(from + 1),
      ArrowUp: () => move(from === -1 ? 0 : from - 1),
      PageDown: () => move(from + pageRows),
      PageUp: () => move(from - pageRows),
      Home: () => move(0),
      End: () => move(calls.length - 1),
      Enter: () => {
        const call = calls[from];
        if (call) onOpen(call);
      },
      ' ': () => {
        const call = calls[from];
        if (call) onCheck?.(toggleCall(checked, call.callId));
      },
    };
    const step = steps[e.key];
    if (!step) return;
    e.preventDefault();
    step();
  };

  // Coming back from a call: show the row that was selected.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || selectedIndex < 0) return;
    restored.current = true;
    virtualizer.scrollToIndex(selectedIndex, { align: 'center' });
  }, [selectedIndex, virtualizer]);

  const domId = (index: number): string => `call-row-${index}`;
  const headerGroup = table.getHeaderGroups()[0];

  return (
    <div
      ref={scrollRef}
      className="calls-table"
      role="grid"
      aria-label="Calls"
      aria-rowcount={calls.length + 1}
      aria-activedescendant={selectedIndex >= 0 ? domId(selectedIndex) : undefined}
      tabIndex={0}
      data-testid="calls-table"
      onKeyDown={onKeyDown}
      onScroll={onScroll}
      style={{ ['--calls-grid' as string]: CALL_GRID_TEMPLATE }}
    >
      <div className="calls-head" role="row" aria-rowindex={1}>
        {headerGroup?.headers.map((header) => (
          <div
            key={header.id}
            role="columnheader"
            className={`calls-cell calls-cell--${header.column.id}${isNumericColumn(header.column.id) ? ' num' : ''}`}
          >
            <FlexRender header={header} />
          </div>
        ))}
      </div>
      <div className="calls-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index - windowStart];
          const call = calls[item.index];
          if (!row || !call) return null;
          return (
            <CallRow
              key={item.key}
              row={row}
              call={call}
              index={item.index}
              top={item.start - HEADER_HEIGHT}
              selected={item.index === selectedIndex}
              checked={checked.has(call.callId)}
              domId={domId(item.index)}
              onSelect={select}
              onOpen={onOpen}
            />
          );
        })}
      </div>
      <div className="calls-foot">{footer}</div>
    </div>
  );
}

function anchorAt(el: HTMLElement | null, calls: readonly CallSummary[]): { key: string; index: number } | null {
  if (!el || el.scrollTop <= 0) return null;
  const index = Math.floor(el.scrollTop / CALL_ROW_HEIGHT);
  const call = calls[index];
  return call ? { key: callKey(call), index } : null;
}

/** Position of the call with this key (see callKey), or -1. */
function indexOfCall(calls: readonly CallSummary[], key: string): number {
  const sep = key.indexOf('\u0000');
  const capture = Number(key.slice(0, sep));
  const callId = key.slice(sep + 1);
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i] as CallSummary;
    if (c.callId === callId && c.capture === capture) return i;
  }
  return -1;
}
