// Calls: the live list of SIP dialogs and transactions with its statistics tab, or one call's
// ladder when the address is #/calls/<Call-ID>. Before any call was captured, the empty state says
// how to send SIP here.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useClient } from '../../client/client-context.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { CallsIcon, ChartIcon, ListIcon } from '../../components/icons.tsx';
import { Notice } from '../../components/notice.tsx';
import { nowMicros } from '../../format/clock.ts';
import { formatCount } from '../../format/counts.ts';
import { hepSnippets } from '../../onboarding/hep-snippets.ts';
import { SourceSetup } from '../../onboarding/source-setup.tsx';
import { useConnectionStore } from '../../state/connection-store.ts';
import { useLiveVersion } from '../../state/live-buffer.ts';
import { useCallRoute } from './call-route.ts';
import { CallView } from './detail/call-view.tsx';
import { EMPTY_FILTER, isFilterActive, searchParams, type CallFilter, type TimeRange } from './list/call-filter.ts';
import type { CallsFeed, FeedView } from './list/calls-feed.ts';
import { CallsList } from './list/calls-list.tsx';
import { useAppliedFilter } from './list/use-applied-filter.ts';
import { useCallsFeed } from './list/use-calls-feed.ts';
import { SipStatsPanel } from './stats/sip-stats-panel.tsx';

type CallsTab = 'list' | 'stats';

export function CallsView() {
  const client = useClient();
  const callId = useCallRoute();
  const feed = useCallsFeed(client);
  const [filter, setFilter] = useState<CallFilter>(EMPTY_FILTER);
  const [tab, setTab] = useState<CallsTab>('list');
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const applied = useAppliedFilter(filter);

  useEffect(() => {
    feed?.setSearch(isFilterActive(applied) ? searchParams(applied, nowMicros()) : null);
  }, [feed, applied]);

  return (
    <div className="view view--fill" data-testid="view-calls">
      {callId !== null ? (
        <CallView callId={callId} />
      ) : (
        feed && (
          <CallsHome
            feed={feed}
            filter={filter}
            onFilter={setFilter}
            tab={tab}
            onTab={setTab}
            selectedKey={selectedKey}
            onSelectKey={setSelectedKey}
          />
        )
      )}
    </div>
  );
}

interface CallsHomeProps {
  feed: CallsFeed;
  filter: CallFilter;
  onFilter: (f: CallFilter) => void;
  tab: CallsTab;
  onTab: (t: CallsTab) => void;
  selectedKey: string | null;
  onSelectKey: (key: string) => void;
}

function CallsHome({ feed, filter, onFilter, tab, onTab, selectedKey, onSelectKey }: CallsHomeProps) {
  // Re-render at most once per animation frame when the feed changed; the data is read from it below.
  useLiveVersion(feed);
  const view = feed.view;
  const noCallsAtAll = view.total === 0 && !isFilterActive(filter) && (view.totalReady || view.status === 'error');
  const onRange = useCallback((range: TimeRange) => onFilter({ ...filter, range }), [filter, onFilter]);

  if (noCallsAtAll) return <CallsEmpty error={view.error} />;
  if (!view.totalReady && view.total === 0 && !isFilterActive(filter)) {
    return (
      <p className="calls-placeholder muted" data-testid="calls-loading">
        Loading calls…
      </p>
    );
  }
  return (
    <>
      <div className="calls-toolbar">
        <div className="tabs" role="tablist" aria-label="Calls">
          <Tab id="list" current={tab} onTab={onTab} icon={<ListIcon size={15} />} label="Calls" />
          <Tab id="stats" current={tab} onTab={onTab} icon={<ChartIcon size={15} />} label="Statistics" />
        </div>
        <LiveCounts view={view} />
      </div>
      {tab === 'list' ? (
        <CallsList
          feed={feed}
          view={view}
          filter={filter}
          onFilter={onFilter}
          selectedKey={selectedKey}
          onSelectKey={onSelectKey}
        />
      ) : (
        <SipStatsPanel range={filter.range} onRange={onRange} />
      )}
    </>
  );
}

function Tab({
  id,
  current,
  onTab,
  icon,
  label,
}: {
  id: CallsTab;
  current: CallsTab;
  onTab: (t: CallsTab) => void;
  icon: ReactNode;
  label: string;
}) {
  const on = id === current;
  return (
    <button
      type="button"
      role="tab"
      aria-selected={on}
      className={`tab${on ? ' tab--on' : ''}`}
      data-testid={`calls-tab-${id}`}
      onClick={() => onTab(id)}
    >
      {icon}
      {label}
    </button>
  );
}

function LiveCounts({ view }: { view: FeedView }) {
  const live = useConnectionStore((s) => s.state === 'open');
  return (
    <div className="live-counts">
      <span
        className={`live${live ? ' live--on' : ''}`}
        data-testid="calls-live"
        title={live ? 'New calls appear as they are captured' : 'Not connected to the core'}
      >
        <span className="live__dot" aria-hidden="true" />
        {live ? 'Live' : 'Offline'}
      </span>
      <span className="muted num">
        <span data-testid="calls-count">{formatCount(view.total)}</span>
        {view.totalHasMore ? '+' : ''} calls · <span data-testid="calls-shown">{formatCount(view.calls.length)}</span>
        {view.hasMore ? '+' : ''} shown
      </span>
    </div>
  );
}

function CallsEmpty({ error }: { error: string | null }) {
  return (
    <EmptyState
      testId="empty-calls"
      icon={<CallsIcon size={28} />}
      title="No calls captured yet"
      lead="Calls lists every SIP dialog PBXScope captures — caller, callee, outcome, setup time and duration — with a ladder diagram of each call's messages."
    >
      {error && <Notice tone="error">Could not load calls: {error}</Notice>}
      <SourceSetup
        source="hep"
        heading="Send SIP traffic here as HEP"
        snippets={(target, settings) => hepSnippets(target, settings.hepAuthKey)}
      />
    </EmptyState>
  );
}
