// A PBX connection's state as a badge, and why it is not connected: the reason is the whole point
// when a login is refused or a PBX restarts (ami-anchors 8.1: "clear connection-state UI").
import type { AmiConnectionInfo, AmiConnectionStatus } from '../../../../shared/contract.ts';
import { useNowMs } from '../../../state/clock.ts';

const MS_PER_SECOND = 1000;

export const STATUS_LABELS: Record<AmiConnectionStatus, string> = {
  disabled: 'Disabled',
  connecting: 'Connecting…',
  authenticating: 'Logging in…',
  syncing: 'Syncing…',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  failed: 'Failed',
};

/** Colour family per status; the pills and dots in controls.css/shell.css define one class each. */
const STATUS_TONES: Record<AmiConnectionStatus, 'listening' | 'starting' | 'error' | 'off'> = {
  disabled: 'off',
  connecting: 'starting',
  authenticating: 'starting',
  syncing: 'starting',
  connected: 'listening',
  reconnecting: 'starting',
  failed: 'error',
};

export function statusTone(status: AmiConnectionStatus): 'listening' | 'starting' | 'error' | 'off' {
  return STATUS_TONES[status];
}

/** Seconds left before the next attempt, counted down from when the status arrived. */
export function secondsUntilRetry(info: AmiConnectionInfo, receivedAtMs: number, nowMs: number): number | null {
  if (info.reconnectInSec === undefined) return null;
  return Math.max(0, Math.ceil(info.reconnectInSec - (nowMs - receivedAtMs) / MS_PER_SECOND));
}

export function ConnectionStatusBadge({ info, receivedAtMs }: { info: AmiConnectionInfo; receivedAtMs: number }) {
  return (
    <span className={`pill pill--${STATUS_TONES[info.status]}`} data-testid="ami-status" data-status={info.status}>
      <span className={`dot dot--${STATUS_TONES[info.status]}`} aria-hidden="true" />
      {info.status === 'reconnecting' && info.reconnectInSec !== undefined ? (
        <RetryCountdown info={info} receivedAtMs={receivedAtMs} />
      ) : (
        STATUS_LABELS[info.status]
      )}
    </span>
  );
}

function RetryCountdown({ info, receivedAtMs }: { info: AmiConnectionInfo; receivedAtMs: number }) {
  const left = secondsUntilRetry(info, receivedAtMs, useNowMs()) ?? 0;
  return <span className="num">{left > 0 ? `Reconnecting in ${left} s` : 'Reconnecting…'}</span>;
}
