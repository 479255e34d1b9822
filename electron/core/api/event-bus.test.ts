import { describe, expect, it, vi } from 'vitest';
import { BatchedStream, EventBus } from './event-bus.ts';

describe('EventBus', () => {
  it('delivers to every subscriber even when one throws, and unsubscribes', () => {
    const bus = new EventBus();
    const got: number[] = [];
    bus.subscribe('alerts.changed', () => {
      throw new Error('broken window');
    });
    const off = bus.subscribe('alerts.changed', (p) => got.push(p.firing.length));
    bus.publish('alerts.changed', { firing: [] });
    off();
    bus.publish('alerts.changed', { firing: [] });
    expect(got).toEqual([0]);
  });
});

describe('BatchedStream', () => {
  it('coalesces items pushed within one interval into one flush', () => {
    vi.useFakeTimers();
    const flushes: number[][] = [];
    const s = new BatchedStream<number>((items) => flushes.push(items), 50);
    for (let i = 0; i < 1000; i++) s.push(i);
    expect(flushes).toHaveLength(0);
    vi.advanceTimersByTime(50);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]).toHaveLength(1000);
    s.push(1);
    s.stop();
    expect(flushes).toHaveLength(2);
    vi.useRealTimers();
  });
});
