import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientFrame } from '../../shared/contract.ts';
import { REQUEST_TIMEOUT_MS, SLOW_REQUEST_TIMEOUT_MS, createBridge, type FrameSink } from './bridge.ts';

function recordingSink(): FrameSink & { frames: ClientFrame[]; closed: boolean } {
  const sink = {
    frames: [] as ClientFrame[],
    closed: false,
    postMessage(frame: ClientFrame) {
      sink.frames.push(frame);
    },
    close() {
      sink.closed = true;
    },
  };
  return sink;
}

describe('preload bridge', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a request frame and resolves with the matching answer', async () => {
    const bridge = createBridge();
    const sink = recordingSink();
    bridge.attach(sink);
    const answer = bridge.invoke('status', {});
    expect(sink.frames).toEqual([{ type: 'req', id: expect.any(Number), name: 'status', params: {} }]);
    const id = sink.frames[0]!.id;
    bridge.receive({ type: 'res', id, ok: true, result: { version: '1.2.3' } });
    await expect(answer).resolves.toEqual({ ok: true, result: { version: '1.2.3' } });
    expect(bridge.pendingCount()).toBe(0);
  });

  it('correlates answers that arrive out of order by id', async () => {
    const bridge = createBridge();
    const sink = recordingSink();
    bridge.attach(sink);
    const first = bridge.invoke('settings.get', {});
    const second = bridge.invoke('sources.list', {});
    const [a, b] = sink.frames;
    expect(a!.id).not.toBe(b!.id);
    bridge.receive({ type: 'res', id: b!.id, ok: true, result: 'second' });
    bridge.receive({ type: 'res', id: a!.id, ok: true, result: 'first' });
    await expect(first).resolves.toEqual({ ok: true, result: 'first' });
    await expect(second).resolves.toEqual({ ok: true, result: 'second' });
  });

  it('passes error answers through as values and maps unknown codes to internal', async () => {
    const bridge = createBridge();
    const sink = recordingSink();
    bridge.attach(sink);
    const refused = bridge.invoke('sources.save', { name: 'hep', port: 99999 });
    const odd = bridge.invoke('status', {});
    bridge.receive({ type: 'res', id: sink.frames[0]!.id, ok: false, code: 'bad_request', message: 'port: too big' });
    bridge.receive({ type: 'res', id: sink.frames[1]!.id, ok: false, code: 'exploded' });
    await expect(refused).resolves.toEqual({ ok: false, code: 'bad_request', message: 'port: too big' });
    await expect(odd).resolves.toMatchObject({ ok: false, code: 'internal' });
  });

  it('answers unknown request names with bad_request without sending anything', async () => {
    const bridge = createBridge();
    const sink = recordingSink();
    bridge.attach(sink);
    await expect(bridge.invoke('fs.readFile', { path: '/etc/passwd' })).resolves.toMatchObject({
      ok: false,
      code: 'bad_request',
    });
    await expect(bridge.invoke('__proto__', {})).resolves.toMatchObject({ ok: false, code: 'bad_request' });
    await expect(bridge.invoke(42 as unknown as string, {})).resolves.toMatchObject({ ok: false, code: 'bad_request' });
    expect(sink.frames).toEqual([]);
  });

  it('queues calls made before the port arrives and sends them in order once it does', async () => {
    const bridge = createBridge();
    const early = bridge.invoke('status', {});
    const later = bridge.invoke('settings.get', {});
    const sink = recordingSink();
    bridge.attach(sink);
    expect(sink.frames.map((f) => f.name)).toEqual(['status', 'settings.get']);
    bridge.receive({ type: 'res', id: sink.frames[0]!.id, ok: true, result: 1 });
    bridge.receive({ type: 'res', id: sink.frames[1]!.id, ok: true, result: 2 });
    await expect(early).resolves.toEqual({ ok: true, result: 1 });
    await expect(later).resolves.toEqual({ ok: true, result: 2 });
  });

  it('resolves unavailable when no answer comes within the timeout, and drops the late answer', async () => {
    const bridge = createBridge();
    const sink = recordingSink();
    bridge.attach(sink);
    const answer = bridge.invoke('status', {});
    vi.advanceTimersByTime(REQUEST_TIMEOUT_MS - 1);
    expect(bridge.pendingCount()).toBe(1);
    vi.advanceTimersByTime(1);
    await expect(answer).resolves.toMatchObject({ ok: false, code: 'unavailable' });
    bridge.receive({ type: 'res', id: sink.frames[0]!.id, ok: true, result: 'late' });
    expect(bridge.pendingCount()).toBe(0);
  });

  it('times out queued calls when the port never arrives', async () => {
    const bridge = createBridge({ requestTimeoutMs: 1000 });
    const answer = bridge.invoke('status', {});
    vi.advanceTimersByTime(1000);
    await expect(answer).resolves.toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('gives an export longer than other calls before giving up on it', async () => {
    const bridge = createBridge({ requestTimeoutMs: 1000 });
    bridge.attach(recordingSink());
    let settled = false;
    const answer = bridge
      .invoke('export.snapshot', { callIds: ['a'], format: 'pcap' })
      .then((r) => ((settled = true), r));
    vi.advanceTimersByTime(SLOW_REQUEST_TIMEOUT_MS - 1);
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    await expect(answer).resolves.toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('refuses calls beyond the queue bound while no port is attached', async () => {
    const bridge = createBridge({ maxQueued: 2 });
    void bridge.invoke('status', {});
    void bridge.invoke('status', {});
    await expect(bridge.invoke('status', {})).resolves.toMatchObject({ ok: false, code: 'unavailable' });
    expect(bridge.pendingCount()).toBe(2);
  });

  it('fails calls in flight on the old port when a new port arrives, and closes the old port', async () => {
    const bridge = createBridge();
    const oldSink = recordingSink();
    bridge.attach(oldSink);
    const lost = bridge.invoke('status', {});
    const newSink = recordingSink();
    bridge.attach(newSink);
    await expect(lost).resolves.toMatchObject({ ok: false, code: 'unavailable' });
    expect(oldSink.closed).toBe(true);
    const fresh = bridge.invoke('status', {});
    expect(newSink.frames).toHaveLength(1);
    bridge.receive({ type: 'res', id: newSink.frames[0]!.id, ok: true, result: 'ok' });
    await expect(fresh).resolves.toEqual({ ok: true, result: 'ok' });
  });

  it('answers bad_request when the params cannot be cloned onto the port', async () => {
    const bridge = createBridge();
    bridge.attach({
      postMessage() {
        throw new Error('DataCloneError: function could not be cloned');
      },
    });
    await expect(bridge.invoke('status', { f: () => 1 } as never)).resolves.toMatchObject({
      ok: false,
      code: 'bad_request',
    });
    expect(bridge.pendingCount()).toBe(0);
  });

  it('delivers only the payload of allowlisted events to subscribers', () => {
    const bridge = createBridge();
    const seen: unknown[] = [];
    bridge.subscribe('ingest.health', (...args: unknown[]) => seen.push(args));
    bridge.receive({ type: 'event', name: 'ingest.health', payload: { dbBytes: 10 } });
    bridge.receive({ type: 'event', name: 'alerts.changed', payload: { firing: [] } });
    expect(seen).toEqual([[{ dbBytes: 10 }]]);
  });

  it('refuses subscriptions to names outside the event allowlist', () => {
    const bridge = createBridge();
    const cb = vi.fn();
    const off = bridge.subscribe('secret.stream', cb);
    bridge.receive({ type: 'event', name: 'secret.stream', payload: 1 });
    expect(cb).not.toHaveBeenCalled();
    expect(typeof off).toBe('function');
    expect(() => off()).not.toThrow();
    expect(bridge.subscribe('ingest.health', 'not a function')).toBeTypeOf('function');
  });

  it('stops delivering after unsubscribe and keeps other subscribers of the same callback', () => {
    const bridge = createBridge();
    const cb = vi.fn();
    const offA = bridge.subscribe('alerts.changed', cb);
    bridge.subscribe('alerts.changed', cb);
    bridge.receive({ type: 'event', name: 'alerts.changed', payload: 1 });
    expect(cb).toHaveBeenCalledTimes(2);
    offA();
    offA();
    bridge.receive({ type: 'event', name: 'alerts.changed', payload: 2 });
    expect(cb).toHaveBeenCalledTimes(3);
  });

  it('keeps delivering to other subscribers when one throws', () => {
    const errors: unknown[] = [];
    const bridge = createBridge({ onListenerError: (_name, error) => errors.push(error) });
    const good = vi.fn();
    bridge.subscribe('alerts.changed', () => {
      throw new Error('boom');
    });
    bridge.subscribe('alerts.changed', good);
    bridge.receive({ type: 'event', name: 'alerts.changed', payload: 'x' });
    expect(good).toHaveBeenCalledWith('x');
    expect(errors).toHaveLength(1);
  });

  it('ignores frames that are not well-formed answers or events', () => {
    const bridge = createBridge();
    const sink = recordingSink();
    bridge.attach(sink);
    void bridge.invoke('status', {});
    for (const junk of [
      null,
      'res',
      42,
      { type: 'res' },
      { type: 'res', id: '1', ok: true },
      { type: 'res', id: sink.frames[0]!.id },
      { type: 'req', id: 1 },
    ]) {
      expect(() => bridge.receive(junk)).not.toThrow();
    }
    expect(bridge.pendingCount()).toBe(1);
  });
});
