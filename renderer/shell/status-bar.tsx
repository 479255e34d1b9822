// Bottom bar: link to the core, each active listener's live rates, and the database size.
import type { ListenerHealth } from '../../shared/contract.ts';
import { formatBytes } from '../format/bytes.ts';
import { formatCount, formatRate } from '../format/counts.ts';
import { DatabaseIcon } from '../components/icons.tsx';
import { useConnectionStore } from '../state/connection-store.ts';
import { useHealthStore } from '../state/health-store.ts';

const CONNECTION_LABELS = { open: 'Connected', connecting: 'Connecting…', closed: 'Disconnected, retrying' } as const;
const CONNECTION_TONES = { open: 'listening', connecting: 'starting', closed: 'error' } as const;

export function StatusBar() {
  const connection = useConnectionStore((s) => s.state);
  const health = useHealthStore((s) => s.health);
  // Sockets that are off are configuration, not health: Sources lists them.
  const shown = (health?.listeners ?? []).filter((l) => l.state !== 'off');

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-bar__connection" data-testid="connection-state" data-state={connection}>
        <span className={`dot dot--${CONNECTION_TONES[connection]}`} aria-hidden="true" />
        {CONNECTION_LABELS[connection]}
      </span>
      <ul className="status-bar__listeners" aria-label="Listeners">
        {health && shown.length === 0 && <li className="muted">No listeners running</li>}
        {shown.map((l) => (
          <ListenerChip key={`${l.name}-${l.proto}`} listener={l} />
        ))}
      </ul>
      <span className="status-bar__db" title="Database size on disk">
        <DatabaseIcon size={14} />
        DB{' '}
        <span className="num" data-testid="health-db">
          {health ? formatBytes(health.dbBytes) : '–'}
        </span>
      </span>
    </footer>
  );
}

function ListenerChip({ listener: l }: { listener: ListenerHealth }) {
  const detail =
    l.state === 'error'
      ? (l.error ?? 'error')
      : `${l.host}:${l.port} — ${formatCount(l.received)} received, ${formatCount(l.malformed)} malformed, ${formatCount(l.dropped)} dropped`;
  return (
    <li className={`chip chip--${l.state}`} data-testid={`health-${l.name}-${l.proto}`} title={detail}>
      <span className={`dot dot--${l.state}`} aria-hidden="true" />{' '}
      <span className="chip__name">
        {l.name}/{l.proto}
      </span>{' '}
      {l.state === 'error' ? (
        <span className="chip__error">{l.error ?? 'error'}</span>
      ) : (
        <>
          <span className="chip__stat" title="packets per second">
            <span className="chip__value num">{formatRate(l.receivedPerSec)}</span>
            <span className="chip__unit">/s</span>
          </span>{' '}
          <span className="chip__stat" title="malformed packets since start">
            <span className={`chip__value num${l.malformed > 0 ? ' chip__value--warn' : ''}`} data-testid="malformed">
              {formatCount(l.malformed)}
            </span>{' '}
            <span className="chip__unit">mal</span>
          </span>{' '}
          <span className="chip__stat" title="packets dropped since start">
            <span className={`chip__value num${l.dropped > 0 ? ' chip__value--bad' : ''}`} data-testid="dropped">
              {formatCount(l.dropped)}
            </span>{' '}
            <span className="chip__unit">drop</span>
          </span>
        </>
      )}
    </li>
  );
}
