import { describe, expect, it } from 'vitest';
import { callPage, callSummary } from '../../../testing/fake-calls.ts';
import { CallStore, callKey } from './call-store.ts';

describe('CallStore', () => {
  it('keeps calls newest start first whatever order they arrive in', () => {
    const store = new CallStore();
    const [a, b, c] = callPage(3);
    store.upsert([c!, a!]);
    store.upsert([b!]);
    expect(store.snapshot().map((x) => x.callId)).toEqual([a!.callId, b!.callId, c!.callId]);
  });

  it('replaces a known call with a newer summary in place and ignores an older one', () => {
    const store = new CallStore();
    const ringing = callSummary({ state: 'ringing', updatedAt: 10 });
    store.upsert([ringing]);
    const answered = { ...ringing, state: 'answered' as const, updatedAt: 20 };
    expect(store.upsert([answered])).toBe(true);
    expect(store.upsert([ringing])).toBe(false);
    expect(store.snapshot()).toEqual([answered]);
    expect(store.size).toBe(1);
  });

  it('hands out the same snapshot until something changes', () => {
    const store = new CallStore();
    store.upsert(callPage(2));
    const first = store.snapshot();
    expect(store.snapshot()).toBe(first);
    store.upsert([callSummary({ callId: 'new' })]);
    expect(store.snapshot()).not.toBe(first);
  });

  it('drops the oldest calls past its capacity', () => {
    const store = new CallStore(3);
    const page = callPage(5);
    store.upsert(page);
    expect(store.size).toBe(3);
    expect(store.full).toBe(true);
    expect(store.snapshot().map((c) => c.callId)).toEqual(page.slice(0, 3).map((c) => c.callId));
    expect(store.get(callKey(page[4]!))).toBeUndefined();
  });

  it('sorts a large batch the same as one inserted call by call', () => {
    const page = callPage(200);
    // 7919 is prime to 200, so this visits every index once in a scrambled order.
    const shuffled = page.map((_, i) => page[(i * 7919) % page.length]!);
    const bulk = new CallStore();
    bulk.upsert(shuffled);
    const single = new CallStore();
    for (const c of shuffled) single.upsert([c]);
    expect(bulk.snapshot().map((c) => c.callId)).toEqual(page.map((c) => c.callId));
    expect(single.snapshot().map((c) => c.callId)).toEqual(page.map((c) => c.callId));
  });

  it('moves a call whose start time turned out earlier', () => {
    const store = new CallStore();
    const [a, b] = callPage(2);
    store.upsert([a!, b!]);
    store.upsert([{ ...a!, startedAt: b!.startedAt - 1, updatedAt: a!.updatedAt + 1 }]);
    expect(store.snapshot().map((c) => c.callId)).toEqual([b!.callId, a!.callId]);
  });

  it('removes calls by key', () => {
    const store = new CallStore();
    const page = callPage(3);
    store.upsert(page);
    expect(store.remove([callKey(page[1]!), 'nope'])).toBe(true);
    expect(store.remove(['nope'])).toBe(false);
    expect(store.snapshot().map((c) => c.callId)).toEqual([page[0]!.callId, page[2]!.callId]);
  });
});
