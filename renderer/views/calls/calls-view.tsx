// Calls: the live list of SIP dialogs and transactions with its statistics tab, or one call's
// ladder when the address is #/calls/<Call-ID>. The capture selector switches all of it to an
// imported capture (#/calls?capture=3), with a banner saying so. Captures are opened from the
// toolbar or dropped on the view, and the calls shown (or ticked) export as a trace. Before any
// call was captured, the empty state says how to send SIP here.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { CaptureInfo } from '../../../shared/contract.ts';
import { useClient } from '../../client/client-context.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { CallsIcon, ChartIcon, DownloadIcon, ListIcon } from '../../components/icons.tsx';
import { Notice } from '../../components/notice.tsx';
import { nowMicros } from '../../format/clock.ts';
import { formatCount } from '../../format/counts.ts';
import { hepSnippets } from '../../onboarding/hep-snippets.ts';
import { SourceSetup } from '../../onboarding/source-setup.tsx';
import { useConnectionStore } from '../../state/connection-store.ts';
import { useLiveVersion } from '../../state/live-buffer.ts';
import { LIVE_CAPTURE, showCapture, useCallsRoute } from './call-route.ts';
import { CaptureBanner } from './captures/capture-banner.tsx';
import { CapturePicker } from './captures/capture-picker.tsx';
import { CapturesManager } from './captures/captures-manager.tsx';
import { ImportPanel } from './captures/import-panel.tsx';
import { OpenCaptureButton } from './captures/open-capture-button.tsx';
import { useCaptures } from './captures/use-captures.ts';
import { useFileDrop } from './captures/use-file-drop.ts';
import { useImports, type Imports } from './captures/use-imports.ts';
import { CallView } from './detail/call-view.tsx';
import { ExportDialog } from './export/export-dialog.tsx';
import type { ExportSelection } from './export/export-selection.ts';
import { EMPTY_FILTER, isFilterActive, searchParams, type CallFilter, type TimeRange } from './list/call-filter.ts';
import { NO_CALLS_SELECTED, type CallSelection } from './list/call-selection.ts';
import type { CallsFeed, FeedView } from './list/calls-feed.ts';
import { CallsList } from './list/calls-list.tsx';
import { useAppliedFilter } from './list/use-applied-filter.ts';
import { useCallsFeed } from './list/use-calls-feed.ts';
import { SipStatsPanel } from './stats/sip-stats-panel.tsx';
import { ViewTab } from '../../components/view-tab.tsx';

type CallsTab = 'list' | 'stats';

export function CallsView() {
  const client = useClient();
  const { callId, capture } = useCallsRoute();
  const feed = useCallsFeed(client, capture);
  const captures = useCaptures(client);
  const imports = useImports(client);
  const [filter, setFilter] = useState<CallFilter>(EMPTY_FILTER);
  const [tab, setTab] = useState<CallsTab>('list');
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  // Ticks belong to the capture they were made in.
  const [ticked, setTicked] = useState<{ capture: number; calls: CallSelection }>({
    capture,
    calls: NO_CALLS_SELECTED,
  });
  const checked = ticked.capture === capture ? ticked.calls : NO_CALLS_SELECTED;
  const onCheck = useCallback((calls: CallSelection) => setTicked({ capture, calls }), [capture]);
  const [managing, setManaging] = useState(false);
  const applied = useAppliedFilter(filter);
  const info = captures.captures.find((c) => c.id === capture);
  // "Last 15 min" of an imported capture means its last 15 minutes, not the wall clock's.
  const endUs = capture === LIVE_CAPTURE ? null : (info?.lastTs ?? null);

  useEffect(() => {
    const anchor = endUs === null ? nowMicros() : endUs + 1;
    feed?.setSearch(isFilterActive(applied) ? searchParams(applied, anchor) : null);
  }, [feed, applied, endUs]);

  const drop = useFileDrop(imports.canUpload, imports.upload);
  const onDeleted = (id: number): void => {
    captures.refresh();
    if (id === capture) showCapture(LIVE_CAPTURE);
  };

  return (
    <div className="view view--fill" data-testid="view-calls" {...drop.handlers}>
      {capture !== LIVE_CAPTURE && (
        <CaptureBanner
          capture={capture}
          info={info}
          loaded={captures.loaded}
          onLive={() => showCapture(LIVE_CAPTURE)}
        />
      )}
      {callId !== null ? (
        <CallView callId={callId} capture={capture} captureName={info?.name} />
      ) : (
        feed && (
          <CallsHome
            feed={feed}
            capture={capture}
            captureInfo={info}
            captureEndUs={endUs}
            toolbar={
              <CaptureTools
                capture={capture}
                captures={captures.captures}
                imports={imports}
                onManage={() => setManaging(true)}
              />
            }
            imports={imports}
            filter={filter}
            applied={applied}
            onFilter={setFilter}
            tab={tab}
            onTab={setTab}
            selectedKey={selectedKey}
            onSelectKey={setSelectedKey}
            checked={checked}
            onCheck={onCheck}
          />
        )
      )}
      {managing && (
        <CapturesManager
          captures={captures.captures}
          current={capture}
          onBrowse={(id) => {
            setManaging(false);
            showCapture(id);
          }}
          onDeleted={onDeleted}
          onClose={() => setManaging(false)}
        />
      )}
      {drop.dragging && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          <p className="drop-overlay__text">Drop a pcap, pcapng or .pbxscope file to import it</p>
        </div>
      )}
    </div>
  );
}

function CaptureTools({
  capture,
  captures,
  imports,
  onManage,
}: {
  capture: number;
  captures: readonly CaptureInfo[];
  imports: Imports;
  onManage: () => void;
}) {
  return (
    <>
      <CapturePicker capture={capture} captures={captures} onPick={showCapture} onManage={onManage} />
      <OpenCaptureButton canUpload={imports.canUpload} onFile={imports.upload} />
    </>
  );
}

interface CallsHomeProps {
  feed: CallsFeed;
  capture: number;
  captureInfo: CaptureInfo | undefined;
  captureEndUs: number | null;
  toolbar: ReactNode;
  imports: Imports;
  filter: CallFilter;
  /** The filter the list shows right now (typing settles first): what "export matching" means. */
  applied: CallFilter;
  onFilter: (f: CallFilter) => void;
  tab: CallsTab;
  onTab: (t: CallsTab) => void;
  selectedKey: string | null;
  onSelectKey: (key: string) => void;
  checked: CallSelection;
  onCheck: (next: CallSelection) => void;
}

function CallsHome(props: CallsHomeProps) {
  const { feed, capture, captureInfo, captureEndUs, toolbar, imports, filter, applied, onFilter, tab, onTab } = props;
  // Re-render at most once per animation frame when the feed changed; the data is read from it below.
  useLiveVersion(feed);
  const [exporting, setExporting] = useState<ExportSelection | null>(null);
  const view = feed.view;
  const noCallsAtAll = view.total === 0 && !isFilterActive(filter) && (view.totalReady || view.status === 'error');
  const onRange = useCallback((range: TimeRange) => onFilter({ ...filter, range }), [filter, onFilter]);
  const importPanel = <ImportPanel imports={imports} onBrowse={showCapture} />;

  if (noCallsAtAll) {
    return capture === LIVE_CAPTURE ? (
      <CallsEmpty error={view.error} tools={toolbar} imports={importPanel} />
    ) : (
      <>
        <div className="calls-toolbar calls-toolbar--bare">{toolbar}</div>
        {importPanel}
        <p className="calls-placeholder muted" data-testid="capture-empty">
          {view.error ? `Could not load the capture: ${view.error}` : 'This capture holds no calls.'}
        </p>
      </>
    );
  }
  if (!view.totalReady && view.total === 0 && !isFilterActive(filter)) {
    return (
      <p className="calls-placeholder muted" data-testid="calls-loading">
        Loading calls…
      </p>
    );
  }

  const openExport = (): void => {
    if (props.checked.size > 0) {
      setExporting({ kind: 'calls', callIds: [...props.checked], capture });
      return;
    }
    const filtered = isFilterActive(applied);
    const anchor = captureEndUs === null ? nowMicros() : captureEndUs + 1;
    setExporting({ kind: 'query', query: filtered ? searchParams(applied, anchor) : {}, filtered, capture });
  };

  return (
    <>
      <div className="calls-toolbar">
        <div className="tabs" role="tablist" aria-label="Calls">
          <ViewTab
            testPrefix="calls-tab"
            id="list"
            current={tab}
            onTab={onTab}
            icon={<ListIcon size={15} />}
            label="Calls"
          />
          <ViewTab
            testPrefix="calls-tab"
            id="stats"
            current={tab}
            onTab={onTab}
            icon={<ChartIcon size={15} />}
            label="Statistics"
          />
        </div>
        <div className="calls-toolbar__tools">
          {toolbar}
          <ExportButton
            count={props.checked.size}
            onExport={openExport}
            onClear={() => props.onCheck(NO_CALLS_SELECTED)}
          />
        </div>
        <LiveCounts view={view} capture={capture} />
      </div>
      {importPanel}
      {tab === 'list' ? (
        <CallsList
          feed={feed}
          view={view}
          filter={filter}
          onFilter={onFilter}
          selectedKey={props.selectedKey}
          onSelectKey={props.onSelectKey}
          checked={props.checked}
          onCheck={props.onCheck}
        />
      ) : (
        <SipStatsPanel range={filter.range} onRange={onRange} capture={capture} captureEndUs={captureEndUs} />
      )}
      {exporting && (
        <ExportDialog selection={exporting} captureName={captureInfo?.name} onClose={() => setExporting(null)} />
      )}
    </>
  );
}

function ExportButton({ count, onExport, onClear }: { count: number; onExport: () => void; onClear: () => void }) {
  return (
    <span className="export-button">
      <button
        type="button"
        className="button"
        onClick={onExport}
        data-testid="calls-export"
        title={
          count > 0
            ? 'Export the ticked calls as a trace'
            : 'Export every call the list shows (tick calls with Space, Ctrl+click or Shift+click to export only those)'
        }
      >
        <DownloadIcon size={15} />
        {count > 0 ? `Export ${formatCount(count)} selected…` : 'Export…'}
      </button>
      {count > 0 && (
        <button type="button" className="button button--quiet" onClick={onClear} data-testid="calls-clear-selection">
          Clear selection
        </button>
      )}
    </span>
  );
}

function LiveCounts({ view, capture }: { view: FeedView; capture: number }) {
  const live = useConnectionStore((s) => s.state === 'open');
  return (
    <div className="live-counts">
      {capture === LIVE_CAPTURE ? (
        <span
          className={`live${live ? ' live--on' : ''}`}
          data-testid="calls-live"
          title={live ? 'New calls appear as they are captured' : 'Not connected to the core'}
        >
          <span className="live__dot" aria-hidden="true" />
          {live ? 'Live' : 'Offline'}
        </span>
      ) : (
        <span
          className="live live--capture"
          data-testid="calls-imported"
          title="An imported capture: nothing new arrives"
        >
          Imported
        </span>
      )}
      <span className="muted num">
        <span data-testid="calls-count">{formatCount(view.total)}</span>
        {view.totalHasMore ? '+' : ''} calls · <span data-testid="calls-shown">{formatCount(view.calls.length)}</span>
        {view.hasMore ? '+' : ''} shown
      </span>
    </div>
  );
}

function CallsEmpty({ error, tools, imports }: { error: string | null; tools: ReactNode; imports: ReactNode }) {
  return (
    <EmptyState
      testId="empty-calls"
      icon={<CallsIcon size={28} />}
      title="No calls captured yet"
      lead="Calls lists every SIP dialog PBXScope captures — caller, callee, outcome, setup time and duration — with a ladder diagram of each call's messages."
    >
      {error && <Notice tone="error">Could not load calls: {error}</Notice>}
      <div className="empty-capture">
        <p className="empty-capture__lead">Have a capture file already? Open it to browse its calls here.</p>
        <div className="empty-capture__tools">{tools}</div>
      </div>
      {imports}
      <SourceSetup
        source="hep"
        heading="Send SIP traffic here as HEP"
        snippets={(target, settings) => hepSnippets(target, settings.hepAuthKey)}
      />
    </EmptyState>
  );
}
