// One line of facts about a call, the ones a support tech reads first: outcome, setup delays,
// talk time, when each phase happened, message count, and who hung up.
import type { ReactNode } from 'react';
import type { CallSummary } from '../../../../shared/contract.ts';
import { formatClock, formatDateTime } from '../../../format/clock.ts';
import { formatDelay } from '../../../format/durations.ts';
import { CallDuration } from '../live-duration.tsx';

const END_BY_LABELS: Record<'caller' | 'callee', string> = { caller: 'Caller hung up', callee: 'Callee hung up' };

function Item({ id, label, children, title }: { id: string; label: string; children: ReactNode; title?: string }) {
  return (
    <div className="kpi-strip__item" data-testid={`call-kpi-${id}`} title={title}>
      <dt>{label}</dt>
      <dd className="num">{children}</dd>
    </div>
  );
}

function Time({ us }: { us: number | undefined }) {
  if (us === undefined) return <>—</>;
  return <span title={formatDateTime(us)}>{formatClock(us)}</span>;
}

export function KpiStrip({ call }: { call: CallSummary }) {
  const hangup = call.endedBy ? END_BY_LABELS[call.endedBy] : null;
  // "BYE from caller" says again what the hang-up label says; a Reason header or a cancel says more.
  const reason = call.endReason === `BYE from ${call.endedBy}` ? undefined : call.endReason;
  const ending = [hangup, reason].filter(Boolean).join(' · ');
  return (
    <dl className="kpi-strip" data-testid="call-kpis">
      <Item id="final" label="Final response" title={call.finalReason}>
        {call.finalCode === undefined ? (
          '—'
        ) : (
          <>
            <span className={`code code--${Math.floor(call.finalCode / 100)}xx`}>{call.finalCode}</span>{' '}
            {call.finalReason}
          </>
        )}
      </Item>
      {call.method === 'REGISTER' ? (
        <Item id="rrd" label="RRD" title="Registration request delay (RFC 6076)">
          {formatDelay(call.rrdMs)}
        </Item>
      ) : (
        <>
          <Item id="srd" label="SRD" title="Session request delay (RFC 6076): INVITE to first 18x/2xx or the failure">
            {formatDelay(call.srdMs)}
          </Item>
          <Item id="pdd" label="PDD" title="Post-dial delay: INVITE to first 18x">
            {formatDelay(call.pddMs)}
          </Item>
          <Item id="duration" label="Duration">
            {call.durationMs === undefined && call.state !== 'answered' ? '—' : <CallDuration call={call} />}
          </Item>
        </>
      )}
      <Item id="start" label="Start">
        <Time us={call.startedAt} />
      </Item>
      <Item id="answer" label="Answer">
        <Time us={call.answeredAt} />
      </Item>
      <Item id="end" label="End">
        <Time us={call.endedAt} />
      </Item>
      <Item id="messages" label="Messages">
        {call.messageCount}
      </Item>
      <Item id="retransmissions" label="Retrans.">
        <span className={call.retransmissions > 0 ? 'warn-text' : undefined}>{call.retransmissions}</span>
      </Item>
      <Item id="ending" label="Ended by" title={ending || undefined}>
        {ending || '—'}
      </Item>
    </dl>
  );
}
