// The tray tooltip: one line saying whether capture is healthy, built from the supervisor's
// status and the core's latest `ingest.health` push.
import type { IngestHealth } from '../../shared/domain.ts';
import type { CoreStatus } from './core-supervisor.ts';

/** Windows keeps 127 characters of a tray tooltip (NOTIFYICONDATA.szTip is 128 with the NUL). */
export const MAX_TRAY_TOOLTIP_CHARS = 127;

function cut(text: string): string {
  return text.length <= MAX_TRAY_TOOLTIP_CHARS ? text : `${text.slice(0, MAX_TRAY_TOOLTIP_CHARS - 1)}…`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function healthLine(health: IngestHealth): string {
  const listening = health.listeners.filter((l) => l.state === 'listening').length;
  const failing = health.listeners.filter((l) => l.state === 'error').length;
  const perSec = Math.round(health.listeners.reduce((sum, l) => sum + l.receivedPerSec, 0));
  const dropped = health.listeners.reduce((sum, l) => sum + l.droppedPerSec, 0);
  const parts = [`${plural(listening, 'listener')} up`];
  if (failing > 0) parts.push(`${failing} failing`);
  parts.push(`${perSec} msg/s`);
  if (dropped > 0) parts.push('dropping');
  return parts.join(', ');
}

export function trayTooltip(appName: string, status: CoreStatus, health: IngestHealth | null): string {
  switch (status.state) {
    case 'starting':
      return cut(`${appName}: starting the capture engine…`);
    case 'ready':
      return cut(
        health ? `${appName}: ${healthLine(health)}` : `${appName} ${status.version ?? ''}: running`.replace(' :', ':'),
      );
    case 'restarting': {
      const seconds = Math.ceil((status.retryInMs ?? 0) / 1000);
      return cut(`${appName}: engine restarting in ${seconds} s (${status.lastError ?? 'it stopped'})`);
    }
    case 'failed':
      return cut(`${appName}: engine stopped: ${status.lastError ?? 'unknown error'}`);
    case 'stopped':
      return cut(`${appName}: stopped`);
  }
}
