// What a listener hands its bytes to. One sink per source; the listener owns the sockets,
// the sink owns the protocol.
import type { ListenerCounters } from './counters.ts';

export interface Peer {
  address: string;
  port: number;
}

/** Per TCP connection: returns false to have the listener close the connection (bad framing). */
export interface StreamHandler {
  data(chunk: Buffer): boolean;
  end(): void;
}

export interface PacketSink {
  /**
   * Read this source's UDP socket in a thread of its own (udp-receiver.ts), for high-rate
   * sources: the kernel buffer then only has to cover that thread's pauses, not the core's.
   */
  receiveThread?: boolean;
  datagram(payload: Buffer, from: Peer, counters: ListenerCounters): void;
  stream(from: Peer, counters: ListenerCounters): StreamHandler;
}

/**
 * Until a source has its decoder, its listener still binds and counts what arrives, so the
 * status bar and the Sources view tell the truth about traffic reaching the port.
 */
export const countingSink: PacketSink = {
  datagram(_payload, _from, counters) {
    counters.received++;
  },
  stream(_from, counters) {
    return {
      data() {
        counters.received++;
        return true;
      },
      end() {},
    };
  },
};
