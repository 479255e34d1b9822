// Sustained write throughput through `append`, for `npm run bench`. Two rows: the small
// health sample, and a SIP-message-like row with a ~600-byte text column and two indexes
// (time and Call-ID), which is what SIP capture will write at ~60,000 rows/s. The wide row
// uses a table and kind registered only here (openStoreWith), so the shipped schema carries
// no bench table and the number reflects a realistic row rather than a padded health sample.
import { makeTempDir } from './test-data.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { openStoreWith } from './open-store.ts';
import type { Store } from './store-api.ts';
import { WRITE_KINDS, defineKind, type KindRegistry, type WriteRows } from './write-kinds.ts';

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

type WideRow = { at: number; call_id: string; method: string; status: number; src: string; dst: string; raw: string };
type BenchRows = WriteRows & { 'bench.wide': WideRow };

const BENCH_KINDS: KindRegistry<BenchRows> = {
  ...WRITE_KINDS,
  'bench.wide': defineKind<WideRow>()(
    'INSERT INTO bench_wide (at, call_id, method, status, src, dst, raw) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ['at', 'call_id', 'method', 'status', 'src', 'dst', 'raw'],
  ),
};

const BENCH_MIGRATIONS = [
  ...MIGRATIONS,
  {
    version: MIGRATIONS.length + 1,
    name: 'bench-wide',
    sql: `CREATE TABLE bench_wide (at INTEGER NOT NULL, call_id TEXT NOT NULL, method TEXT NOT NULL, status INTEGER NOT NULL,
            src TEXT NOT NULL, dst TEXT NOT NULL, raw TEXT NOT NULL) STRICT;
          CREATE INDEX bench_wide_at ON bench_wide (at);
          CREATE INDEX bench_wide_call_id ON bench_wide (call_id);`,
  },
];

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
  /** Process CPU (main thread + writer worker) per stored row: robust to other load on the machine. */
  cpuUsPerRow: number;
  appendUsPerRow: number;
  lastBatchMs: number;
  bytesPerRow: number;
}

async function sustained<K extends keyof BenchRows & string>(
  store: Store<BenchRows>,
  kind: K,
  makeRow: (i: number) => BenchRows[K],
): Promise<Measured> {
  const bytesBefore = store.dbBytes();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let appendMs = 0;
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
      const t = performance.now();
      for (let i = 0; i < ROWS_PER_TURN; i++) store.writer.append(kind, makeRow(appended++));
      appendMs += performance.now() - t;
      setImmediate(turn);
    };
    turn();
  });
  const before = store.writer.stats().committedRows - appended; // rows committed by earlier scenarios
  const info = await store.writer.flush();
  const elapsedS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const rows = info.rows - before;
  return {
    rowsPerSec: Math.round(rows / elapsedS),
    cpuUsPerRow: (cpu.user + cpu.system) / rows,
    appendUsPerRow: (appendMs * 1000) / appended,
    lastBatchMs: info.lastBatchMs,
    bytesPerRow: (store.dbBytes() - bytesBefore) / rows,
  };
}

export async function benchStore(): Promise<BenchResult[]> {
  const temp = makeTempDir();
  const store = await openStoreWith<BenchRows>({ dataDir: temp.dir }, { kinds: BENCH_KINDS, migrations: BENCH_MIGRATIONS });
  const lost: string[] = [];
  store.writer.onError((m) => lost.push(m));
  try {
    const t0 = Date.now() * 1000;
    const health = await sustained(store, 'health.sample', (i) => ({
      at: t0 + i,
      source: 'hep',
      proto: 'udp',
      received: i,
      decoded: i,
      malformed: 0,
      dropped: 0,
      stored: i,
    }));
    const pool = Array.from({ length: 1024 }, (_, n) => sipInvite(`${n.toString(16)}-bench@192.0.2.10`, n));
    const wide = await sustained(store, 'bench.wide', (i) => ({
      at: t0 + i,
      call_id: `${(i >>> 2).toString(36)}-bench@192.0.2.10`, // four messages per call
      method: 'INVITE',
      status: 0,
      src: '192.0.2.10:5060',
      dst: '192.0.2.20:5060',
      raw: pool[i & 1023] ?? '',
    }));
    if (lost.length > 0) throw new Error(`store bench lost rows: ${lost.join('; ')}`);
    const rawBytes = pool[0]?.length ?? 0;
    return [
      { name: 'store.append health.sample sustained', value: health.rowsPerSec, unit: 'rows/s' },
      { name: 'store.append health.sample main-thread cost', value: round2(health.appendUsPerRow), unit: 'µs/row' },
      { name: 'store.append health.sample CPU (both threads)', value: round2(health.cpuUsPerRow), unit: 'µs/row' },
      { name: `store.append sip-like row (${rawBytes} B text, 2 indexes) sustained`, value: wide.rowsPerSec, unit: 'rows/s' },
      { name: 'store.append sip-like row main-thread cost', value: round2(wide.appendUsPerRow), unit: 'µs/row' },
      { name: 'store.append sip-like row CPU (both threads)', value: round2(wide.cpuUsPerRow), unit: 'µs/row' },
      { name: 'store.append sip-like row last batch', value: round2(wide.lastBatchMs), unit: 'ms' },
      { name: 'store.append sip-like row on disk', value: Math.round(wide.bytesPerRow), unit: 'bytes/row' },
    ];
  } finally {
    await store.close();
    temp.remove();
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
