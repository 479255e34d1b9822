// Entry of a UDP listener's receive thread. It only reads datagrams and hands them to the core
// thread in packed batches, so the kernel socket buffer is drained at the rate the kernel
// delivers, whatever the core thread is doing (a GC pause, a burst of call updates): a stall
// there becomes a longer in-memory backlog, not packets dropped by the kernel.
import dgram from 'node:dgram';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { FromReceiver, ToReceiver, UdpReceiverConfig } from './udp-receiver-protocol.ts';

/** One batch's payload space: far more than a loop turn delivers, and above the 64 KiB UDP maximum. */
const BATCH_BYTES = 1024 * 1024;
/** Datagrams per batch at most, so a batch stays a short piece of core-thread work. */
const BATCH_MAX_DATAGRAMS = 1024;

function codeOf(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

class BatchBuilder {
  private readonly data = Buffer.allocUnsafeSlow(BATCH_BYTES);
  private readonly ends = new Uint32Array(BATCH_MAX_DATAGRAMS);
  private readonly ports = new Uint16Array(BATCH_MAX_DATAGRAMS);
  private addresses: string[] = [];
  private used = 0;
  count = 0;
  dropped = 0;

  fits(bytes: number): boolean {
    return this.count < BATCH_MAX_DATAGRAMS && this.used + bytes <= BATCH_BYTES;
  }

  add(payload: Buffer, address: string, port: number): void {
    payload.copy(this.data, this.used);
    this.used += payload.length;
    this.ends[this.count] = this.used;
    this.ports[this.count] = port;
    this.addresses.push(address);
    this.count++;
  }

  /** A batch owning copies of the filled parts (transferable), and a reset builder. */
  take(): { batch: FromReceiver; transfer: ArrayBuffer[] } {
    const data = this.data.buffer.slice(this.data.byteOffset, this.data.byteOffset + this.used);
    const ends = this.ends.slice(0, this.count);
    const ports = this.ports.slice(0, this.count);
    const batch: FromReceiver = {
      type: 'batch',
      count: this.count,
      data,
      ends,
      ports,
      addresses: this.addresses,
      dropped: this.dropped,
    };
    this.addresses = [];
    this.used = 0;
    this.count = 0;
    this.dropped = 0;
    return { batch, transfer: [data, ends.buffer, ports.buffer] };
  }
}

function serve(port: MessagePort, cfg: UdpReceiverConfig): void {
  const send = (msg: FromReceiver, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);
  const backlog = new Int32Array(cfg.backlog);
  const builder = new BatchBuilder();
  let flushScheduled = false;

  const flush = (): void => {
    flushScheduled = false;
    if (builder.count === 0 && builder.dropped === 0) return;
    const n = builder.count;
    const { batch, transfer } = builder.take();
    Atomics.add(backlog, 0, n);
    send(batch, transfer);
  };

  const socket = dgram.createSocket({ type: cfg.type, recvBufferSize: cfg.recvBufferBytes });
  socket.once('error', (err) => {
    send({ type: 'bind-failed', code: codeOf(err), message: messageOf(err) });
    try {
      socket.close();
    } catch {
      // never bound
    }
    port.close();
  });
  socket.on('message', (msg, rinfo) => {
    if (Atomics.load(backlog, 0) + builder.count >= cfg.maxBacklog) {
      builder.dropped++;
    } else {
      if (!builder.fits(msg.length)) flush();
      builder.add(msg, rinfo.address, rinfo.port);
      if (builder.count >= BATCH_MAX_DATAGRAMS) flush();
    }
    // libuv delivers every datagram waiting in one poll turn before the check phase: one batch per turn.
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
  socket.bind(cfg.port, cfg.host, () => {
    socket.removeAllListeners('error');
    socket.on('error', (err) => send({ type: 'socket-error', code: codeOf(err), message: messageOf(err) }));
    let recvBufferBytes: number | null = null;
    try {
      recvBufferBytes = socket.getRecvBufferSize();
    } catch {
      // Not all platforms report it.
    }
    send({ type: 'bound', port: socket.address().port, recvBufferBytes });
  });
  port.on('message', (msg: ToReceiver) => {
    if (msg.type !== 'close') return;
    try {
      socket.close(() => {
        flush();
        port.close();
      });
    } catch {
      port.close(); // already closed after a failed bind
    }
  });
}

if (parentPort) serve(parentPort, workerData as UdpReceiverConfig);
