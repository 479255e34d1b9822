// The sockets of one source (UDP and/or TCP on one address and port). Binding never throws:
// a failure becomes state 'error' with a readable reason, and the rest of the app keeps running.
import dgram from 'node:dgram';
import net from 'node:net';
import type { ListenerStatus, SourceConfig, TransportProto } from '../../../shared/domain.ts';
import { describeBindError } from './bind-error.ts';
import { newCounters, type ListenerCounters } from './counters.ts';
import type { PacketSink, StreamHandler } from './sink.ts';
import type { SocketState } from './socket-state.ts';
import { bindUdpInThread } from './udp-threaded.ts';

/**
 * Requested UDP receive buffer. The kernel caps it at net.core.rmem_max (4 MiB on these
 * machines, doubled to 8 MiB effective); measured: 4 MiB keeps a plain receive loop lossless at
 * 100k pps where the 208 KiB default drops during scheduling stalls.
 */
export const UDP_RECV_BUFFER_BYTES = 8 * 1024 * 1024;
/** Bounds the damage one misbehaving TCP peer can do to memory and file descriptors. */
export const MAX_TCP_CONNECTIONS = 256;
/** A TCP sender that sends nothing for this long is assumed gone (agents keep connections open). */
export const TCP_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

function isIpv6(host: string): boolean {
  return net.isIPv6(host);
}

function bindUdp(cfg: SourceConfig, sink: PacketSink, counters: ListenerCounters): Promise<SocketState> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket({
      type: isIpv6(cfg.host) ? 'udp6' : 'udp4',
      recvBufferSize: UDP_RECV_BUFFER_BYTES,
    });
    const st: SocketState = {
      proto: 'udp',
      state: 'starting',
      port: cfg.port,
      counters,
      close: () =>
        new Promise((done) => {
          try {
            socket.close(() => done());
          } catch {
            done();
          }
        }),
    };
    const onBindError = (err: Error): void => {
      st.state = 'error';
      st.error = describeBindError(err, cfg.host, cfg.port, 'udp');
      st.close = async () => {};
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(st);
    };
    socket.once('error', onBindError);
    socket.on('message', (msg, rinfo) => sink.datagram(msg, rinfo, counters));
    socket.bind(cfg.port, cfg.host, () => {
      socket.off('error', onBindError);
      socket.on('error', (err) => {
        st.state = 'error';
        st.error = describeBindError(err, cfg.host, cfg.port, 'udp');
      });
      st.state = 'listening';
      st.port = socket.address().port;
      try {
        st.recvBufferBytes = socket.getRecvBufferSize();
      } catch {
        // Not all platforms report it; the field stays absent rather than wrong.
      }
      resolve(st);
    });
  });
}

function bindTcp(cfg: SourceConfig, sink: PacketSink, counters: ListenerCounters): Promise<SocketState> {
  return new Promise((resolve) => {
    const connections = new Set<net.Socket>();
    const server = net.createServer({ noDelay: true }, (conn) => {
      if (connections.size >= MAX_TCP_CONNECTIONS) {
        counters.dropped++;
        conn.destroy();
        return;
      }
      connections.add(conn);
      conn.setTimeout(TCP_IDLE_TIMEOUT_MS, () => conn.destroy());
      const handler: StreamHandler = sink.stream(
        { address: conn.remoteAddress ?? '', port: conn.remotePort ?? 0 },
        counters,
      );
      conn.on('data', (chunk) => {
        if (!handler.data(chunk)) conn.destroy();
      });
      conn.on('error', () => {
        // A reset from the peer is normal life for a capture agent; 'close' follows.
      });
      conn.on('close', () => {
        connections.delete(conn);
        handler.end();
      });
    });
    server.maxConnections = MAX_TCP_CONNECTIONS;
    const st: SocketState = {
      proto: 'tcp',
      state: 'starting',
      port: cfg.port,
      counters,
      close: () =>
        new Promise((done) => {
          for (const c of connections) c.destroy();
          server.close(() => done());
        }),
    };
    const onBindError = (err: Error): void => {
      st.state = 'error';
      st.error = describeBindError(err, cfg.host, cfg.port, 'tcp');
      st.close = async () => {};
      resolve(st);
    };
    server.once('error', onBindError);
    server.listen({ port: cfg.port, host: cfg.host, exclusive: true }, () => {
      server.off('error', onBindError);
      server.on('error', (err) => {
        st.state = 'error';
        st.error = describeBindError(err, cfg.host, cfg.port, 'tcp');
      });
      st.state = 'listening';
      const addr = server.address();
      if (addr && typeof addr === 'object') st.port = addr.port;
      resolve(st);
    });
  });
}

/** A source's sockets. Counters survive a restart of the same source so totals stay monotonic. */
export class SourceListener {
  readonly config: SourceConfig;
  private sockets: SocketState[] = [];
  private readonly sink: PacketSink;
  private readonly counters: Record<TransportProto, ListenerCounters>;

  constructor(config: SourceConfig, sink: PacketSink, counters?: Record<TransportProto, ListenerCounters>) {
    this.config = config;
    this.sink = sink;
    this.counters = counters ?? { udp: newCounters(), tcp: newCounters() };
  }

  get sharedCounters(): Record<TransportProto, ListenerCounters> {
    return this.counters;
  }

  async start(): Promise<void> {
    if (!this.config.enabled) return;
    const pending: Promise<SocketState>[] = [];
    if (this.config.udp) {
      pending.push(
        this.sink.receiveThread
          ? bindUdpInThread(this.config, this.sink, this.counters.udp, UDP_RECV_BUFFER_BYTES)
          : bindUdp(this.config, this.sink, this.counters.udp),
      );
    }
    if (this.config.tcp) {
      // With port 0, TCP follows the port the kernel gave UDP so one number describes the source.
      const udp = this.config.udp ? await pending[0] : undefined;
      const port = this.config.port === 0 && udp?.state === 'listening' ? udp.port : this.config.port;
      pending.push(bindTcp({ ...this.config, port }, this.sink, this.counters.tcp));
    }
    this.sockets = await Promise.all(pending);
  }

  async stop(): Promise<void> {
    const s = this.sockets;
    this.sockets = [];
    await Promise.all(s.map((x) => x.close()));
  }

  status(): ListenerStatus[] {
    const out: ListenerStatus[] = [];
    for (const proto of ['udp', 'tcp'] as const) {
      if (!this.config[proto]) continue;
      const sock = this.sockets.find((s) => s.proto === proto);
      const c = this.counters[proto];
      out.push({
        name: this.config.name,
        proto,
        host: this.config.host,
        port: sock?.port ?? this.config.port,
        state: !this.config.enabled ? 'off' : (sock?.state ?? 'starting'),
        ...(sock?.error ? { error: sock.error } : {}),
        received: c.received,
        decoded: c.decoded,
        malformed: c.malformed,
        dropped: c.dropped,
        stored: c.stored,
        duplicates: c.duplicates,
        authFailures: c.authFailures,
        ...(sock?.recvBufferBytes !== undefined ? { recvBufferBytes: sock.recvBufferBytes } : {}),
      });
    }
    return out;
  }
}
