// Turns two counter snapshots into the rates the status bar shows. Pure.
import type { IngestHealth, ListenerHealth, ListenerStatus } from '../../../shared/domain.ts';

/** How often `ingest.health` is pushed: fast enough to feel live, slow enough to be free. */
export const HEALTH_INTERVAL_MS = 1000;

function keyOf(l: ListenerStatus): string {
  return `${l.name}/${l.proto}`;
}

export function computeHealth(
  previous: ReadonlyMap<string, ListenerStatus>,
  current: ListenerStatus[],
  elapsedMs: number,
  at: number,
  dbBytes: number,
): IngestHealth {
  const seconds = elapsedMs > 0 ? elapsedMs / 1000 : 1;
  const rate = (now: number, before: number | undefined): number =>
    Math.max(0, Math.round((now - (before ?? now)) / seconds));
  const listeners: ListenerHealth[] = current.map((l) => {
    const p = previous.get(keyOf(l));
    return {
      ...l,
      receivedPerSec: rate(l.received, p?.received),
      malformedPerSec: rate(l.malformed, p?.malformed),
      droppedPerSec: rate(l.dropped, p?.dropped),
    };
  });
  return { at, dbBytes, listeners };
}

export function snapshotByKey(listeners: ListenerStatus[]): Map<string, ListenerStatus> {
  return new Map(listeners.map((l) => [keyOf(l), { ...l }]));
}
