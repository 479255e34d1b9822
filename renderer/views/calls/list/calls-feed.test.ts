import { describe, expect, it } from 'vitest';
import type { CallSummary, Page } from '../../../../shared/contract.ts';
import { FakeClient } from '../../../client/fake-client.ts';
import { callPage, callSummary } from '../../../testing/fake-calls.ts';
import { CallsFeed } from './calls-feed.ts';

function pages(all: CallSummary[], pageSize: number) {
  return (p: { cursor?: string | null; q?: string }): Page<CallSummary> => {
    const from = p.cursor ? Number(p.cursor) : 0;
    const matching = p.q ? all.filter((c) => c.from.includes(p.q as string)) : all;
    const items = matching.slice(from, from + pageSize);
    return { items, nextCursor: from + pageSize < matching.length ? String(from + pageSize) : null };
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('CallsFeed', () => {
  it('loads the first page, then older pages through the cursor', async () => {
    const all = callPage(25);
    const client = new FakeClient({ 'calls.search': pages(all, 10) });
    const feed = new CallsFeed(client, { pageSize: 10 });
    feed.start();
    await settle();
    expect(feed.view.calls).toHaveLength(10);
    expect(feed.view.hasMore).toBe(true);
    expect(feed.view.totalReady).toBe(true);
    await feed.loadMore();
    await feed.loadMore();
    expect(feed.view.calls.map((c) => c.callId)).toEqual(all.map((c) => c.callId));
    expect(feed.view.hasMore).toBe(false);
    expect(
      client.calls.filter((c) => c.name === 'calls.search').map((c) => (c.params as { cursor?: string }).cursor),
    ).toEqual([undefined, '10', '20']);
  });

  it('merges pushed deltas and bumps its version once per batch', async () => {
    const client = new FakeClient({ 'calls.search': { items: [], nextCursor: null } });
    const feed = new CallsFeed(client);
    feed.start();
    await settle();
    const before = feed.version;
    client.emit('calls.delta', { calls: callPage(3) });
    expect(feed.version).toBe(before + 1);
    expect(feed.view.total).toBe(3);
  });

  it('ignores calls from imported captures', async () => {
    const client = new FakeClient({ 'calls.search': { items: [], nextCursor: null } });
    const feed = new CallsFeed(client);
    feed.start();
    await settle();
    client.emit('calls.delta', { calls: [callSummary({ capture: 3 })] });
    expect(feed.view.total).toBe(0);
  });

  it('browses an imported capture: every search names it, and live deltas leave it alone', async () => {
    const imported = callPage(4, () => ({ capture: 7 }));
    const client = new FakeClient({ 'calls.search': pages(imported, 100) });
    const feed = new CallsFeed(client, { capture: 7 });
    feed.start();
    await settle();
    expect(feed.view.calls.map((c) => c.callId)).toEqual(imported.map((c) => c.callId));
    client.emit('calls.delta', { calls: [callSummary({ callId: 'live-1', capture: 0 })] });
    expect(feed.view.total).toBe(4);
    feed.setSearch({ q: '1002' });
    await settle();
    const params = client.calls.filter((c) => c.name === 'calls.search').map((c) => c.params);
    expect(params).toEqual([
      { capture: 7, limit: 500 },
      { q: '1002', capture: 7, limit: 500 },
    ]);
  });

  it('with a filter, queries the core with it and keeps only matching pushed calls', async () => {
    const all = callPage(5);
    const client = new FakeClient({ 'calls.search': pages(all, 100) });
    const feed = new CallsFeed(client);
    feed.start();
    await settle();
    feed.setSearch({ q: '1003' });
    expect(feed.view.filtered).toBe(true);
    expect(feed.view.status).toBe('loading');
    await settle();
    expect(feed.view.calls.map((c) => c.from)).toEqual(['1003']);
    client.emit('calls.delta', {
      calls: [callSummary({ callId: 'x1', from: '1003' }), callSummary({ callId: 'x2', from: '2000' })],
    });
    expect(feed.view.calls.map((c) => c.callId)).toContain('x1');
    expect(feed.view.calls.map((c) => c.callId)).not.toContain('x2');
    // The unfiltered list kept following traffic.
    expect(feed.view.total).toBe(7);
    feed.setSearch(null);
    expect(feed.view.calls).toHaveLength(7);
  });

  it('drops a call from the filtered list once it stops matching', async () => {
    const ringing = callSummary({ state: 'ringing', updatedAt: 1 });
    const client = new FakeClient({ 'calls.search': { items: [ringing], nextCursor: null } });
    const feed = new CallsFeed(client);
    feed.start();
    feed.setSearch({ state: 'ringing' });
    await settle();
    expect(feed.view.calls).toHaveLength(1);
    client.emit('calls.delta', { calls: [{ ...ringing, state: 'answered', updatedAt: 2 }] });
    expect(feed.view.calls).toHaveLength(0);
  });

  it('ignores the answer to a filter that was replaced before it came back', async () => {
    let release: (() => void) | null = null;
    const client = new FakeClient({
      'calls.search': (p) =>
        p.q === 'slow'
          ? new Promise((r) => {
              release = () => r({ ok: true, result: { items: [callSummary({ callId: 'stale' })], nextCursor: null } });
            })
          : { items: [], nextCursor: null },
    });
    const feed = new CallsFeed(client);
    feed.start();
    feed.setSearch({ q: 'slow' });
    feed.setSearch({ q: 'fast' });
    await settle();
    (release as (() => void) | null)?.();
    await settle();
    expect(feed.view.calls.map((c) => c.callId)).not.toContain('stale');
  });

  it('reports a failed first page as an error', async () => {
    const client = new FakeClient({});
    const feed = new CallsFeed(client);
    feed.start();
    await settle();
    expect(feed.view.status).toBe('error');
    expect(feed.view.error).toMatch(/calls.search/);
  });

  it('stops following deltas when stopped', async () => {
    const client = new FakeClient({ 'calls.search': { items: [], nextCursor: null } });
    const feed = new CallsFeed(client);
    const stop = feed.start();
    stop();
    client.emit('calls.delta', { calls: callPage(2) });
    expect(feed.view.total).toBe(0);
  });
});
