// One socket of a source: its state (listening / off / error with the reason) and its counters.
import type { ListenerHealth, ListenerStatus, TransportProto } from '../../../shared/contract.ts';
import { formatCount, formatRate } from '../../format/counts.ts';
import { hostPort } from '../../onboarding/send-target.ts';

const STATE_LABELS: Record<ListenerStatus['state'], string> = {
  listening: 'Listening',
  off: 'Off',
  error: 'Error',
  starting: 'Starting',
};

export function ListenerRow({
  proto,
  listener,
}: {
  proto: TransportProto;
  listener: ListenerStatus | ListenerHealth | null;
}) {
  const state = listener?.state ?? 'off';
  const rate = listener && 'receivedPerSec' in listener ? listener.receivedPerSec : null;
  return (
    <div className={`listener listener--${state}`} data-testid={`listener-${proto}`}>
      <div className="listener__head">
        <span className="listener__proto">{proto.toUpperCase()}</span>
        <span className={`pill pill--${state}`}>
          <span className="dot" aria-hidden="true" />
          {STATE_LABELS[state]}
        </span>
        {listener && state !== 'off' && (
          <code className="listener__addr">{hostPort(listener.host, listener.port)}</code>
        )}
        {rate !== null && state === 'listening' && <span className="listener__rate num">{formatRate(rate)} pkt/s</span>}
      </div>
      {state === 'error' && (
        <p className="listener__error" role="alert">
          {listener?.error ?? 'The socket could not be opened.'}
        </p>
      )}
      {listener && (state === 'listening' || state === 'starting') && (
        <dl className="counters">
          <Counter label="Received" value={listener.received} />
          <Counter label="Decoded" value={listener.decoded} />
          <Counter label="Malformed" value={listener.malformed} warn={listener.malformed > 0} />
          <Counter label="Dropped" value={listener.dropped} warn={listener.dropped > 0} />
          <Counter label="Stored" value={listener.stored} />
          {showsSipCounter(listener, listener.duplicates) && (
            <Counter label="Duplicates" value={listener.duplicates ?? 0} />
          )}
          {showsSipCounter(listener, listener.authFailures) && (
            <Counter label="Auth failed" value={listener.authFailures ?? 0} warn={(listener.authFailures ?? 0) > 0} />
          )}
        </dl>
      )}
    </div>
  );
}

function Counter({ label, value, warn = false }: { label: string; value: number; warn?: boolean }) {
  return (
    <div className={`counter${warn ? ' counter--warn' : ''}`}>
      <dt>{label}</dt>
      <dd className="num">{formatCount(value)}</dd>
    </div>
  );
}

/** Duplicates (the same packet from two agents) and auth failures (HEP auth key) only mean something for SIP capture. */
function showsSipCounter(listener: ListenerStatus, value: number | undefined): boolean {
  if (value === undefined) return false;
  return listener.name === 'hep' || listener.name === 'sip' || value > 0;
}
