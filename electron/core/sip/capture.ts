// SIP capture, one packet at a time: HEP (UDP or TCP) or plain SIP in; decoded, parsed,
// de-duplicated, correlated into calls; messages and call rows handed to the store writer in
// batches; changed calls pushed as one `calls.delta` per interval. The hot path allocates one
// event object and one row per message and never waits on I/O.
import type { CallSummary, TransportProto } from '../../../shared/domain.ts';
import { decodeHep } from '../hep/decode.ts';
import { nextHepFrame } from '../hep/frame.ts';
import type { ListenerCounters } from '../ingest/counters.ts';
import type { PacketSink, Peer, StreamHandler } from '../ingest/sink.ts';
import type { SettledRange, StoreWriter } from '../store/index.ts';
import { CallTracker, type SipEvent } from './dialogs.ts';
import { DuplicateFilter } from './dedupe.ts';
import { header, parseSip, type SipMessage } from './parse.ts';
import { callUpsert, MESSAGE_FLAG_MALFORMED, MESSAGE_FLAG_RETRANSMISSION, type SipMessageWrite } from './rows.ts';
import { splitSipStream } from './split.ts';

/** HEP proto type 1 is SIP; others (RTCP reports, logs) are counted but not stored yet. */
export const HEP_PROTO_SIP = 1;
/** Calls changed within this interval go out as one live delta. */
export const CALL_FLUSH_INTERVAL_MS = 100;
/**
 * Changed calls are written at most this often: a call changes many times in its first seconds,
 * and each upsert costs the writer more than a message insert. 250 ms is the crash-loss bound.
 */
export const CALL_PERSIST_INTERVAL_MS = 250;
/** How often unanswered transactions are timed out and finished calls released from memory. */
export const EXPIRE_INTERVAL_MS = 5_000;
/** A TCP peer that buffers more than this without completing a message is not speaking HEP or SIP. */
export const MAX_TCP_BUFFER_BYTES = 1024 * 1024;

export interface SipCaptureOptions {
  writer: StoreWriter;
  /** Header names linking legs (X-CID...), read on every message. */
  correlationHeaders: () => readonly string[];
  /** When set, HEP packets must carry this auth key. */
  authKey: () => string | null;
  onCalls: (calls: CallSummary[]) => void;
  /** Which stored rows belong to live capture (0) or to an imported capture. */
  capture?: number;
  now?: () => number;
}

interface Meta {
  ts: number;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  transport: TransportProto;
  captureId?: number;
  node?: string;
  correlationId?: string;
}

function userOf(addr: SipMessage['from']): string {
  return addr?.user ?? addr?.host ?? '';
}

export class SipCapture {
  readonly tracker = new CallTracker();
  private readonly dedupe = new DuplicateFilter();
  private readonly opts: SipCaptureOptions;
  private readonly capture: number;
  private readonly now: () => number;
  /**
   * Appended-but-unsettled messages of this capture, in append order: the writer's position of
   * each and the listener counters to credit once it is on disk. Positions, not per-commit counts:
   * an import and live capture share the writer, and each must count only its own rows.
   */
  private readonly pendingPositions: number[] = [];
  private readonly pendingCounters: ListenerCounters[] = [];
  private pendingHead = 0;
  private timers: ReturnType<typeof setInterval>[] = [];
  /** Latest summary of each call changed since the last persist. */
  private toPersist = new Map<string, CallSummary>();
  private readonly unsubscribe: () => void;

  constructor(opts: SipCaptureOptions) {
    this.opts = opts;
    this.capture = opts.capture ?? 0;
    this.now = opts.now ?? (() => Date.now() * 1000);
    this.unsubscribe = opts.writer.onCommit((info) => {
      const range = info.settled['sip.message'];
      if (range !== undefined) this.onSettled(range);
    });
  }

  start(): void {
    this.timers.push(setInterval(() => this.publishCalls(), CALL_FLUSH_INTERVAL_MS));
    this.timers.push(setInterval(() => this.flushCalls(), CALL_PERSIST_INTERVAL_MS));
    this.timers.push(setInterval(() => this.tracker.expire(this.now()), EXPIRE_INTERVAL_MS));
    for (const t of this.timers) t.unref();
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.flushCalls();
    this.unsubscribe();
  }

  /** Sink for the HEP listener (UDP datagrams and TCP streams framed by the HEP3 length). */
  readonly hepSink: PacketSink = {
    receiveThread: true,
    datagram: (payload, _from, counters) => {
      counters.received++;
      this.takeHep(payload, counters, 'udp');
    },
    stream: (_from, counters) => this.hepStream(counters),
  };

  /** Sink for plain SIP mirrored over UDP (siptrace with hep_mode_on off) or TCP. */
  plainSipSink(listenHost: () => { host: string; port: number }): PacketSink {
    return {
      receiveThread: true,
      datagram: (payload, from, counters) => {
        counters.received++;
        const local = listenHost();
        this.takeSip(
          payload,
          {
            ts: this.now(),
            srcIp: from.address,
            srcPort: from.port,
            dstIp: local.host,
            dstPort: local.port,
            transport: 'udp',
          },
          counters,
        );
      },
      stream: (from, counters) => this.sipStream(from, counters, listenHost),
    };
  }

  /** One decoded HEP packet, from a listener or from a capture file. */
  takeHep(packet: Buffer, counters: ListenerCounters, transport: TransportProto): void {
    const r = decodeHep(packet);
    if (!r.ok) {
      counters.malformed++;
      return;
    }
    const p = r.packet;
    const key = this.opts.authKey();
    if (key !== null && p.authKey !== key) {
      counters.authFailures++;
      counters.dropped++;
      return;
    }
    counters.decoded++;
    if (p.protoType !== HEP_PROTO_SIP) return;
    this.takeSip(
      p.payload,
      {
        // HEPv1 carries no timestamp: the receive time is the best there is.
        ts: p.tsUs > 0 ? p.tsUs : this.now(),
        srcIp: p.srcIp,
        srcPort: p.srcPort,
        dstIp: p.dstIp,
        dstPort: p.dstPort,
        transport: p.ipProto === 6 ? 'tcp' : transport === 'tcp' && p.ipProto !== 17 ? 'tcp' : 'udp',
        captureId: p.captureId,
        node: p.nodeName || undefined,
        correlationId: p.correlationId || undefined,
      },
      counters,
      false,
    );
  }

  /** One SIP message with its capture metadata. Broken messages are stored raw and flagged, never dropped. */
  takeSip(payload: Buffer, meta: Meta, counters: ListenerCounters, countDecoded = true): void {
    if (countDecoded) counters.decoded++;
    const msg = parseSip(payload, { lean: true });
    const callId = msg.callId ?? '';
    const status = msg.statusCode;
    const branch = msg.via[0]?.branch;
    const cseq = msg.cseq;
    // Two agents capturing one packet agree on every part of this fingerprint.
    const fingerprint = `${meta.srcIp}:${meta.srcPort}>${meta.dstIp}:${meta.dstPort}|${payload.length}|${callId}|${cseq?.seq}${cseq?.method}|${msg.method ?? status}|${branch}`;
    if (this.dedupe.isDuplicate(fingerprint, `${meta.captureId ?? ''}/${meta.node ?? ''}`, meta.ts)) {
      counters.duplicates++;
      return;
    }
    let flags = 0;
    if (msg.malformed) {
      flags |= MESSAGE_FLAG_MALFORMED;
      counters.malformed++;
    }
    const correlationId = meta.correlationId ?? this.correlationHeader(msg);
    if (callId && cseq && (msg.method !== undefined || status !== undefined)) {
      // Plain assignments, no conditional spreads: this runs for every packet and spreads allocate.
      const reason = msg.reasons[0];
      const ev: SipEvent = {
        ts: meta.ts,
        callId,
        method: msg.method,
        status,
        reason: msg.reasonPhrase || undefined,
        cseq: cseq.seq,
        cseqMethod: cseq.method,
        fromUser: userOf(msg.from),
        fromUri: msg.from?.uri,
        fromTag: msg.from?.tag,
        toUser: userOf(msg.to),
        toUri: msg.to?.uri,
        toTag: msg.to?.tag,
        branch,
        srcIp: meta.srcIp,
        srcPort: meta.srcPort,
        dstIp: meta.dstIp,
        dstPort: meta.dstPort,
        userAgent: msg.userAgent ?? msg.server,
        reasonHeader: reason ? reasonText(reason) : undefined,
        correlationId: correlationId || undefined,
        captureId: meta.captureId,
        node: meta.node,
        capture: this.capture,
      };
      if (this.tracker.ingest(ev).retransmission) flags |= MESSAGE_FLAG_RETRANSMISSION;
    }
    const row: SipMessageWrite = {
      capture: this.capture,
      ts: meta.ts,
      call_id: callId,
      method: msg.method ?? null,
      status: status ?? null,
      reason: msg.reasonPhrase ?? null,
      cseq: cseq?.seq ?? 0,
      cseq_method: cseq?.method ?? '',
      src_ip: meta.srcIp,
      src_port: meta.srcPort,
      dst_ip: meta.dstIp,
      dst_port: meta.dstPort,
      transport: meta.transport,
      capture_id: meta.captureId ?? null,
      node: meta.node ?? null,
      correlation_id: correlationId ?? null,
      flags,
      malformed: msg.malformed ?? null,
      // The writer copies binary values at append time, so a view into a datagram or a TCP read is safe here.
      raw: payload,
    };
    const position = this.opts.writer.append('sip.message', row);
    if (position === 0) {
      // Refused by the writer (queue full, store closed): counted here so received = stored + the rest.
      counters.dropped++;
      return;
    }
    this.pendingPositions.push(position);
    this.pendingCounters.push(counters);
  }

  /** Publishes every call changed since the last publish as one delta and queues it for the store. */
  private publishCalls(): void {
    const changed = this.tracker.takeDirty();
    if (changed.length === 0) return;
    for (const c of changed) this.toPersist.set(c.callId, c);
    this.opts.onCalls(changed);
  }

  /** Publishes pending changes and hands the latest state of every changed call to the store writer. */
  flushCalls(): void {
    this.publishCalls();
    if (this.toPersist.size === 0) return;
    const batch = this.toPersist;
    this.toPersist = new Map();
    for (const c of batch.values()) this.opts.writer.append('sip.call', callUpsert(c));
  }

  private correlationHeader(msg: SipMessage): string | undefined {
    for (const name of this.opts.correlationHeaders()) {
      const v = header(msg, name);
      if (v) return v.trim();
    }
    return undefined;
  }

  private onSettled(range: SettledRange): void {
    // A range with losses cannot say which rows were lost. Ranges are one batch each (failed
    // batches send their own event), and a batch loses rows as a whole (disk full, I/O error) in
    // practice, so its rows count as dropped rather than credit a listener with rows not on disk.
    const credit = range.lost === 0;
    const positions = this.pendingPositions;
    while (this.pendingHead < positions.length && (positions[this.pendingHead] as number) <= range.through) {
      const counters = this.pendingCounters[this.pendingHead++] as ListenerCounters;
      if (credit) counters.stored++;
      else counters.dropped++;
    }
    // Compact now and then rather than shift() per row.
    if (this.pendingHead > 4096 && this.pendingHead * 2 > positions.length) {
      positions.splice(0, this.pendingHead);
      this.pendingCounters.splice(0, this.pendingHead);
      this.pendingHead = 0;
    }
  }

  private hepStream(counters: ListenerCounters): StreamHandler {
    let buf: Buffer = Buffer.alloc(0);
    return {
      data: (chunk) => {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        for (;;) {
          const f = nextHepFrame(buf);
          if (!f.ok) {
            // A bad length or a non-HEP stream cannot be resynchronised: close this connection only.
            counters.malformed++;
            return false;
          }
          if (f.length === null || buf.length < f.length) break;
          counters.received++;
          this.takeHep(buf.subarray(0, f.length), counters, 'tcp');
          buf = buf.subarray(f.length);
        }
        if (buf.length > MAX_TCP_BUFFER_BYTES) {
          counters.malformed++;
          return false;
        }
        // Keep only the unfinished tail, not the whole chunk it is a view of.
        if (buf.length > 0 && buf.byteOffset > 0) buf = Buffer.from(buf);
        return true;
      },
      end: () => {},
    };
  }

  private sipStream(
    from: Peer,
    counters: ListenerCounters,
    listenHost: () => { host: string; port: number },
  ): StreamHandler {
    let buf: Buffer = Buffer.alloc(0);
    return {
      data: (chunk) => {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        const r = splitSipStream(buf);
        const local = listenHost();
        // Messages cut before a framing fault are good: keep them, then close.
        for (const m of r.messages) {
          counters.received++;
          this.takeSip(
            m,
            {
              ts: this.now(),
              srcIp: from.address,
              srcPort: from.port,
              dstIp: local.host,
              dstPort: local.port,
              transport: 'tcp',
            },
            counters,
          );
        }
        if (!r.ok) {
          counters.malformed++;
          return false;
        }
        buf = r.rest.length > 0 ? Buffer.from(r.rest) : Buffer.alloc(0);
        return buf.length <= MAX_TCP_BUFFER_BYTES;
      },
      end: () => {},
    };
  }
}

function reasonText(r: { protocol: string; cause?: number; text?: string }): string {
  return [r.protocol, r.cause !== undefined ? `cause=${r.cause}` : '', r.text ? `"${r.text}"` : '']
    .filter(Boolean)
    .join(' ');
}
