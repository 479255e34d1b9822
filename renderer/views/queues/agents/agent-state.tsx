// A queue member's state as a badge, in the colours wallboards use: green available, blue on a
// call, amber ringing or paused (with the reason), grey unavailable.
import type { MemberState } from '../../../../shared/contract.ts';

export const MEMBER_STATE_LABELS: Record<MemberState, string> = {
  available: 'Available',
  ringing: 'Ringing',
  'in-call': 'On call',
  paused: 'Paused',
  unavailable: 'Unavailable',
};

const MEMBER_STATE_TONES: Record<MemberState, 'live' | 'info' | 'warn' | 'idle'> = {
  available: 'live',
  ringing: 'warn',
  'in-call': 'info',
  paused: 'warn',
  unavailable: 'idle',
};

export function MemberStateBadge({ state }: { state: MemberState }) {
  return (
    <span className={`state state--${MEMBER_STATE_TONES[state]}`} data-state={state}>
      {MEMBER_STATE_LABELS[state]}
    </span>
  );
}
