// The Calls list: filter bar, the live table, and the line under it (load older / all loaded).
// With a filter and no match it says so and offers to clear; the view's empty state is only for
// "no call at all".
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { CallSummary } from '../../../../shared/contract.ts';
import { Notice } from '../../../components/notice.tsx';
import { formatCount } from '../../../format/counts.ts';
import { openCall } from '../call-route.ts';
import { EMPTY_FILTER, isFilterActive, type CallFilter } from './call-filter.ts';
import type { CallsFeed, FeedView } from './calls-feed.ts';
import { CallsTable } from './calls-table.tsx';
import { FilterBar } from './filter-bar.tsx';
import type { CallSelection } from './call-selection.ts';

export interface CallsListProps {
  feed: CallsFeed;
  view: FeedView;
  filter: CallFilter;
  onFilter: (next: CallFilter) => void;
  selectedKey: string | null;
  onSelectKey: (key: string) => void;
  /** Calls ticked for an export. */
  checked?: CallSelection;
  onCheck?: (next: CallSelection) => void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function CallsList({
  feed,
  view,
  filter,
  onFilter,
  selectedKey,
  onSelectKey,
  checked,
  onCheck,
}: CallsListProps) {
  const searchRef = useRef<HTMLInputElement | null>(null);
  const gridRef = useRef<HTMLDivElement | null>(null);
  const active = isFilterActive(filter);

  // `/` jumps to the quick filter from anywhere in the list; Escape outside a field clears the filter.
  // Installed once; the ref hands it the current filter state.
  const latest = useRef({ active, onFilter });
  latest.current = { active, onFilter };
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'Escape' && latest.current.active) {
        e.preventDefault();
        latest.current.onFilter(EMPTY_FILTER);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onOpen = useCallback((call: CallSummary) => openCall(call.callId, call.capture), []);
  const onNearEnd = useCallback(() => void feed.loadMore(), [feed]);
  const noMatch = view.filtered && view.status === 'ready' && view.calls.length === 0;

  return (
    <>
      <FilterBar filter={filter} onChange={onFilter} searchRef={searchRef} onLeave={() => gridRef.current?.focus()} />
      {view.error && (
        <Notice tone="error" testId="calls-error">
          Could not load calls: {view.error}
        </Notice>
      )}
      {noMatch ? (
        <NoMatch onClear={() => onFilter(EMPTY_FILTER)} />
      ) : view.status === 'loading' && view.calls.length === 0 ? (
        <p className="calls-placeholder muted" data-testid="calls-loading">
          {view.filtered ? 'Searching…' : 'Loading calls…'}
        </p>
      ) : (
        <CallsTable
          calls={view.calls}
          selectedKey={selectedKey}
          onSelectKey={onSelectKey}
          onOpen={onOpen}
          onNearEnd={onNearEnd}
          checked={checked}
          onCheck={onCheck}
          gridRef={gridRef as RefObject<HTMLDivElement | null>}
          footer={<ListFooter feed={feed} view={view} />}
        />
      )}
    </>
  );
}

function NoMatch({ onClear }: { onClear: () => void }) {
  return (
    <div className="calls-placeholder" data-testid="calls-no-match">
      <p>No calls match this filter.</p>
      <button type="button" className="button" onClick={onClear}>
        Clear filter
      </button>
    </div>
  );
}

function ListFooter({ feed, view }: { feed: CallsFeed; view: FeedView }) {
  if (view.loadingMore) return <span className="muted">Loading older calls…</span>;
  if (view.full) {
    return (
      <span className="muted">
        Showing the newest {formatCount(view.calls.length)} calls; narrow the filter or time range to see older ones.
      </span>
    );
  }
  if (view.hasMore) {
    return (
      <button
        type="button"
        className="button button--quiet"
        data-testid="calls-load-more"
        onClick={() => void feed.loadMore()}
      >
        Load older calls
      </button>
    );
  }
  return (
    <span className="muted" data-testid="calls-end">
      {view.calls.length === 1 ? 'The only call' : `All ${formatCount(view.calls.length)} calls`}
      {view.filtered ? ' matching the filter' : ''} loaded
    </span>
  );
}
