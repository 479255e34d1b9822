// Messages between a UDP listener's receive thread (udp-receiver.ts) and the core thread.

export interface UdpReceiverConfig {
  type: 'udp4' | 'udp6';
  host: string;
  port: number;
  recvBufferBytes: number;
  /**
   * One Int32 shared with the core thread: datagrams posted and not yet taken. The receiver
   * drops (and counts) beyond maxBacklog instead of letting memory grow without bound.
   */
  backlog: SharedArrayBuffer;
  maxBacklog: number;
}

/** Datagrams received since the last batch, packed: payload i is data[ends[i-1] ?? 0, ends[i]). */
export interface DatagramBatch {
  type: 'batch';
  count: number;
  data: ArrayBuffer;
  ends: Uint32Array;
  ports: Uint16Array;
  addresses: string[];
  /** Datagrams the receiver read but dropped because the backlog was full. */
  dropped: number;
}

export type FromReceiver =
  | { type: 'bound'; port: number; recvBufferBytes: number | null }
  | { type: 'bind-failed'; code: string | null; message: string }
  | { type: 'socket-error'; code: string | null; message: string }
  | DatagramBatch;

export type ToReceiver = { type: 'close' };
