// What the Channels view says when it has no channel to show: every PBX is connected but idle
// ("no calls right now", the normal state of a quiet PBX), or none is connected and each one says
// why (refused login, unreachable, reconnecting in N s).
import type { AmiConnectionInfo } from '../../../shared/contract.ts';
import { ChannelsIcon, WarningIcon } from '../../components/icons.tsx';
import { hashForView } from '../../state/route.ts';
import { ConnectionStatusBadge } from '../sources/ami/connection-status.tsx';
import { PbxTag } from '../sources/ami/pbx-tag.tsx';
import { anyConnected } from '../sources/ami/use-ami-connections.ts';

export function PbxStates({
  connections,
  receivedAtMs,
  what,
}: {
  connections: readonly AmiConnectionInfo[];
  receivedAtMs: number;
  /** "calls" on the channel board, "queues" on the wallboard. */
  what: 'calls' | 'queues';
}) {
  const connected = anyConnected(connections);
  const count = connections.filter((c) => c.status === 'connected').length;
  return (
    <section className="pbx-states" data-testid={connected ? `${what}-idle` : `${what}-offline`}>
      <div className={`pbx-states__icon${connected ? '' : ' pbx-states__icon--warn'}`}>
        {connected ? <ChannelsIcon size={26} /> : <WarningIcon size={26} />}
      </div>
      <h2 className="pbx-states__title">
        {connected ? (what === 'calls' ? 'No calls right now' : 'No queues on the connected PBXs') : 'No PBX connected'}
      </h2>
      <p className="pbx-states__lead muted">
        {connected
          ? what === 'calls'
            ? `${count === 1 ? 'The PBX is' : `${count} PBXs are`} connected and idle. Channels appear here the moment a call starts.`
            : 'The connected PBXs define no queue (queues.conf), or the AMI user lacks the agent read class.'
          : 'PBXScope keeps retrying each enabled connection. The reason each one is not connected is below.'}
      </p>
      <ul className="pbx-states__list">
        {connections.map((c) => (
          <li key={c.id} className="pbx-states__item" data-testid={`pbx-state-${c.name}`}>
            <PbxTag id={c.id} pbx={c} />
            <ConnectionStatusBadge info={c} receivedAtMs={receivedAtMs} />
            {c.lastError && c.status !== 'connected' && <span className="pbx-states__error">{c.lastError}</span>}
          </li>
        ))}
      </ul>
      {!connected && (
        <a className="button" href={hashForView('sources')}>
          Check the connections in Sources
        </a>
      )}
    </section>
  );
}
