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
    const done = new Promise<void>((r) => worker.once('exit', () => r()));
    worker.once('exit', () => {
      exited = true;
      if (st.state === 'listening') fail(`the UDP receiver of port ${st.port} stopped`);
    });
    worker.on('error', (err) => fail(`the UDP receiver failed: ${err.message}`));
    worker.on('message', (msg: FromReceiver) => {
      switch (msg.type) {
        case 'batch':
          try {
            deliverBatch(msg, sink, counters);
          } finally {
            Atomics.sub(backlog, 0, msg.count);
          }
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
