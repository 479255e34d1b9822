// The AMI event console: every raw event as it arrives, like the Asterisk CLI scrolling by, with
// filters (name, PBX, text), pause (the buffer keeps filling; "N new" says how much is waiting),
// a field view of the clicked event, and a switch to searching stored history.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AmiConnectionInfo } from '../../../../shared/contract.ts';
import { SearchIcon } from '../../../components/icons.tsx';
import { Notice } from '../../../components/notice.tsx';
import { formatCount } from '../../../format/counts.ts';
import { useLiveVersion } from '../../../state/live-buffer.ts';
import type { ConsoleEvent, ConsoleFeed } from './console-feed.ts';
import { EventDetail } from './event-detail.tsx';
import { EMPTY_EVENT_FILTER, eventMatcher, isEventFilterActive, type EventFilter } from './event-filter.ts';
import { EventList } from './event-list.tsx';
import { HistorySearch } from './history-search.tsx';
import { ChoiceSelect, pbxChoices } from '../../../components/choice-select.tsx';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function EventConsole({ feed, connections }: { feed: ConsoleFeed; connections: readonly AmiConnectionInfo[] }) {
  const [mode, setMode] = useState<'live' | 'history'>('live');
  return mode === 'live' ? (
    <LiveConsole feed={feed} connections={connections} onHistory={() => setMode('history')} />
  ) : (
    <HistorySearch connections={connections} onLive={() => setMode('live')} />
  );
}

function LiveConsole({
  feed,
  connections,
  onHistory,
}: {
  feed: ConsoleFeed;
  connections: readonly AmiConnectionInfo[];
  onHistory: () => void;
}) {
  useLiveVersion(feed);
  const view = feed.view;
  const [filter, setFilter] = useState<EventFilter>(EMPTY_EVENT_FILTER);
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null);
  const [follow, setFollow] = useState(true);
  const active = isEventFilterActive(filter);
  const shown = useMemo(
    () => (active ? view.events.filter(eventMatcher(filter)) : view.events),
    [view.events, filter, active],
  );
  const names = useMemo(() => [...new Set(view.events.map((e) => e.name))].sort(), [view.events]);
  const selectedIndex = selectedSeq === null ? -1 : shown.findIndex((e) => e.seq === selectedSeq);
  const selected = selectedIndex >= 0 ? shown[selectedIndex] : undefined;
  const showPbx = connections.length > 1;

  const onSelect = useCallback((index: number) => setSelectedSeq(shown[index]?.seq ?? null), [shown]);
  const togglePause = useCallback(() => (feed.view.paused ? feed.resume() : feed.pause()), [feed]);

  // P pauses and resumes from anywhere in the console (not while typing in a filter).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (e.key === 'p' || e.key === 'P') {
        e.preventDefault();
        togglePause();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [togglePause]);

  const set = <K extends keyof EventFilter>(key: K, value: EventFilter[K]): void =>
    setFilter((f) => ({ ...f, [key]: value }));

  return (
    <section className="console" data-testid="ami-console" aria-label="AMI event console">
      <div className="filter-bar console-bar">
        <button
          type="button"
          className={`button console-pause${view.paused ? ' console-pause--paused' : ''}`}
          aria-pressed={view.paused}
          data-testid="console-pause"
          title={view.paused ? 'Resume (P)' : 'Pause (P): the console keeps collecting'}
          onClick={togglePause}
        >
          {view.paused ? '▶ Resume' : '❚❚ Pause'}
          {view.paused && view.newSincePause > 0 && (
            <span className="console-pause__new num" data-testid="console-new">
              {formatCount(view.newSincePause)} new
            </span>
          )}
        </button>
        <input
          type="text"
          className="console-bar__name"
          list="console-event-names"
          placeholder="Event name"
          aria-label="Event name"
          data-testid="console-name"
          spellCheck={false}
          value={filter.name}
          onChange={(e) => set('name', e.target.value)}
        />
        <datalist id="console-event-names">
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        {showPbx && (
          <ChoiceSelect
            label="PBX"
            value={filter.pbx}
            onChange={(v) => set('pbx', v)}
            choices={pbxChoices(connections)}
            anyLabel="Every PBX"
          />
        )}
        <label className="quick-filter">
          <SearchIcon size={15} />
          <input
            type="text"
            className="quick-filter__input"
            placeholder="Text in any header: channel, Uniqueid, number…"
            aria-label="Text in any header"
            data-testid="console-text"
            spellCheck={false}
            value={filter.text}
            onChange={(e) => set('text', e.target.value)}
          />
        </label>
        {active && (
          <button type="button" className="button button--quiet" onClick={() => setFilter(EMPTY_EVENT_FILTER)}>
            Clear filter
          </button>
        )}
        <span className="board-counts muted num" data-testid="console-counts">
          {active ? `${formatCount(shown.length)} of ` : ''}
          {formatCount(view.events.length)} events · keeps the newest {formatCount(feed.buffer.capacity)}
        </span>
        <button type="button" className="button" onClick={onHistory} data-testid="console-history">
          Search history
        </button>
      </div>
      {view.error && <Notice tone="warning">Earlier events could not be loaded: {view.error}</Notice>}
      <div className={`console-split${selected ? ' console-split--detail' : ''}`}>
        <div className="console-main">
          {view.events.length === 0 ? (
            <p className="calls-placeholder muted" data-testid="console-empty">
              {view.ready ? 'Waiting for AMI events…' : 'Loading the latest events…'}
            </p>
          ) : (
            <EventList
              events={shown}
              keyOf={(e) => (e as ConsoleEvent).seq}
              selectedIndex={selectedIndex}
              onSelect={onSelect}
              showPbx={showPbx}
              follow={follow && !view.paused}
              onFollow={setFollow}
              label="AMI events"
              testId="console-list"
            />
          )}
          {!follow && !view.paused && (
            <button type="button" className="button console-jump" onClick={() => setFollow(true)}>
              ↓ Jump to newest
            </button>
          )}
        </div>
        {selected && <EventDetail event={selected} onClose={() => setSelectedSeq(null)} />}
      </div>
    </section>
  );
}
