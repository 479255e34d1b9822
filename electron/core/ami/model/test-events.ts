// Test support: hand-made AMI events in wire order, as the framer would deliver them.
import type { AmiMessage } from '../message.ts';

export function ev(name: string, fields: Record<string, string | number> = {}): AmiMessage {
  return {
    kind: 'event',
    name,
    fields: [['Event', name], ...Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])],
  };
}

/** The channel snapshot block of one channel (reference §2), overridable field by field. */
export function snapshot(
  uniqueid: string,
  over: Record<string, string | number> = {},
): Record<string, string | number> {
  return {
    Channel: `PJSIP/alice-${uniqueid}`,
    ChannelState: 4,
    ChannelStateDesc: 'Ring',
    CallerIDNum: '1001',
    CallerIDName: 'Alice',
    ConnectedLineNum: '<unknown>',
    ConnectedLineName: '<unknown>',
    Language: 'en',
    AccountCode: '',
    Context: 'internal',
    Exten: '100',
    Priority: 1,
    Uniqueid: uniqueid,
    Linkedid: uniqueid,
    ...over,
  };
}

/** µs from a whole number of seconds after an arbitrary epoch, so tests read in seconds. */
export const T0 = 1_795_000_000_000_000;
export const at = (sec: number): number => T0 + Math.round(sec * 1_000_000);
