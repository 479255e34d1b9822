// Pause or unpause a queue member: in every queue (Asterisk's default when no queue is named) or
// one of the agent's queues, with an optional reason (shown on wallboards and in queue_log).
import { useState } from 'react';
import type { AgentStats, AmiConnectionInfo } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { AmiActionDialog } from '../../sources/ami/action-dialog.tsx';

/** manager.c caps the Reason header with the member's reason buffer; 128 matches the contract. */
const REASON_MAX = 128;

export function PauseDialog({
  agent,
  pbx,
  pause,
  onClose,
}: {
  agent: AgentStats;
  pbx: AmiConnectionInfo | undefined;
  /** True to pause, false to unpause. */
  pause: boolean;
  onClose: () => void;
}) {
  const client = useClient();
  const [queue, setQueue] = useState('');
  const [reason, setReason] = useState('');
  const verb = pause ? 'Pause' : 'Unpause';

  return (
    <AmiActionDialog
      title={`${verb} ${agent.name}?`}
      confirmLabel={verb}
      testId="pause-dialog"
      onClose={onClose}
      run={() =>
        client.invoke(
          'ami.action',
          pause
            ? {
                action: 'queuePause',
                pbx: agent.pbx,
                interface: agent.interface,
                ...(queue ? { queue } : {}),
                ...(reason.trim() ? { reason: reason.trim() } : {}),
              }
            : { action: 'queueUnpause', pbx: agent.pbx, interface: agent.interface, ...(queue ? { queue } : {}) },
        )
      }
    >
      <p>
        {pause
          ? 'A paused agent gets no queue calls until unpaused; a call in progress is not affected.'
          : 'The agent gets queue calls again at once.'}{' '}
        Sent to <strong>{pbx?.name ?? agent.pbx}</strong> as{' '}
        <code>{pause ? 'QueuePause' : 'QueuePause Paused: false'}</code>.
      </p>
      <div className="dialog__form">
        <label className="field">
          <span className="dialog__label">Member</span>
          <code>{agent.interface}</code>
        </label>
        <label className="field">
          <span className="dialog__label">Queue</span>
          <select value={queue} onChange={(e) => setQueue(e.target.value)} data-testid="pause-queue">
            <option value="">All of {agent.name}&apos;s queues</option>
            {agent.queues.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
        {pause && (
          <label className="field">
            <span className="dialog__label">Reason (optional)</span>
            <input
              type="text"
              maxLength={REASON_MAX}
              placeholder="lunch, training, after-call work…"
              value={reason}
              data-testid="pause-reason"
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
        )}
      </div>
    </AmiActionDialog>
  );
}
