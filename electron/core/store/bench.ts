// Sustained write throughput through `append`, for `npm run bench`. Three scenarios, each on
// the shipped schema so the numbers are what the app will see:
//   - health.sample: the small row;
//   - sip.message: the SIP capture row (~650-byte raw message as bytes, 19 columns,
//     2 indexes), the one that must sustain ~60,000 rows/s;
//   - sip.message + sip.call: the same with one call upsert (9 indexes) per 4 messages.
// Besides rows/s (wall clock, sensitive to other load on the machine) each reports CPU per
// row, for the process (both threads) and for the main thread alone: the steadier figures on a
// shared 2-core box, and the main-thread one is what ingest gives up to the store.
import type { SipMessageWrite, CallUpsert } from '../sip/rows.ts';
import { openStore } from './open-store.ts';
import type { Store } from './store-api.ts';
import { makeTempDir } from './test-data.ts';
import type { WriteKind, WriteRow } from './write-kinds.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** How long each scenario appends; long enough to cross several WAL checkpoints. */
const BENCH_MS = 3000;
/** Rows appended per event-loop turn, like a listener handling a burst of datagrams. */
const ROWS_PER_TURN = 500;
/** The producer waits while this many rows are uncommitted, so the bench measures the disk, not the queue limit. */
const MAX_QUEUED = 50_000;
/** Distinct SIP messages cycled through. */
const MESSAGE_POOL = 1024;

function sipInvite(callId: string, n: number): string {
  return [
    'INVITE sip:bob@192.0.2.20:5060 SIP/2.0',
    `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-${n.toString(36)}-a1b2c3;rport`,
    'Max-Forwards: 70',
    `From: "Alice" <sip:alice@192.0.2.10>;tag=${(n * 7919).toString(36)}`,
    'To: <sip:bob@192.0.2.20>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Contact: <sip:alice@192.0.2.10:5060>',
    'User-Agent: PBXScope-bench',
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY',
    'Supported: replaces, timer, 100rel',
    'Content-Type: application/sdp',
    'Content-Length: 180',
    '',
    'v=0',
    `o=alice ${n} ${n} IN IP4 192.0.2.10`,
    's=call',
    'c=IN IP4 192.0.2.10',
    't=0 0',
    'm=audio 40000 RTP/AVP 0 8 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

interface Measured {
  rowsPerSec: number;
  /** Process CPU (main thread + writer worker) per stored row. */
  cpuUsPerRow: number;
  /** Main-thread CPU per row: building it, append, the batch's postMessage, the event loop. */
  mainUsPerRow: number;
  lastBatchMs: number;
  bytesPerRow: number;
}

/** Appends rows made by `produce` (which appends them itself) for BENCH_MS, then flushes. */
async function sustained(store: Store, produce: (i: number) => number): Promise<Measured> {
  const bytesBefore = store.dbBytes();
  const committedBefore = store.writer.stats().committedRows;
  const cpuBefore = process.cpuUsage();
  const mainBefore = process.threadCpuUsage();
  const started = performance.now();
  let appended = 0;
  await new Promise<void>((resolve) => {
    const turn = (): void => {
      if (performance.now() - started >= BENCH_MS) {
        resolve();
        return;
      }
      if (store.writer.stats().queued >= MAX_QUEUED) {
        // Sleep rather than spin, so the CPU figure counts storing rows, not waiting.
        setTimeout(turn, 1);
        return;
      }
      for (let i = 0; i < ROWS_PER_TURN; i++) appended += produce(appended);
      setImmediate(turn);
    };
    turn();
  });
  const info = await store.writer.flush();
  const elapsedS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const main = process.threadCpuUsage(mainBefore);
  const rows = info.rows - committedBefore;
  return {
    rowsPerSec: Math.round(rows / elapsedS),
    cpuUsPerRow: (cpu.user + cpu.system) / rows,
    mainUsPerRow: (main.user + main.system) / rows,
    lastBatchMs: info.lastBatchMs,
    bytesPerRow: (store.dbBytes() - bytesBefore) / rows,
  };
}

function appender<K extends WriteKind>(store: Store, kind: K, make: (i: number) => WriteRow<K>): (i: number) => number {
  return (i) => {
    store.writer.append(kind, make(i));
    return 1;
  };
}

export async function benchStore(): Promise<BenchResult[]> {
  const temp = makeTempDir();
  const store = await openStore({ dataDir: temp.dir });
  const lost: string[] = [];
  store.writer.onError((m) => lost.push(m));
  try {
    const t0 = Date.now() * 1000;
    const health = await sustained(
      store,
      appender(store, 'health.sample', (i) => ({
        at: t0 + i,
        source: 'hep',
        proto: 'udp',
        received: i,
        decoded: i,
        malformed: 0,
        dropped: 0,
        stored: i,
      })),
    );

    const encoder = new TextEncoder();
    const pool = Array.from({ length: MESSAGE_POOL }, (_, n) =>
      encoder.encode(sipInvite(`${n.toString(16)}-bench@192.0.2.10`, n)),
    );
    const message = (i: number): SipMessageWrite => ({
      capture: 0,
      ts: t0 + i,
      call_id: `${(i >>> 2).toString(36)}-bench@192.0.2.10`, // four messages per call
      method: 'INVITE',
      status: null,
      reason: null,
      cseq: 1,
      cseq_method: 'INVITE',
      src_ip: '192.0.2.10',
      src_port: 5060,
      dst_ip: '192.0.2.20',
      dst_port: 5060,
      transport: 'udp',
      capture_id: 2001,
      node: 'kamailio',
      correlation_id: null,
      flags: 0,
      malformed: null,
      raw: pool[i % MESSAGE_POOL] ?? new Uint8Array(0), // append copies the bytes into the batch arena
    });
    const sip = await sustained(store, appender(store, 'sip.message', message));

    const call = (i: number): CallUpsert => ({
      capture: 0,
      call_id: `${i.toString(36)}-mixed@192.0.2.10`,
      method: 'INVITE',
      state: 'answered',
      started_at: t0 + i * 4,
      ringing_at: t0 + i * 4 + 1,
      answered_at: t0 + i * 4 + 2,
      ended_at: null,
      updated_at: t0 + i * 4 + 3,
      final_code: 200,
      final_reason: 'OK',
      end_reason: null,
      ended_by: null,
      from_user: `alice${i % 500}`,
      to_user: `bob${i % 700}`,
      from_uri: 'sip:alice@192.0.2.10',
      to_uri: 'sip:bob@192.0.2.20',
      src_ip: '192.0.2.10',
      src_port: 5060,
      dst_ip: '192.0.2.20',
      dst_port: 5060,
      user_agent: 'PBXScope-bench',
      message_count: 4,
      retransmissions: 0,
      srd_ms: 120,
      pdd_ms: 80,
      duration_ms: null,
      rrd_ms: null,
      correlation_id: null,
      capture_id: 2001,
      node: 'kamailio',
    });
    const mixed = await sustained(store, (i) => {
      store.writer.append('sip.message', message(i));
      if (i % 4 === 3) {
        store.writer.append('sip.call', call(i >>> 2));
        return 2;
      }
      return 1;
    });

    if (lost.length > 0) throw new Error(`store bench lost rows: ${lost.join('; ')}`);
    const rawBytes = pool[0]?.byteLength ?? 0;
    const rows = (label: string, m: Measured): BenchResult[] => [
      { name: `store ${label} sustained`, value: m.rowsPerSec, unit: 'rows/s' },
      { name: `store ${label} CPU, both threads`, value: round2(m.cpuUsPerRow), unit: 'µs/row' },
      { name: `store ${label} CPU, main thread`, value: round2(m.mainUsPerRow), unit: 'µs/row' },
    ];
    return [
      ...rows('health.sample', health),
      ...rows(`sip.message (${rawBytes} B raw)`, sip),
      { name: 'store sip.message last batch', value: round2(sip.lastBatchMs), unit: 'ms' },
      { name: 'store sip.message on disk', value: Math.round(sip.bytesPerRow), unit: 'bytes/row' },
      ...rows('sip.message + 1 sip.call per 4', mixed),
    ];
  } finally {
    await store.close();
    temp.remove();
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
