// The console's filter: event name (substring, case-insensitive: "queue" finds every Queue* event),
// PBX, and free text over every "Key: Value" line.
import type { ConsoleEvent } from './console-feed.ts';

export interface EventFilter {
  name: string;
  pbx: string;
  text: string;
}

export const EMPTY_EVENT_FILTER: EventFilter = { name: '', pbx: '', text: '' };

export function isEventFilterActive(f: EventFilter): boolean {
  return f.name.trim() !== '' || f.pbx !== '' || f.text.trim() !== '';
}

export function eventMatcher(f: EventFilter): (e: ConsoleEvent) => boolean {
  const name = f.name.trim().toLowerCase();
  const text = f.text.trim().toLowerCase();
  return (e) =>
    (f.pbx === '' || e.pbx === f.pbx) &&
    (name === '' || e.name.toLowerCase().includes(name)) &&
    (text === '' || e.haystack.includes(text));
}

/** Headers every event carries that say nothing in a one-line summary. */
const SUMMARY_SKIPS = new Set(['Event', 'Privilege']);

/** "Channel: PJSIP/1001-0000002a  Uniqueid: 1795251773.0 ...": the line the console prints. */
export function summaryOf(fields: readonly [string, string][]): string {
  return fields
    .filter(([k]) => !SUMMARY_SKIPS.has(k))
    .map(([k, v]) => `${k}: ${v}`)
    .join('  ');
}
