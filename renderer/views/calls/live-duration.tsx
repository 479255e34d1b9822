// Talk time of a call: final once it ended, ticking each second while it is answered and up.
import type { CallSummary } from '../../../shared/contract.ts';
import { formatDuration } from '../../format/durations.ts';
import { useNowMs } from '../../state/clock.ts';

const US_PER_MS = 1000;

export function CallDuration({ call }: { call: CallSummary }) {
  if (call.durationMs !== undefined) return <>{formatDuration(call.durationMs)}</>;
  if (call.state === 'answered' && call.answeredAt !== undefined) return <Ticking since={call.answeredAt} />;
  return null;
}

function Ticking({ since }: { since: number }) {
  const now = useNowMs();
  return <span className="ticking">{formatDuration(Math.max(0, now - since / US_PER_MS))}</span>;
}
