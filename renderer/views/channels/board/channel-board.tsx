// The live channel board: filters (PBX, context, free text), the CLI-style counts, the grouped
// table, and the hang-up confirmation. Re-renders at most once per animation frame whatever the
// event rate; the rows are rebuilt from the store's snapshot only when it changed.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AmiChannel, AmiConnectionInfo } from '../../../../shared/contract.ts';
import { SearchIcon } from '../../../components/icons.tsx';
import { formatCount } from '../../../format/counts.ts';
import { useLiveVersion } from '../../../state/live-buffer.ts';
import { PbxTag } from '../../sources/ami/pbx-tag.tsx';
import { PbxDirectoryContext, visibleColumns } from './channel-columns.tsx';
import { EMPTY_CHANNEL_FILTER, channelMatcher, isChannelFilterActive, type ChannelFilter } from './channel-filter.ts';
import { contextsOf, groupChannels } from './channel-groups.ts';
import type { ChannelStore } from './channel-store.ts';
import { ChannelTable } from './channel-table.tsx';
import { HangupDialog } from './hangup-dialog.tsx';
import { ChoiceSelect, pbxChoices, plainChoices } from '../../../components/choice-select.tsx';

export interface ChannelBoardProps {
  store: ChannelStore;
  connections: readonly AmiConnectionInfo[];
  directory: ReadonlyMap<string, AmiConnectionInfo>;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function ChannelBoardPanel({ store, connections, directory }: ChannelBoardProps) {
  const version = useLiveVersion(store);
  const [filter, setFilter] = useState<ChannelFilter>(EMPTY_CHANNEL_FILTER);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [hangingUp, setHangingUp] = useState<AmiChannel | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const gridRef = useRef<HTMLDivElement | null>(null);

  // `version` is what changes when the store does; the snapshot is read from the store itself.
  const snapshot = useMemo(() => store.snapshot(), [store, version]);
  const active = isChannelFilterActive(filter);
  const board = useMemo(
    () => groupChannels(snapshot, active ? channelMatcher(filter) : null),
    [snapshot, filter, active],
  );
  const contexts = useMemo(() => contextsOf(snapshot.channels), [snapshot]);
  const showPbx = connections.length > 1;
  const showAccount = useMemo(() => snapshot.channels.some((c) => c.accountCode !== ''), [snapshot]);
  const columns = useMemo(() => visibleColumns({ pbx: showPbx, account: showAccount }), [showPbx, showAccount]);

  const canHangUp = useCallback((c: AmiChannel) => directory.get(c.pbx)?.actionsEnabled === true, [directory]);
  const onHangUp = useCallback((c: AmiChannel) => setHangingUp(c), []);

  // `/` jumps to the filter; Escape outside a field clears it (as in the Calls list).
  const latest = useRef({ active });
  latest.current = { active };
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'Escape' && latest.current.active) {
        e.preventDefault();
        setFilter(EMPTY_CHANNEL_FILTER);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const set = <K extends keyof ChannelFilter>(key: K, value: ChannelFilter[K]): void =>
    setFilter((f) => ({ ...f, [key]: value }));
  const total = snapshot.channels.length;

  return (
    <PbxDirectoryContext.Provider value={directory}>
      <div className="filter-bar board-filters" role="search" aria-label="Filter channels">
        <label className="quick-filter">
          <SearchIcon size={15} />
          <input
            ref={searchRef}
            type="text"
            className="quick-filter__input"
            placeholder="Filter by channel, number, name, extension, application"
            aria-label="Filter channels"
            data-testid="channels-filter"
            spellCheck={false}
            autoComplete="off"
            value={filter.text}
            onChange={(e) => set('text', e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                if (filter.text !== '') set('text', '');
                else gridRef.current?.focus();
              } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
                e.preventDefault();
                gridRef.current?.focus();
              }
            }}
          />
          <kbd className="quick-filter__key" aria-hidden="true">
            /
          </kbd>
        </label>
        {showPbx && (
          <ChoiceSelect
            label="PBX"
            value={filter.pbx}
            onChange={(v) => set('pbx', v)}
            choices={pbxChoices(connections)}
            anyLabel="Every PBX"
            testId="channels-pbx"
          />
        )}
        <ChoiceSelect
          label="Context"
          value={filter.context}
          onChange={(v) => set('context', v)}
          choices={plainChoices(contexts)}
          anyLabel="Every context"
          testId="channels-context"
        />
        {active && (
          <button type="button" className="button button--quiet" onClick={() => setFilter(EMPTY_CHANNEL_FILTER)}>
            Clear
          </button>
        )}
        <span className="board-counts muted num" data-testid="channels-counts">
          <strong>{formatCount(total)}</strong> active channel{total === 1 ? '' : 's'} ·{' '}
          <strong>{formatCount(board.calls)}</strong> call{board.calls === 1 ? '' : 's'}
          {active ? ' matching' : ''}
        </span>
      </div>
      {board.rows.length === 0 ? (
        <div className="calls-placeholder board-placeholder" data-testid="channels-no-match">
          <p>No channel matches this filter.</p>
          <button type="button" className="button" onClick={() => setFilter(EMPTY_CHANNEL_FILTER)}>
            Clear filter
          </button>
        </div>
      ) : (
        <ChannelTable
          rows={board.rows}
          columns={columns}
          showPbx={showPbx}
          selectedKey={selectedKey}
          onSelectKey={setSelectedKey}
          canHangUp={canHangUp}
          onHangUp={onHangUp}
          gridRef={gridRef}
        />
      )}
      {!showPbx && connections[0] && (
        <p className="board-legend muted">
          <PbxTag id={connections[0].id} pbx={connections[0]} />
          {connections[0].actionsEnabled
            ? ' · actions allowed: select a channel and press Delete to hang it up'
            : ' · read-only (allow actions on this PBX in Sources to hang up calls)'}
        </p>
      )}
      {hangingUp && (
        <HangupDialog channel={hangingUp} pbx={directory.get(hangingUp.pbx)} onClose={() => setHangingUp(null)} />
      )}
    </PbxDirectoryContext.Provider>
  );
}
