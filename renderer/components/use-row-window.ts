// The virtualized-table setup both live tables share: fixed row height (no measuring), rows
// scrolled below a sticky header inside the same scroll box, and the window of rows on screen
// that the table models (sorting and filtering happen before, in the core or the store).
import { useVirtualizer, type VirtualItem, type Virtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';

/** Header height in px (matches .calls-head and .board-head). */
export const TABLE_HEADER_HEIGHT = 32;
/** Rows rendered beyond the viewport on each side: enough for a fast wheel flick without blank rows. */
export const OVERSCAN_ROWS = 12;

export interface RowWindow {
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  items: VirtualItem[];
  /** First and one-past-last index of the rows on screen (overscan included). */
  start: number;
  end: number;
}

export function useRowWindow(opts: {
  count: number;
  rowHeight: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  getItemKey: (index: number) => string | number;
}): RowWindow {
  const virtualizer = useVirtualizer({
    count: opts.count,
    getScrollElement: () => opts.scrollRef.current,
    estimateSize: () => opts.rowHeight,
    getItemKey: opts.getItemKey,
    overscan: OVERSCAN_ROWS,
    scrollMargin: TABLE_HEADER_HEIGHT,
    scrollPaddingStart: TABLE_HEADER_HEIGHT,
    // React 19: scroll updates need no synchronous flush, and flushSync inside effects warns.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  return { virtualizer, items, start: items[0]?.index ?? 0, end: (items[items.length - 1]?.index ?? -1) + 1 };
}
