import { describe, expect, it } from 'vitest';
import type { ListenerStatus } from '../../../shared/domain.ts';
import { computeHealth, snapshotByKey } from './health.ts';

const base: ListenerStatus = {
  name: 'hep',
  proto: 'udp',
  host: '0.0.0.0',
  port: 9060,
  state: 'listening',
  received: 0,
  decoded: 0,
  malformed: 0,
  dropped: 0,
  stored: 0,
};

describe('computeHealth', () => {
  it('turns counter deltas into per-second rates over the elapsed time', () => {
    const prev = snapshotByKey([base]);
    const h = computeHealth(prev, [{ ...base, received: 3000, malformed: 10, dropped: 4 }], 2000, 1, 4096);
    expect(h.listeners[0]).toMatchObject({ receivedPerSec: 1500, malformedPerSec: 5, droppedPerSec: 2 });
    expect(h.dbBytes).toBe(4096);
  });

  it('shows zero, not a spike, for a listener seen for the first time', () => {
    const h = computeHealth(new Map(), [{ ...base, received: 999 }], 1000, 1, 0);
    expect(h.listeners[0]!.receivedPerSec).toBe(0);
  });
});
