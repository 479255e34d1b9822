// One calls-table row. Memoised on the call summary itself: a delta that changes one call
// re-renders one row, whatever the table's size (the store keeps unchanged summaries identical).
import { FlexRender, type Row } from '@tanstack/react-table';
import { memo } from 'react';
import type { CallSummary } from '../../../../shared/contract.ts';
import { isNumericColumn, type callTableFeatures } from './call-columns.tsx';
import { gestureOf, type SelectGesture } from './call-selection.ts';

export interface CallRowProps {
  row: Row<typeof callTableFeatures, CallSummary>;
  call: CallSummary;
  index: number;
  /** Pixels from the top of the list. */
  top: number;
  selected: boolean;
  /** Ticked for an export. */
  checked: boolean;
  domId: string;
  onSelect: (index: number, gesture: SelectGesture) => void;
  onOpen: (call: CallSummary) => void;
}

function CallRowView({ row, call, index, top, selected, checked, domId, onSelect, onOpen }: CallRowProps) {
  return (
    <div
      id={domId}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="call-row"
      data-call-id={call.callId}
      data-checked={checked || undefined}
      className={`calls-row${selected ? ' calls-row--selected' : ''}${checked ? ' calls-row--checked' : ''}${index % 2 === 1 ? ' calls-row--odd' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={(e) => {
        // Shift+click would otherwise select the text between the two rows.
        if (e.shiftKey) e.preventDefault();
        onSelect(index, gestureOf(e));
      }}
      onDoubleClick={() => onOpen(call)}
    >
      {row.getAllCells().map((cell) => (
        <div
          key={cell.id}
          role="gridcell"
          className={`calls-cell calls-cell--${cell.column.id}${isNumericColumn(cell.column.id) ? ' num' : ''}`}
        >
          <FlexRender cell={cell} />
        </div>
      ))}
    </div>
  );
}

/** The Row object is rebuilt with every new data array; the call it wraps is what decides a repaint. */
export const CallRow = memo(
  CallRowView,
  (a, b) =>
    a.call === b.call &&
    a.index === b.index &&
    a.top === b.top &&
    a.selected === b.selected &&
    a.checked === b.checked &&
    a.onSelect === b.onSelect &&
    a.onOpen === b.onOpen,
);
