import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IngestHealth } from '../../shared/contract.ts';
import {
  ANSWER_TIMEOUT_MS,
  AUTH_REJECTED_CLOSE_CODE,
  CONNECT_WAIT_MS,
  RECONNECT_INITIAL_MS,
  RECONNECT_MAX_MS,
  SLOW_ANSWER_TIMEOUT_MS,
  WsClient,
  wsUrlFor,
  type WebSocketLike,
} from './ws-client.ts';
import type { ConnectionState } from './monitor-client.ts';

/** A socket the test drives by hand: it records frames and opens/closes on command. */
class FakeSocket implements WebSocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly sent: Array<{ type: string; id: number; name: string; params: unknown }> = [];
  closedByClient = false;
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closedByClient = true;
  }
  open(): void {
    this.onopen?.({});
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006): void {
    this.onclose?.({ code, reason: '' });
  }
}

function setup(): { client: WsClient; sockets: FakeSocket[]; states: ConnectionState[] } {
  const sockets: FakeSocket[] = [];
  const client = new WsClient({
    url: 'ws://127.0.0.1:43123/api/ws?token=abc',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  const states: ConnectionState[] = [];
  client.onConnection((s) => states.push(s));
  return { client, sockets, states };
}

function last<T>(items: T[]): T {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error('empty');
  return item;
}

describe('WsClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('builds the socket URL on the page origin, wss for https pages', () => {
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:43123' }, 'a b')).toBe(
      'ws://127.0.0.1:43123/api/ws?token=a%20b',
    );
    expect(wsUrlFor({ protocol: 'https:', host: 'jump.example:8443' }, 'x')).toBe(
      'wss://jump.example:8443/api/ws?token=x',
    );
  });

  it('matches answers to requests by id even when they arrive out of order', async () => {
    const { client, sockets } = setup();
    const socket = last(sockets);
    socket.open();
    const status = client.invoke('status', {});
    const settings = client.invoke('settings.get', {});
    expect(socket.sent.map((f) => [f.type, f.name])).toEqual([
      ['req', 'status'],
      ['req', 'settings.get'],
    ]);
    const [first, second] = socket.sent;
    socket.receive({ type: 'res', id: second?.id, ok: false, code: 'internal', message: 'db locked' });
    socket.receive({ type: 'res', id: first?.id, ok: true, result: { version: '0.1.0' } });
    await expect(status).resolves.toEqual({ ok: true, result: { version: '0.1.0' } });
    await expect(settings).resolves.toEqual({ ok: false, code: 'internal', message: 'db locked' });
  });

  it('sends requests made while connecting once the socket opens', async () => {
    const { client, sockets } = setup();
    const answer = client.invoke('sources.list', {});
    const socket = last(sockets);
    expect(socket.sent).toHaveLength(0);
    socket.open();
    expect(socket.sent).toHaveLength(1);
    socket.receive({ type: 'res', id: socket.sent[0]?.id, ok: true, result: [] });
    await expect(answer).resolves.toEqual({ ok: true, result: [] });
  });

  it('resolves unavailable when the connection does not come back in time', async () => {
    const { client } = setup();
    const answer = client.invoke('status', {});
    vi.advanceTimersByTime(CONNECT_WAIT_MS);
    const result = await answer;
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.code).toBe('unavailable');
  });

  it('resolves unavailable when an answer never arrives', async () => {
    const { client, sockets } = setup();
    last(sockets).open();
    const answer = client.invoke('status', {});
    vi.advanceTimersByTime(ANSWER_TIMEOUT_MS - 1);
    let settled = false;
    void answer.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    await expect(answer).resolves.toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('waits longer for an export than for other requests', async () => {
    const { client, sockets } = setup();
    last(sockets).open();
    let settled = false;
    const answer = client.invoke('export.snapshot', { callIds: ['a'], format: 'html' }).then((r) => {
      settled = true;
      return r;
    });
    vi.advanceTimersByTime(ANSWER_TIMEOUT_MS);
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(SLOW_ANSWER_TIMEOUT_MS - ANSWER_TIMEOUT_MS);
    await expect(answer).resolves.toMatchObject({ ok: false, code: 'unavailable', message: /within 300 s/ });
  });

  it('answers in-flight requests unavailable when the socket drops, and ignores late answers', async () => {
    const { client, sockets } = setup();
    const socket = last(sockets);
    socket.open();
    const answer = client.invoke('status', {});
    socket.drop();
    await expect(answer).resolves.toMatchObject({ ok: false, code: 'unavailable' });
    expect(() => socket.receive({ type: 'res', id: socket.sent[0]?.id, ok: true, result: {} })).not.toThrow();
  });

  it('reconnects with doubling delays capped at the maximum, and resets after a success', () => {
    const { sockets, states } = setup();
    expect(sockets).toHaveLength(1);
    const delays: number[] = [];
    let expected = RECONNECT_INITIAL_MS;
    for (let attempt = 0; attempt < 8; attempt++) {
      last(sockets).drop();
      const before = sockets.length;
      vi.advanceTimersByTime(expected - 1);
      expect(sockets.length).toBe(before);
      vi.advanceTimersByTime(1);
      expect(sockets.length).toBe(before + 1);
      delays.push(expected);
      expected = Math.min(expected * 2, RECONNECT_MAX_MS);
    }
    expect(Math.max(...delays)).toBe(RECONNECT_MAX_MS);
    last(sockets).open();
    expect(last(states)).toBe('open');
    last(sockets).drop();
    expect(last(states)).toBe('closed');
    vi.advanceTimersByTime(RECONNECT_INITIAL_MS);
    expect(last(states)).toBe('connecting');
  });

  it('delivers a request queued during an outage after reconnecting', async () => {
    const { client, sockets } = setup();
    last(sockets).open();
    last(sockets).drop();
    const answer = client.invoke('status', {});
    vi.advanceTimersByTime(RECONNECT_INITIAL_MS);
    const socket = last(sockets);
    socket.open();
    socket.receive({ type: 'res', id: socket.sent[0]?.id, ok: true, result: 'ok' });
    await expect(answer).resolves.toEqual({ ok: true, result: 'ok' });
  });

  it('pushes events to subscribers of that name only, until they unsubscribe', () => {
    const { client, sockets } = setup();
    const socket = last(sockets);
    socket.open();
    const seen: IngestHealth[] = [];
    const alerts: unknown[] = [];
    const off = client.subscribe('ingest.health', (h) => seen.push(h));
    client.subscribe('alerts.changed', (a) => alerts.push(a));
    const health: IngestHealth = { at: 1, dbBytes: 2048, listeners: [] };
    socket.receive({ type: 'event', name: 'ingest.health', payload: health });
    off();
    socket.receive({ type: 'event', name: 'ingest.health', payload: health });
    socket.receive({ type: 'event', name: 'no.such.event', payload: {} });
    expect(seen).toEqual([health]);
    expect(alerts).toEqual([]);
  });

  it('stops reconnecting and reports an invalid token when the host closes with 4401', async () => {
    const { client, sockets, states } = setup();
    const reasons: string[] = [];
    client.onAuthRejected((r) => reasons.push(r));
    const queued = client.invoke('status', {});
    last(sockets).drop(AUTH_REJECTED_CLOSE_CODE);
    await expect(queued).resolves.toMatchObject({ ok: false, code: 'unauthorized' });
    vi.advanceTimersByTime(RECONNECT_MAX_MS * 4);
    expect(sockets).toHaveLength(1);
    expect(reasons).toEqual(['invalid-token']);
    expect(last(states)).toBe('closed');
    await expect(client.invoke('status', {})).resolves.toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it('never opens a socket without a token and reports it missing', () => {
    const created: string[] = [];
    const client = new WsClient({ url: null, createSocket: (url) => (created.push(url), new FakeSocket(url)) });
    const reasons: string[] = [];
    client.onAuthRejected((r) => reasons.push(r));
    expect(created).toEqual([]);
    expect(reasons).toEqual(['missing-token']);
  });

  it('ignores frames that are not JSON', () => {
    const { sockets } = setup();
    const socket = last(sockets);
    socket.open();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => socket.onmessage?.({ data: '{not json' })).not.toThrow();
    warn.mockRestore();
  });
});
