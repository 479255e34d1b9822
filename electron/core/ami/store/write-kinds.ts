// The AMI write kinds as registered in the store's shipped registry (store/write-kinds.ts), picked
// out for the tests that open a store with them spelled out.
import { WRITE_KINDS, type KindRegistry } from '../../store/write-kinds.ts';
import type { AmiChannelHistoryWrite, AmiEventWrite, AmiQueueEventWrite, AmiSecurityEventWrite } from './rows.ts';

export type AmiWriteRows = {
  /** One live AMI event (see shouldStoreAmiEvent). */
  'ami.event': AmiEventWrite;
  /** One channel, at its Hangup. */
  'ami.channel': AmiChannelHistoryWrite;
  /** One queue fact (AmiLiveModel.takeQueueFacts). */
  'ami.queue': AmiQueueEventWrite;
  /** One security-class event. */
  'ami.security': AmiSecurityEventWrite;
};

export const AMI_WRITE_KINDS: KindRegistry<AmiWriteRows> = {
  'ami.event': WRITE_KINDS['ami.event'],
  'ami.channel': WRITE_KINDS['ami.channel'],
  'ami.queue': WRITE_KINDS['ami.queue'],
  'ami.security': WRITE_KINDS['ami.security'],
};
