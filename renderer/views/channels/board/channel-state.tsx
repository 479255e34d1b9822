// An Asterisk channel state (ChannelStateDesc) as a colour-coded badge: green Up, amber while
// ringing either way, red Busy, blue while dialling, grey Down/reserved/unknown. Same badge
// classes as the Calls view, so a colour means the same thing everywhere.

type Tone = 'live' | 'warn' | 'bad' | 'info' | 'idle';

/** ast_state2str() names (main/channel.c); anything else (a future state) reads as idle. */
const STATE_TONES: Record<string, Tone> = {
  Up: 'live',
  Ring: 'warn',
  Ringing: 'warn',
  Busy: 'bad',
  Dialing: 'info',
  'Dialing Offhook': 'info',
  OffHook: 'info',
  'Pre-ring': 'info',
  Down: 'idle',
  Rsrvd: 'idle',
  Unknown: 'idle',
};

/** What each state means, for the tooltip (Ring and Ringing are easy to mix up). */
const STATE_MEANINGS: Record<string, string> = {
  Up: 'Answered, media flowing',
  Ring: 'Line is ringing: this channel placed a call that rings elsewhere',
  Ringing: 'Remote end is ringing: this channel is being called',
  Busy: 'Line is busy',
  Dialing: 'Digits are being dialled',
  'Dialing Offhook': 'Dialling while off hook',
  OffHook: 'Off hook, not dialling yet',
  'Pre-ring': 'About to ring',
  Down: 'Channel is down and available',
  Rsrvd: 'Reserved, not in use yet',
};

export function channelStateTone(state: string): Tone {
  return STATE_TONES[state] ?? 'idle';
}

export function ChannelStateBadge({ state }: { state: string }) {
  return (
    <span
      className={`state state--${channelStateTone(state)}`}
      data-state={state}
      title={STATE_MEANINGS[state] ?? state}
    >
      {state || 'Unknown'}
    </span>
  );
}
