// Endpoints: each PBX's SIP endpoints, whether they can take a call, and each contact's qualify
// status and round-trip time. Polled every few seconds while on screen: contacts change slowly and
// the PBX only reports RTT at each qualify.
import { useEffect, useMemo, useState } from 'react';
import type { AmiConnectionInfo, AmiEndpoint } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { SearchIcon } from '../../../components/icons.tsx';
import { Notice } from '../../../components/notice.tsx';
import { formatClock, nowMicros } from '../../../format/clock.ts';
import { formatCount } from '../../../format/counts.ts';
import { PbxTag } from '../../sources/ami/pbx-tag.tsx';
import { countEndpoints, rttTone, stateHealth, type Health } from './endpoint-health.ts';

/** Qualify runs every 30-60 s on a typical PBX; 5 s shows a change soon without loading the core. */
export const ENDPOINTS_REFRESH_MS = 5000;

const HEALTH_TONES: Record<Health, 'live' | 'info' | 'bad' | 'idle'> = {
  ok: 'live',
  busy: 'info',
  bad: 'bad',
  unknown: 'idle',
};

export function EndpointsPanel({ directory }: { directory: ReadonlyMap<string, AmiConnectionInfo> }) {
  const client = useClient();
  const [endpoints, setEndpoints] = useState<AmiEndpoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [text, setText] = useState('');

  useEffect(() => {
    let cancelled = false;
    const load = async (): Promise<void> => {
      if (typeof document !== 'undefined' && document.hidden) return;
      const result = await client.invoke('endpoints.list', {});
      if (cancelled) return;
      if (result.ok) {
        setEndpoints(result.result);
        setError(null);
        setUpdatedAt(nowMicros());
      } else {
        setError(result.message);
      }
    };
    void load();
    const timer = setInterval(() => void load(), ENDPOINTS_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [client]);

  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const list = [...(endpoints ?? [])].sort((a, b) => a.pbx.localeCompare(b.pbx) || a.name.localeCompare(b.name));
    if (needle === '') return list;
    return list.filter((e) =>
      [e.name, e.state, ...e.contacts.map((c) => c.uri)].some((s) => s.toLowerCase().includes(needle)),
    );
  }, [endpoints, text]);
  const counts = countEndpoints(endpoints ?? []);
  const showPbx = directory.size > 1;

  return (
    <section className="endpoints" data-testid="endpoints-panel" aria-label="Endpoints">
      <div className="filter-bar">
        <label className="quick-filter">
          <SearchIcon size={15} />
          <input
            type="text"
            className="quick-filter__input"
            placeholder="Filter by endpoint, state or contact"
            aria-label="Filter endpoints"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <span className="board-counts muted num" data-testid="endpoints-counts">
          <strong>{formatCount(counts.total)}</strong> endpoints ·{' '}
          <span className="ok-text">{formatCount(counts.reachable)} reachable</span>
          {' · '}
          <span className={counts.unreachable > 0 ? 'bad-text' : ''}>
            {formatCount(counts.unreachable)} unreachable
          </span>
          {updatedAt !== null && <> · updated {formatClock(updatedAt).slice(0, 8)}</>}
        </span>
      </div>
      {error && <Notice tone="error">Could not load endpoints: {error}</Notice>}
      {endpoints === null ? (
        !error && <p className="muted">Loading endpoints…</p>
      ) : endpoints.length === 0 ? (
        <p className="calls-placeholder muted" data-testid="endpoints-none">
          The connected PBXs reported no PJSIP endpoint (or the AMI user may not run PJSIPShowEndpoints).
        </p>
      ) : (
        <div className="endpoints-table" role="table" aria-label="Endpoints">
          <div className="endpoints-row endpoints-row--head" role="row">
            {showPbx && <span role="columnheader">PBX</span>}
            <span role="columnheader">Endpoint</span>
            <span role="columnheader">State</span>
            <span role="columnheader">Contacts</span>
          </div>
          {shown.map((e) => (
            <div
              key={`${e.pbx}\u0000${e.name}`}
              className={`endpoints-row${showPbx ? '' : ' endpoints-row--one-pbx'}`}
              role="row"
              data-testid="endpoint-row"
              data-endpoint={e.name}
            >
              {showPbx && (
                <span role="cell">
                  <PbxTag id={e.pbx} pbx={directory.get(e.pbx)} />
                </span>
              )}
              <span role="cell" className="endpoints-row__name">
                {e.name}
              </span>
              <span role="cell">
                <span className={`state state--${HEALTH_TONES[stateHealth(e.state)]}`} data-state={e.state}>
                  {e.state || 'Unknown'}
                </span>
              </span>
              <span role="cell" className="endpoints-row__contacts">
                {e.contacts.length === 0 ? (
                  <span className="muted">no contact registered</span>
                ) : (
                  e.contacts.map((c) => (
                    <span key={c.uri} className="contact">
                      <span className="contact__uri">{c.uri}</span>
                      <span className={`contact__status contact__status--${stateHealth(c.status)}`}>{c.status}</span>
                      {c.rttMs !== undefined && (
                        <span
                          className={`contact__rtt num contact__rtt--${rttTone(c.rttMs)}`}
                          title="Qualify round-trip time"
                        >
                          {c.rttMs < 10 ? c.rttMs.toFixed(1) : Math.round(c.rttMs)} ms
                        </span>
                      )}
                    </span>
                  ))
                )}
              </span>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
