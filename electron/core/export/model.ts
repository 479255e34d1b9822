// What one export holds once it is selected and (optionally) redacted: the shape every renderer
// (pcap, text, html, bundle) reads. Pure types plus the one helper that turns stored bytes into text.
import { isUtf8 } from 'node:buffer';
import type { CallSummary, ExportFormat, SipMessageRow } from '../../../shared/domain.ts';

/** A stored SIP message with its payload exactly as captured (bytes, not text: the pcap and bundle need them). */
export interface ExportMessage extends Omit<SipMessageRow, 'raw'> {
  raw: Buffer;
}

/** Calls that belong together (a call and its linked legs), with their messages in capture-time order. */
export interface CallGroup {
  /** The earliest call of the group first, then its legs by start time. */
  calls: CallSummary[];
  messages: ExportMessage[];
}

/** The redaction choices actually applied (every flag present, false when off). */
export interface AppliedRedaction {
  numbers: boolean;
  ips: boolean;
  auth: boolean;
  sdp: boolean;
}

/** How the calls were chosen, as recorded in the file (redacted like everything else). */
export type SelectionInfo =
  { kind: 'calls'; callIds: string[] } | { kind: 'query'; query: Record<string, string | number> };

export interface SnapshotMeta {
  format: ExportFormat;
  appVersion: string;
  /** µs UTC. */
  createdAt: number;
  /** 0 = live capture; another id = an imported capture. */
  capture: number;
  selection: SelectionInfo;
  redaction: AppliedRedaction;
}

export interface Snapshot {
  meta: SnapshotMeta;
  /** Newest first, as calls.search lists them. */
  calls: CallSummary[];
  /** Every message of every call, capture-time order (ts, then store id). */
  messages: ExportMessage[];
  /** Linked calls together, newest group first. */
  groups: CallGroup[];
}

/** The payload as text: UTF-8 when it is valid UTF-8, else Latin-1 so every byte stays visible one-to-one. */
export function rawText(raw: Buffer): string {
  return raw.toString(isUtf8(raw) ? 'utf8' : 'latin1');
}

export function byCaptureTime(a: { ts: number; id: number }, b: { ts: number; id: number }): number {
  return a.ts - b.ts || a.id - b.id;
}
