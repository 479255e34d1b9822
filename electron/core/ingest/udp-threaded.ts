// A UDP socket read in its own thread (udp-receiver.ts): the core thread gets the datagrams in
// batches and hands each to the sink exactly as an in-thread socket would.
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import type { SourceConfig } from '../../../shared/domain.ts';
import { workerFileUrl } from '../worker-file.ts';
import { describeBindError } from './bind-error.ts';
import type { ListenerCounters } from './counters.ts';
import type { PacketSink } from './sink.ts';
import type { SocketState } from './socket-state.ts';
import type { DatagramBatch, FromReceiver, ToReceiver, UdpReceiverConfig } from './udp-receiver-protocol.ts';

/**
 * Datagrams waiting for the core thread before the receiver drops: ~10 s at 20k packets/s, and
 * about 100 MB of typical SIP. Past that the core cannot keep up on average and memory would be next.
 */
export const MAX_RECEIVE_BACKLOG = 200_000;
/** How long a closing receiver gets to hand over its last batch before it is terminated. */
const CLOSE_GRACE_MS = 2000;
/**
 * Core-thread time spent on queued batches per event-loop turn before yielding to I/O. A port
 * delivers every message waiting at once; handing them all to the sink in that one callback
 * would hold requests, WebSocket pushes and timers for seconds whenever the core is behind.
 */
export const PUMP_SLICE_MS = 10;

/** Batches waiting for the core thread, handed to the sink a time slice per event-loop turn. */
export class BatchPump {
  private readonly queue: (DatagramBatch | undefined)[] = [];
  private head = 0;
  private scheduled = false;
  private readonly sink: PacketSink;
  private readonly counters: ListenerCounters;
  private readonly taken: (count: number) => void;
  private readonly sliceMs: number;

  /** `taken`: called with each batch's datagram count once the sink has had them. */
  constructor(sink: PacketSink, counters: ListenerCounters, taken: (count: number) => void, sliceMs = PUMP_SLICE_MS) {
    this.sink = sink;
    this.counters = counters;
    this.taken = taken;
    this.sliceMs = sliceMs;
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  push(batch: DatagramBatch): void {
    this.queue.push(batch);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.run);
    }
  }

  /** Hands every queued batch over now (closing: nothing may be left behind). */
  drain(): void {
    while (this.head < this.queue.length) this.deliverNext();
  }

  private readonly run = (): void => {
    this.scheduled = false;
    if (this.head >= this.queue.length) return; // drained meanwhile
    const until = performance.now() + this.sliceMs;
    // At least one batch per turn, however short the slice.
    do this.deliverNext();
    while (this.head < this.queue.length && performance.now() < until);
    if (this.head < this.queue.length) {
      // Compact now and then rather than shift() per batch.
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.scheduled = true;
      setImmediate(this.run);
    } else {
      this.queue.length = 0;
      this.head = 0;
    }
  };

  private deliverNext(): void {
    const batch = this.queue[this.head];
    this.queue[this.head++] = undefined; // release it before the next one
    if (batch === undefined) return;
    try {
      deliverBatch(batch, this.sink, this.counters);
    } finally {
      this.taken(batch.count);
    }
  }
}

export function udpReceiverUrl(base: string | URL = import.meta.url): URL {
  return workerFileUrl('udp-receiver', base);
}

function errorWithCode(msg: { code: string | null; message: string }): Error {
  return Object.assign(new Error(msg.message), msg.code === null ? {} : { code: msg.code });
}

/** Hands a batch's datagrams to the sink, in arrival order. */
export function deliverBatch(batch: DatagramBatch, sink: PacketSink, counters: ListenerCounters): void {
  const data = Buffer.from(batch.data);
  let start = 0;
  for (let i = 0; i < batch.count; i++) {
    const end = batch.ends[i] as number;
    sink.datagram(
      data.subarray(start, end),
      { address: batch.addresses[i] ?? '', port: batch.ports[i] ?? 0 },
      counters,
    );
    start = end;
  }
  if (batch.dropped > 0) {
    counters.received += batch.dropped;
    counters.dropped += batch.dropped;
  }
}

export function bindUdpInThread(
  cfg: SourceConfig,
  sink: PacketSink,
  counters: ListenerCounters,
  recvBufferBytes: number,
  maxBacklog: number = MAX_RECEIVE_BACKLOG,
): Promise<SocketState> {
  return new Promise((resolve) => {
    const backlogBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const backlog = new Int32Array(backlogBuffer);
    const config: UdpReceiverConfig = {
      type: net.isIPv6(cfg.host) ? 'udp6' : 'udp4',
      host: cfg.host,
      port: cfg.port,
      recvBufferBytes,
      backlog: backlogBuffer,
      maxBacklog,
    };
    let settled = false;
    let exited = false;
    const st: SocketState = { proto: 'udp', state: 'starting', port: cfg.port, counters, close: async () => {} };
    const fail = (error: string): void => {
      st.state = 'error';
      st.error = error;
      if (!settled) {
        settled = true;
        st.close = async () => {
          if (!exited) await worker.terminate();
        };
        resolve(st);
      }
    };
    let worker: Worker;
    try {
      worker = new Worker(udpReceiverUrl(), { workerData: config, name: `pbxscope-udp-${cfg.name}` });
    } catch (err) {
      st.state = 'error';
      st.error = `cannot start the UDP receiver: ${err instanceof Error ? err.message : String(err)}`;
      resolve(st);
      return;
    }
    const pump = new BatchPump(sink, counters, (n) => Atomics.sub(backlog, 0, n));
    const done = new Promise<void>((r) => worker.once('exit', () => r()));
    worker.once('exit', () => {
      exited = true;
      // A receiver that ends on its own, before or after binding, must not leave the listener
      // looking alive (or its start waiting forever).
      if (st.state === 'listening' || st.state === 'starting') fail(`the UDP receiver of port ${st.port} stopped`);
    });
    worker.on('error', (err) => fail(`the UDP receiver failed: ${err.message}`));
    worker.on('message', (msg: FromReceiver) => {
      switch (msg.type) {
        case 'batch':
          pump.push(msg);
          return;
        case 'bound':
          st.state = 'listening';
          st.port = msg.port;
          if (msg.recvBufferBytes !== null) st.recvBufferBytes = msg.recvBufferBytes;
          st.close = async () => {
            if (exited) return;
            st.state = 'off';
            worker.postMessage({ type: 'close' } satisfies ToReceiver);
            const grace = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
            await done;
            clearTimeout(grace);
            pump.drain();
          };
          settled = true;
          resolve(st);
          return;
        case 'bind-failed':
          fail(describeBindError(errorWithCode(msg), cfg.host, cfg.port, 'udp'));
          return;
        case 'socket-error':
          st.state = 'error';
          st.error = describeBindError(errorWithCode(msg), cfg.host, cfg.port, 'udp');
          return;
      }
    });
  });
}
