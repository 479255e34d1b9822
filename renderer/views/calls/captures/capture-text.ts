// How a capture is described in the selector, the banner and the manager: its time span in the
// user's zone, its size and what it holds.
import type { CaptureInfo } from '../../../../shared/contract.ts';
import { formatBytes } from '../../../format/bytes.ts';
import { formatClock, formatDateTime, formatDay } from '../../../format/clock.ts';
import { formatCount } from '../../../format/counts.ts';

/** "2026-07-24 12:00:01 – 12:00:12" (the day once when both ends share it), or "no messages". */
export function captureSpan(c: Pick<CaptureInfo, 'firstTs' | 'lastTs'>): string {
  if (c.firstTs === null || c.lastTs === null) return 'no messages';
  const from = formatDateTime(c.firstTs).slice(0, 19);
  const to =
    formatDay(c.firstTs) === formatDay(c.lastTs)
      ? formatClock(c.lastTs).slice(0, 8)
      : formatDateTime(c.lastTs).slice(0, 19);
  return `${from} – ${to}`;
}

export function callsText(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'call' : 'calls'}`;
}

export function messagesText(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'message' : 'messages'}`;
}

/**
 * One option of the capture selector: the name first, then what tells two captures apart. Short,
 * because the closed selector shows it in the toolbar; the banner under it gives the time span.
 */
export function captureOptionLabel(c: CaptureInfo): string {
  return `${c.name} · ${callsText(c.calls)} · ${formatBytes(c.fileBytes)}`;
}
