// Channels: the live board of every Asterisk channel over AMI, grouped by call, with the endpoints
// of each PBX and a raw event console as sibling tabs. Without any PBX configured, the empty state
// says how to add one; with PBXs but no channel, it says whether they are idle or why they are not
// connected.
import { useMemo, useState } from 'react';
import { useClient } from '../../client/client-context.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ChannelsIcon, ListIcon } from '../../components/icons.tsx';
import { Notice } from '../../components/notice.tsx';
import { AmiSetup } from '../../onboarding/ami-setup.tsx';
import { useConnectionStore } from '../../state/connection-store.ts';
import { useLiveVersion } from '../../state/live-buffer.ts';
import { hashForView } from '../../state/route.ts';
import { pbxDirectory, useAmiConnections } from '../sources/ami/use-ami-connections.ts';
import { PbxDirectoryContext } from './board/channel-columns.tsx';
import { ChannelBoardPanel } from './board/channel-board.tsx';
import type { ChannelStore } from './board/channel-store.ts';
import { useChannelBoard } from './board/use-channel-board.ts';
import { EventConsole } from './console/event-console.tsx';
import { EndpointsPanel } from './endpoints/endpoints-panel.tsx';
import { PbxStates } from './pbx-states.tsx';
import { useConsoleFeed } from './use-console-feed.ts';
import { ViewTab } from '../../components/view-tab.tsx';

type ChannelsTab = 'board' | 'endpoints' | 'console';

export function ChannelsView() {
  const client = useClient();
  const { list, error, receivedAtMs } = useAmiConnections();
  const board = useChannelBoard(list);
  const feed = useConsoleFeed(client);
  const [tab, setTab] = useState<ChannelsTab>('board');
  // One map per list: views below compare it by identity.
  const directory = useMemo(() => pbxDirectory(list), [list]);

  if (list === null) {
    return (
      <div className="view view--fill" data-testid="view-channels">
        <p className="muted">Loading PBX connections…</p>
      </div>
    );
  }
  if (list.length === 0) {
    return (
      <div className="view view--fill" data-testid="view-channels">
        <ChannelsEmpty error={error} />
      </div>
    );
  }
  return (
    <div className="view view--fill" data-testid="view-channels">
      <PbxDirectoryContext.Provider value={directory}>
        <div className="calls-toolbar">
          <div className="tabs" role="tablist" aria-label="Channels">
            <ViewTab
              testPrefix="channels-tab"
              id="board"
              current={tab}
              onTab={setTab}
              label="Channels"
              icon={<ChannelsIcon size={15} />}
            />
            <ViewTab
              testPrefix="channels-tab"
              id="endpoints"
              current={tab}
              onTab={setTab}
              label="Endpoints"
              icon={<ListIcon size={15} />}
            />
            <ViewTab
              testPrefix="channels-tab"
              id="console"
              current={tab}
              onTab={setTab}
              label="Event console"
              icon={<ConsoleIcon />}
            />
          </div>
          <LiveBadge />
        </div>
        {error && <Notice tone="error">Could not refresh the PBX connections: {error}</Notice>}
        {tab === 'board' && (
          <BoardTab
            store={board.store}
            loaded={board.loaded}
            boardError={board.error}
            connections={list}
            directory={directory}
            receivedAtMs={receivedAtMs}
          />
        )}
        {tab === 'endpoints' && <EndpointsPanel directory={directory} />}
        {tab === 'console' && feed && <EventConsole feed={feed} connections={list} />}
      </PbxDirectoryContext.Provider>
    </div>
  );
}

function BoardTab({
  store,
  loaded,
  boardError,
  connections,
  directory,
  receivedAtMs,
}: {
  store: ChannelStore;
  loaded: boolean;
  boardError: string | null;
  connections: NonNullable<ReturnType<typeof useAmiConnections>['list']>;
  directory: ReturnType<typeof pbxDirectory>;
  receivedAtMs: number;
}) {
  // Only the "any channel at all" question is asked here; the board re-renders itself per frame.
  useLiveVersion(store);
  return (
    <>
      {boardError && <Notice tone="error">Could not load the channels: {boardError}</Notice>}
      {!loaded ? (
        <p className="muted">Loading channels…</p>
      ) : store.size === 0 ? (
        <PbxStates connections={connections} receivedAtMs={receivedAtMs} what="calls" />
      ) : (
        <ChannelBoardPanel store={store} connections={connections} directory={directory} />
      )}
    </>
  );
}

function LiveBadge() {
  const live = useConnectionStore((s) => s.state === 'open');
  return (
    <span
      className={`live${live ? ' live--on' : ''}`}
      title={live ? 'Updates as the PBXs send events' : 'Not connected to the core'}
    >
      <span className="live__dot" aria-hidden="true" />
      {live ? 'Live' : 'Offline'}
    </span>
  );
}

/** A terminal prompt: the console tab. */
function ConsoleIcon() {
  return (
    <svg
      width={15}
      height={15}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M7 9l3 3-3 3M12 15h5" />
    </svg>
  );
}

function ChannelsEmpty({ error }: { error: string | null }) {
  return (
    <EmptyState
      testId="empty-channels"
      icon={<ChannelsIcon size={28} />}
      title="No live channels"
      lead="Channels is a live board of every Asterisk channel: who is talking to whom, its state, how long it has been up and the application it is in."
    >
      {error && <Notice tone="error">Could not load the PBX connections: {error}</Notice>}
      <p className="empty__next">
        <a className="button button--primary" href={hashForView('sources')} data-testid="channels-add-pbx">
          Add a PBX in Sources
        </a>
        <span className="muted">Then come back: its channels appear here live.</span>
      </p>
      <AmiSetup />
    </EmptyState>
  );
}
