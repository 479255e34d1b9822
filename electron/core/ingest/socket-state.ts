import type { ListenerStatus, TransportProto } from '../../../shared/domain.ts';
import type { ListenerCounters } from './counters.ts';

/** One bound (or failed) socket of a source, as its listener reports it. */
export interface SocketState {
  proto: TransportProto;
  state: ListenerStatus['state'];
  error?: string;
  port: number;
  counters: ListenerCounters;
  recvBufferBytes?: number;
  close(): Promise<void>;
}
