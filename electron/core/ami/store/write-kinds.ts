// The AMI write kinds, ready for the store's registry: the lead adds `AmiWriteRows` to `WriteRows`
// and spreads `AMI_WRITE_KINDS` into `WRITE_KINDS` (electron/core/store/write-kinds.ts).
import { defineKind, type KindRegistry } from '../../store/write-kinds.ts';
import {
  AMI_CHANNEL_HISTORY_COLUMNS,
  AMI_CHANNEL_HISTORY_INSERT_SQL,
  AMI_EVENT_COLUMNS,
  AMI_EVENT_INSERT_SQL,
  AMI_QUEUE_EVENT_COLUMNS,
  AMI_QUEUE_EVENT_INSERT_SQL,
  AMI_SECURITY_EVENT_COLUMNS,
  AMI_SECURITY_EVENT_INSERT_SQL,
  type AmiChannelHistoryWrite,
  type AmiEventWrite,
  type AmiQueueEventWrite,
  type AmiSecurityEventWrite,
} from './rows.ts';

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
  'ami.event': defineKind<AmiEventWrite>()(AMI_EVENT_INSERT_SQL, AMI_EVENT_COLUMNS),
  'ami.channel': defineKind<AmiChannelHistoryWrite>()(AMI_CHANNEL_HISTORY_INSERT_SQL, AMI_CHANNEL_HISTORY_COLUMNS),
  'ami.queue': defineKind<AmiQueueEventWrite>()(AMI_QUEUE_EVENT_INSERT_SQL, AMI_QUEUE_EVENT_COLUMNS),
  'ami.security': defineKind<AmiSecurityEventWrite>()(AMI_SECURITY_EVENT_INSERT_SQL, AMI_SECURITY_EVENT_COLUMNS),
};
