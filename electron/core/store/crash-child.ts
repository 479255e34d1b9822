// Child process of crash-safety.test.ts: opens the store in argv[2] and appends health
// samples as fast as the writer takes them, printing "committed <seq>" after every commit
// (the highest sequence number now durable), until the parent kills it with SIGKILL.
import { openStore } from './open-store.ts';
import { healthRow } from './test-data.ts';

/** Keep the queue short so no row is dropped for overflow: the parent checks every sequence number. */
const MAX_QUEUED = 20_000;
const ROWS_PER_TURN = 1000;

const dataDir = process.argv[2];
if (dataDir === undefined) {
  process.stderr.write('usage: crash-child.ts <dataDir>\n');
  process.exit(2);
}
const store = await openStore({ dataDir });
const last = store.reader.prepare('SELECT max(received) AS seq FROM health_samples').get() as { seq: number | null };
const start = last.seq ?? 0;
// Rows commit in append order and none is refused here, so the committed count maps onto sequence numbers.
store.writer.onCommit((info) => process.stdout.write(`committed ${start + info.rows}\n`));
store.writer.onError((message) => process.stdout.write(`error ${message}\n`));
process.stdout.write(`ready ${start}\n`);

let seq = start;
function produce(): void {
  if (store.writer.stats().queued < MAX_QUEUED) {
    for (let i = 0; i < ROWS_PER_TURN; i++) store.writer.append('health.sample', healthRow(++seq));
  }
  setImmediate(produce);
}
produce();
