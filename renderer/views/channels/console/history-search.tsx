// Searching stored AMI events (`ami.events.search`): by name, text, Uniqueid, PBX and time range,
// newest first, a page at a time. The live console keeps collecting meanwhile.
import { useState, type FormEvent } from 'react';
import type { AmiConnectionInfo, AmiEventRow, ParamsOf } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { Notice } from '../../../components/notice.tsx';
import { nowMicros } from '../../../format/clock.ts';
import { formatCount } from '../../../format/counts.ts';
import { EventDetail } from './event-detail.tsx';
import { EventList } from './event-list.tsx';
import { ChoiceSelect, pbxChoices } from '../../../components/choice-select.tsx';

/** One page: several screens of 22 px lines, answered by the core's index in a few ms. */
export const HISTORY_PAGE_SIZE = 200;
/** The core refuses shorter text searches (a one-letter substring scan is slow and useless). */
const TEXT_MIN = 2;

const US_PER_MINUTE = 60_000_000;
const RANGES = {
  '15m': 15 * US_PER_MINUTE,
  '1h': 60 * US_PER_MINUTE,
  '24h': 24 * 60 * US_PER_MINUTE,
  all: null,
} as const;
type Range = keyof typeof RANGES;
const RANGE_LABELS: Record<Range, string> = {
  '15m': 'Last 15 min',
  '1h': 'Last hour',
  '24h': 'Last 24 h',
  all: 'All stored',
};

interface Query {
  name: string;
  text: string;
  uniqueid: string;
  pbx: string;
  range: Range;
}

type Results = { items: AmiEventRow[]; cursor: string | null; params: ParamsOf<'ami.events.search'> };

export function HistorySearch({
  connections,
  onLive,
}: {
  connections: readonly AmiConnectionInfo[];
  onLive: () => void;
}) {
  const client = useClient();
  const [query, setQuery] = useState<Query>({ name: '', text: '', uniqueid: '', pbx: '', range: '1h' });
  const [results, setResults] = useState<Results | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(-1);
  const textTooShort = query.text.trim() !== '' && query.text.trim().length < TEXT_MIN;

  function paramsOf(q: Query): ParamsOf<'ami.events.search'> {
    const span = RANGES[q.range];
    return {
      ...(q.name.trim() ? { name: q.name.trim() } : {}),
      ...(q.text.trim() ? { text: q.text.trim() } : {}),
      ...(q.uniqueid.trim() ? { uniqueid: q.uniqueid.trim() } : {}),
      ...(q.pbx ? { pbx: q.pbx } : {}),
      ...(span !== null ? { from: nowMicros() - span } : {}),
    };
  }

  async function run(params: ParamsOf<'ami.events.search'>, cursor: string | null): Promise<void> {
    setBusy(true);
    setError(null);
    const result = await client.invoke('ami.events.search', { ...params, limit: HISTORY_PAGE_SIZE, cursor });
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setResults((prev) => ({
      items: cursor && prev ? [...prev.items, ...result.result.items] : result.result.items,
      cursor: result.result.nextCursor,
      params,
    }));
    if (!cursor) setSelected(-1);
  }

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    if (textTooShort) return;
    void run(paramsOf(query), null);
  };
  const set = <K extends keyof Query>(key: K, value: Query[K]): void => setQuery((q) => ({ ...q, [key]: value }));
  const selectedEvent = selected >= 0 ? results?.items[selected] : undefined;

  return (
    <section className="console" data-testid="ami-history" aria-label="Search stored AMI events">
      <form className="filter-bar console-bar" onSubmit={onSubmit} role="search">
        <button type="button" className="button" onClick={onLive} data-testid="console-live">
          ← Live console
        </button>
        <input
          type="text"
          className="console-bar__name"
          placeholder="Event name"
          aria-label="Event name"
          spellCheck={false}
          value={query.name}
          onChange={(e) => set('name', e.target.value)}
        />
        <input
          type="text"
          className="console-bar__text"
          placeholder="Text in any header"
          aria-label="Text in any header"
          aria-invalid={textTooShort ? true : undefined}
          title={textTooShort ? `At least ${TEXT_MIN} characters` : undefined}
          spellCheck={false}
          value={query.text}
          onChange={(e) => set('text', e.target.value)}
        />
        <input
          type="text"
          className="console-bar__uniqueid num"
          placeholder="Uniqueid"
          aria-label="Uniqueid"
          spellCheck={false}
          value={query.uniqueid}
          onChange={(e) => set('uniqueid', e.target.value)}
        />
        {connections.length > 1 && (
          <ChoiceSelect
            label="PBX"
            value={query.pbx}
            onChange={(v) => set('pbx', v)}
            choices={pbxChoices(connections)}
            anyLabel="Every PBX"
          />
        )}
        <ChoiceSelect
          label="Time range"
          value={query.range}
          onChange={(v) => set('range', v as Range)}
          choices={(Object.keys(RANGES) as Range[]).map((r) => ({ value: r, label: RANGE_LABELS[r] }))}
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || textTooShort}
          data-testid="history-search"
        >
          {busy && !results ? 'Searching…' : 'Search'}
        </button>
        {results && (
          <span className="board-counts muted num" data-testid="history-count">
            {formatCount(results.items.length)}
            {results.cursor ? '+' : ''} events, newest first
          </span>
        )}
      </form>
      {error && <Notice tone="error">Search failed: {error}</Notice>}
      <div className={`console-split${selectedEvent ? ' console-split--detail' : ''}`}>
        <div className="console-main">
          {results === null ? (
            <p className="calls-placeholder muted">
              Every AMI event PBXScope received is stored (until retention removes it). Search by name, any header text
              or a call&apos;s Uniqueid.
            </p>
          ) : results.items.length === 0 ? (
            <p className="calls-placeholder muted" data-testid="history-none">
              No stored event matches.
            </p>
          ) : (
            <EventList
              events={results.items}
              keyOf={(e) => e.id}
              selectedIndex={selected}
              onSelect={setSelected}
              showPbx={connections.length > 1}
              follow={null}
              label="Stored AMI events"
              testId="history-list"
              footer={
                results.cursor ? (
                  <button
                    type="button"
                    className="button button--quiet"
                    disabled={busy}
                    onClick={() => void run(results.params, results.cursor)}
                  >
                    {busy ? 'Loading…' : 'Load older events'}
                  </button>
                ) : (
                  <span className="muted">All matching events loaded</span>
                )
              }
            />
          )}
        </div>
        {selectedEvent && <EventDetail event={selectedEvent} onClose={() => setSelected(-1)} />}
      </div>
    </section>
  );
}
