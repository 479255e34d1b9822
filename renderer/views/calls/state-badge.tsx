// A call's state as a colour-coded badge: green in progress or done well, amber ringing or
// cancelled, red failed, grey finished transactions.
import type { CallState } from '../../../shared/contract.ts';

export const STATE_LABELS: Record<CallState, string> = {
  trying: 'Trying',
  ringing: 'Ringing',
  answered: 'In call',
  ended: 'Ended',
  failed: 'Failed',
  cancelled: 'Cancelled',
  pending: 'Pending',
  completed: 'Completed',
  timeout: 'Timeout',
};

/** The colour family of each state; the CSS defines one class per tone. */
const STATE_TONES: Record<CallState, 'live' | 'ok' | 'warn' | 'bad' | 'idle' | 'info'> = {
  trying: 'info',
  ringing: 'warn',
  answered: 'live',
  ended: 'ok',
  failed: 'bad',
  cancelled: 'warn',
  pending: 'info',
  completed: 'idle',
  timeout: 'bad',
};

export const CALL_STATES = Object.keys(STATE_LABELS) as CallState[];

export function StateBadge({ state }: { state: CallState }) {
  return (
    <span className={`state state--${STATE_TONES[state]}`} data-state={state} title={state}>
      {STATE_LABELS[state]}
    </span>
  );
}
