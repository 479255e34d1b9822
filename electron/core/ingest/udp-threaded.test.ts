// The receive thread on a real loopback socket: every datagram reaches the sink once, in order,
// byte for byte and with its sender; a busy port reads as the same error as an in-thread socket;
// a full backlog drops and counts instead of growing without bound.
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../shared/domain.ts';
import { newCounters, type ListenerCounters } from './counters.ts';
import type { Peer, PacketSink } from './sink.ts';
import type { SocketState } from './socket-state.ts';
import type { DatagramBatch } from './udp-receiver-protocol.ts';
import { BatchPump, bindUdpInThread, deliverBatch, udpReceiverUrl } from './udp-threaded.ts';

const open: SocketState[] = [];
const senders: dgram.Socket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  for (const s of senders.splice(0)) s.close();
});

function config(port = 0): SourceConfig {
  return { name: 'hep', enabled: true, host: '127.0.0.1', port, udp: true, tcp: false };
}

function recordingSink(): PacketSink & { got: { payload: Buffer; from: Peer }[] } {
  const got: { payload: Buffer; from: Peer }[] = [];
  return {
    got,
    receiveThread: true,
    datagram(payload, from, counters) {
      counters.received++;
      got.push({ payload: Buffer.from(payload), from: { ...from } });
    },
    stream: () => ({ data: () => true, end: () => undefined }),
  };
}

async function bind(sink: PacketSink, counters: ListenerCounters, maxBacklog?: number, port = 0) {
  const st = await bindUdpInThread(config(port), sink, counters, 1024 * 1024, maxBacklog);
  open.push(st);
  return st;
}

async function sender(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  senders.push(s);
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return s;
}

function send(s: dgram.Socket, port: number, payload: Buffer): Promise<void> {
  return new Promise((resolve, reject) => s.send(payload, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
}

async function until(fn: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('deliverBatch', () => {
  it('hands each packed datagram to the sink with its sender, in order, and counts the dropped', () => {
    const sink = recordingSink();
    const counters = newCounters();
    const data = Buffer.from('abcdefgh');
    const batch: DatagramBatch = {
      type: 'batch',
      count: 3,
      data: data.buffer.slice(data.byteOffset, data.byteOffset + data.length),
      ends: Uint32Array.from([3, 3, 8]),
      ports: Uint16Array.from([5060, 5061, 9060]),
      addresses: ['192.0.2.1', '192.0.2.2', '2001:db8::1'],
      dropped: 4,
    };
    deliverBatch(batch, sink, counters);
    expect(sink.got.map((g) => [g.payload.toString(), g.from.address, g.from.port])).toEqual([
      ['abc', '192.0.2.1', 5060],
      ['', '192.0.2.2', 5061],
      ['defgh', '2001:db8::1', 9060],
    ]);
    expect(counters).toMatchObject({ received: 7, dropped: 4 });
  });
});

function textBatch(texts: string[]): DatagramBatch {
  const data = Buffer.from(texts.join(''));
  let end = 0;
  return {
    type: 'batch',
    count: texts.length,
    data: data.buffer.slice(data.byteOffset, data.byteOffset + data.length),
    ends: Uint32Array.from(texts.map((t) => (end += t.length))),
    ports: new Uint16Array(texts.length),
    addresses: texts.map(() => '127.0.0.1'),
    dropped: 0,
  };
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('BatchPump', () => {
  it('hands batches over in order, a slice per event-loop turn, so I/O and timers run between', async () => {
    const sink = recordingSink();
    const taken: number[] = [];
    // A zero slice: exactly one batch per turn, which makes the yielding observable.
    const pump = new BatchPump(sink, newCounters(), (n) => taken.push(n), 0);
    for (let i = 0; i < 5; i++) pump.push(textBatch([`a${i}`, `b${i}`]));
    expect(sink.got).toHaveLength(0);
    await nextTurn();
    expect(sink.got.map((g) => g.payload.toString())).toEqual(['a0', 'b0']);
    expect(pump.pending).toBe(4);
    for (let i = 0; i < 4; i++) await nextTurn();
    expect(sink.got.map((g) => g.payload.toString())).toEqual([
      'a0',
      'b0',
      'a1',
      'b1',
      'a2',
      'b2',
      'a3',
      'b3',
      'a4',
      'b4',
    ]);
    expect(taken).toEqual([2, 2, 2, 2, 2]);
    expect(pump.pending).toBe(0);
  });

  it('drains everything at once when the listener closes', () => {
    const sink = recordingSink();
    const pump = new BatchPump(sink, newCounters(), () => undefined, 0);
    for (let i = 0; i < 3; i++) pump.push(textBatch([`m${i}`]));
    pump.drain();
    expect(sink.got.map((g) => g.payload.toString())).toEqual(['m0', 'm1', 'm2']);
    expect(pump.pending).toBe(0);
  });
});

describe('UDP socket in a receive thread', () => {
  it('delivers every datagram once, in order, byte for byte, from the right sender', async () => {
    const sink = recordingSink();
    const counters = newCounters();
    const st = await bind(sink, counters);
    expect(st.state).toBe('listening');
    expect(st.port).toBeGreaterThan(0);
    expect(st.recvBufferBytes).toBeGreaterThan(0);
    const s = await sender();
    // Sizes from empty to the 64 KiB UDP maximum, so batches split on bytes as well as on counts.
    const sizes = [0, 1, 700, 1500, 65_507, 65_507, 9000, ...Array.from({ length: 1500 }, (_, i) => 100 + (i % 900))];
    const sent = sizes.map((n, i) => Buffer.alloc(n, i % 251));
    for (const p of sent) await send(s, st.port, p);
    await until(() => sink.got.length === sent.length, 'every datagram');
    const mismatch = sink.got.findIndex((g, i) => !g.payload.equals(sent[i] as Buffer));
    expect(mismatch).toBe(-1);
    expect(new Set(sink.got.map((g) => `${g.from.address}:${g.from.port}`))).toEqual(
      new Set([`127.0.0.1:${s.address().port}`]),
    );
    expect(counters).toMatchObject({ received: sent.length, dropped: 0 });
  });

  it('reports a port in use the way an in-thread socket does, and keeps nothing open', async () => {
    const taken = await sender();
    const st = await bind(recordingSink(), newCounters(), undefined, taken.address().port);
    expect(st.state).toBe('error');
    expect(st.error).toBe(`port ${taken.address().port}/udp is already in use by another program`);
  });

  it('drops and counts what arrives while the backlog is full instead of queueing it', async () => {
    const sink = recordingSink();
    const counters = newCounters();
    const st = await bind(sink, counters, 0);
    const s = await sender();
    for (let i = 0; i < 50; i++) await send(s, st.port, Buffer.from(`packet ${i}`));
    await until(() => counters.received === 50, 'all 50 counted');
    expect(sink.got).toHaveLength(0);
    expect(counters.dropped).toBe(50);
  });

  it('stops receiving once closed', async () => {
    const sink = recordingSink();
    const st = await bind(sink, newCounters());
    const port = st.port;
    await st.close();
    expect(st.state).toBe('off');
    // The port is free again: an ordinary socket can take it.
    const again = dgram.createSocket('udp4');
    senders.push(again);
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(port, '127.0.0.1', () => resolve());
    });
  });

  it('resolves its entry file to the TypeScript source beside it when run from source', () => {
    expect(udpReceiverUrl().pathname.endsWith('/electron/core/ingest/udp-receiver.ts')).toBe(true);
  });
});
