// One call: who called whom and how it ended, the KPI strip, the ladder of every message (linked
// legs merged), and the selected message's raw SIP and SDP. Keyboard: arrows move between
// messages, Escape goes back to the list. A call still in progress refreshes as deltas arrive.
// "Export…" writes the call with its legs as a trace for a ticket.
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { CallDetail, SdpSummaryView } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { CopyButton } from '../../../components/copy-button.tsx';
import { ArrowLeftIcon, ArrowRightIcon, DownloadIcon } from '../../../components/icons.tsx';
import { Notice } from '../../../components/notice.tsx';
import { LIVE_CAPTURE, backToCalls } from '../call-route.ts';
import { ExportDialog } from '../export/export-dialog.tsx';
import { StateBadge } from '../state-badge.tsx';
import { KpiStrip } from './kpi-strip.tsx';
import { LEG_COLOURS, Ladder } from './ladder.tsx';
import { MessagePane } from './message-pane.tsx';
import { parseSdp } from './sdp-summary.ts';

/**
 * Share of the split the ladder spreads three or four hosts over; the raw message gets the rest.
 * A ladder with more hosts grows into the message pane's share down to its minimum (call.css).
 */
const LADDER_SHARE = 0.55;
/** Split width assumed before it is measured (and in a DOM without layout): a 1440 px window. */
const FALLBACK_SPLIT_WIDTH = 1180;

/** A call in progress is fetched again at most this often while its deltas keep coming. */
export const CALL_REFRESH_MS = 1000;

type Loaded =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'error'; message: string }
  | { status: 'ready'; detail: CallDetail };

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export interface CallViewProps {
  callId: string;
  /** 0 (default) is live traffic; another id an imported capture. */
  capture?: number;
  /** The imported capture's name, for the export dialog. */
  captureName?: string;
}

export function CallView({ callId, capture = LIVE_CAPTURE, captureName }: CallViewProps) {
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [selected, setSelected] = useState(0);
  const [exporting, setExporting] = useState(false);

  const load = useCallback(async (): Promise<Loaded> => {
    const r = await client.invoke('calls.get', capture === LIVE_CAPTURE ? { callId } : { callId, capture });
    if (r.ok) return { status: 'ready', detail: r.result };
    return r.code === 'not_found' ? { status: 'missing' } : { status: 'error', message: r.message };
  }, [client, callId, capture]);

  useEffect(() => {
    let cancelled = false;
    setLoaded({ status: 'loading' });
    setSelected(0);
    void load().then((l) => {
      if (!cancelled) setLoaded(l);
    });
    return () => {
      cancelled = true;
    };
  }, [load]);

  // Deltas for this call (or a leg) mean new messages: refetch, at most once per CALL_REFRESH_MS.
  const legIds = loaded.status === 'ready' ? loaded.detail.legs.map((l) => l.callId) : [];
  const watched = [callId, ...legIds].join('\n');
  useEffect(() => {
    // Deltas describe live traffic only: a call of an imported capture never changes.
    if (capture !== LIVE_CAPTURE) return;
    const ids = new Set(watched.split('\n'));
    let timer: ReturnType<typeof setTimeout> | null = null;
    let cancelled = false;
    const off = client.subscribe('calls.delta', ({ calls }) => {
      if (timer !== null || !calls.some((c) => ids.has(c.callId))) return;
      timer = setTimeout(() => {
        timer = null;
        void load().then((l) => {
          if (!cancelled && l.status === 'ready') setLoaded(l);
        });
      }, CALL_REFRESH_MS);
    });
    return () => {
      cancelled = true;
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [client, watched, load, capture]);

  const detail = loaded.status === 'ready' ? loaded.detail : null;
  const count = detail?.ladder.arrows.length ?? 0;

  // Read through a ref: the key handler is installed once and always sees the current message count.
  const countRef = useRef(count);
  countRef.current = count;
  const captureRef = useRef(capture);
  captureRef.current = capture;
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const last = countRef.current - 1;
      const moves: Record<string, (i: number) => number> = {
        ArrowDown: (i) => i + 1,
        ArrowUp: (i) => i - 1,
        j: (i) => i + 1,
        k: (i) => i - 1,
        Home: () => 0,
        End: () => last,
      };
      if (e.key === 'Escape') {
        e.preventDefault();
        backToCalls(captureRef.current);
        return;
      }
      const move = moves[e.key];
      if (!move || last < 0) return;
      e.preventDefault();
      setSelected((i) => Math.max(0, Math.min(last, move(i))));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="call" data-testid="call-view">
      {!detail && <BackButton capture={capture} />}
      {loaded.status === 'loading' && <p className="muted">Loading the call…</p>}
      {loaded.status === 'missing' && (
        <Notice tone="warning" testId="call-missing">
          No call with Call-ID <code>{callId}</code> is stored. It may have been removed by retention.
        </Notice>
      )}
      {loaded.status === 'error' && <Notice tone="error">Could not load the call: {loaded.message}</Notice>}
      {detail && (
        <CallBody
          detail={detail}
          capture={capture}
          selected={Math.min(selected, Math.max(0, count - 1))}
          onSelect={setSelected}
          onExport={() => setExporting(true)}
        />
      )}
      {detail && exporting && (
        <ExportDialog
          selection={{ kind: 'call', callId, legIds: detail.legs.map((l) => l.callId), capture }}
          captureName={captureName}
          onClose={() => setExporting(false)}
        />
      )}
    </div>
  );
}

function BackButton({ capture }: { capture: number }) {
  return (
    <button
      type="button"
      className="button button--quiet call__back"
      onClick={() => backToCalls(capture)}
      data-testid="call-back"
      title="Back to the calls list (Esc)"
    >
      <ArrowLeftIcon size={15} />
      Calls
      <kbd className="call__key">Esc</kbd>
    </button>
  );
}

function CallBody({
  detail,
  capture,
  selected,
  onSelect,
  onExport,
}: {
  detail: CallDetail;
  capture: number;
  selected: number;
  onSelect: (i: number) => void;
  onExport: () => void;
}) {
  const { call, ladder } = detail;
  const splitRef = useRef<HTMLDivElement | null>(null);
  const splitWidth = useWidth(splitRef);
  const messagesById = useMemo(() => new Map(detail.messages.map((m) => [m.id, m])), [detail.messages]);
  const sdpById = useMemo(() => {
    const m = new Map<number, SdpSummaryView>();
    for (const msg of detail.messages) {
      const sdp = msg.sdp ?? parseSdp(msg.raw);
      if (sdp) m.set(msg.id, sdp);
    }
    return m;
  }, [detail.messages]);
  const sdpIds = useMemo(() => new Set(sdpById.keys()), [sdpById]);
  const arrow = ladder.arrows[selected];
  const message = arrow ? messagesById.get(arrow.messageId) : undefined;
  const legIds = [...new Set(ladder.arrows.map((a) => a.callId))];

  return (
    <>
      <header className="call__head">
        <BackButton capture={capture} />
        <h2 className="call__parties" data-testid="call-parties">
          <span title={call.fromUri}>{call.from || '(anonymous)'}</span>
          <ArrowRightIcon size={16} />
          <span title={call.toUri}>{call.to || '(unknown)'}</span>
        </h2>
        <span className="call__method">{call.method}</span>
        <StateBadge state={call.state} />
        <span className="call__id" data-testid="call-id">
          <span className="call__id-label">Call-ID</span>
          <code title={call.callId}>{call.callId}</code>
          <CopyButton text={call.callId} />
        </span>
        <button
          type="button"
          className="button call__export"
          onClick={onExport}
          title="Write this call with its legs as pcap, text, HTML or a bundle, redacted for a ticket"
          data-testid="call-export"
        >
          <DownloadIcon size={15} />
          Export…
        </button>
      </header>
      <KpiStrip call={call} />
      {legIds.length > 1 && (
        <ul className="legs" aria-label="Call legs" data-testid="call-legs">
          {legIds.map((id, i) => (
            <li key={id} className="legs__item">
              <span className={`legs__swatch ladder-leg--${i % LEG_COLOURS}`} aria-hidden="true" />
              <code>{id}</code>
            </li>
          ))}
        </ul>
      )}
      <div className="call__split" ref={splitRef}>
        <Ladder
          ladder={ladder}
          selected={selected}
          onSelect={onSelect}
          sdpMessageIds={sdpIds}
          availableWidth={Math.round(splitWidth * LADDER_SHARE)}
        />
        <MessagePane message={message} sdp={message ? (sdpById.get(message.id) ?? null) : null} />
      </div>
    </>
  );
}

/** An element's inner width, followed on resize. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(FALLBACK_SPLIT_WIDTH);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = (): void => {
      if (el.clientWidth > 0) setWidth(el.clientWidth);
    };
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
