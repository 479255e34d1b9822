// A virtualized list of event lines (fixed height, so 5,000 lines cost the DOM of one screen).
// Following, it stays scrolled to the newest line as events arrive, like a terminal; scrolling up
// stops following so what the user reads holds still, and scrolling back to the end resumes it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { AmiEventRow } from '../../../../shared/contract.ts';
import { EventLine } from './event-line.tsx';

/** Line height in px (matches .console-line in ami-console.css). */
export const CONSOLE_LINE_HEIGHT = 22;
/** Lines rendered beyond the viewport on each side. */
const OVERSCAN_LINES = 20;
/** How close to the end (px) still counts as "at the end" for following. */
const FOLLOW_SLACK_PX = CONSOLE_LINE_HEIGHT;

export interface EventListProps {
  events: readonly AmiEventRow[];
  keyOf: (event: AmiEventRow, index: number) => string | number;
  selectedIndex: number;
  onSelect: (index: number) => void;
  showPbx: boolean;
  /** Keep the newest (last) line in view; null for a list that never follows (history results). */
  follow: boolean | null;
  onFollow?: (follow: boolean) => void;
  footer?: ReactNode;
  label: string;
  testId: string;
}

export function EventList({
  events,
  keyOf,
  selectedIndex,
  onSelect,
  showPbx,
  follow,
  onFollow,
  footer,
  label,
  testId,
}: EventListProps) {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CONSOLE_LINE_HEIGHT,
    getItemKey: (i) => {
      const e = events[i];
      return e ? keyOf(e, i) : i;
    },
    overscan: OVERSCAN_LINES,
    useFlushSync: false,
  });

  // Set while we scroll the list ourselves, so that scroll does not read as the user's.
  const programmatic = useRef(false);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!follow || !el || events.length === 0) return;
    programmatic.current = true;
    el.scrollTop = el.scrollHeight;
  }, [events, follow]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el || follow === null || !onFollow) return;
    if (programmatic.current) {
      programmatic.current = false;
      return;
    }
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - FOLLOW_SLACK_PX;
    if (atEnd !== follow) onFollow(atEnd);
  }, [follow, onFollow]);

  const select = (index: number): void => {
    if (events.length === 0) return;
    const clamped = Math.max(0, Math.min(events.length - 1, index));
    onSelect(clamped);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    if (follow && clamped < events.length - 1) onFollow?.(false);
  };
  const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / CONSOLE_LINE_HEIGHT) - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const from = selectedIndex;
    const steps: Record<string, () => void> = {
      ArrowDown: () => select(from + 1),
      ArrowUp: () => select(from === -1 ? events.length - 1 : from - 1),
      PageDown: () => select(from + page),
      PageUp: () => select(from - page),
      Home: () => select(0),
      End: () => select(events.length - 1),
    };
    const step = steps[e.key];
    if (!step) return;
    e.preventDefault();
    step();
  };

  return (
    <div
      ref={scrollRef}
      className="console-list"
      role="grid"
      aria-label={label}
      aria-rowcount={events.length}
      tabIndex={0}
      data-testid={testId}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div className="console-list__body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const event = events[item.index];
          if (!event) return null;
          return (
            <EventLine
              key={item.key}
              event={event}
              index={item.index}
              top={item.start}
              selected={item.index === selectedIndex}
              showPbx={showPbx}
              onSelect={onSelect}
            />
          );
        })}
      </div>
      {footer && <div className="console-list__foot">{footer}</div>}
    </div>
  );
}
