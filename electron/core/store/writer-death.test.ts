// The writer worker dying (native crash, out of memory) must not leave callers hanging.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { healthRow } from './test-data.ts';
import { WRITE_KINDS, type WriteRows } from './write-kinds.ts';
import { WriterClient } from './writer.ts';

// A real thread that stands in for the writer worker and exits as soon as it gets a message.
const DIES_ON_FIRST_MESSAGE = `
  const { parentPort } = require('node:worker_threads');
  parentPort.once('message', () => process.exit(3));
`;

function dyingWriter(): WriterClient<WriteRows> {
  const worker = new Worker(DIES_ON_FIRST_MESSAGE, { eval: true });
  return new WriterClient<WriteRows>(worker, {
    config: { dbPath: '/nonexistent', kinds: WRITE_KINDS, migrations: [], maxDbBytes: null },
    batchMaxRows: 5000,
    batchMaxDelayMs: 60_000,
  });
}

describe('writer whose worker dies', () => {
  it('answers pending flushes and runs, reports the loss once and refuses later writes', async () => {
    const writer = dyingWriter();
    const errors: string[] = [];
    writer.onError((m) => errors.push(m));
    for (let i = 1; i <= 10; i++) writer.append('health.sample', healthRow(i));
    const flushed = writer.flush();
    const ran = writer.run('settings.put', { key: 'a', value: '1' });
    expect(await flushed).toMatchObject({ rows: 0, batches: 0 });
    expect(await ran).toEqual({ ok: false, message: 'settings.put: the store writer has stopped' });
    expect(errors).toEqual(['store writer exited unexpectedly (code 3)']);
    expect(writer.stats()).toMatchObject({ queued: 0, lostRows: 10, committedRows: 0 });

    writer.append('health.sample', healthRow(11));
    writer.append('health.sample', healthRow(12));
    expect(writer.stats().lostRows).toBe(12);
    expect(errors.slice(1)).toEqual(['health.sample: the store is down; appended rows are not stored']);
    expect(await writer.run('settings.put', { key: 'b', value: '1' })).toMatchObject({ ok: false });
    await writer.close(); // returns at once: nothing left to close
  });
});
