// ARCHITECTURE 6: nothing committed is lost on kill -9 and the file is never corrupt.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import { makeTempDir } from './test-data.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const ROUNDS = 5;
/** A round (start, ingest, kill) must finish within this; a child that never commits fails the test. */
const ROUND_DEADLINE_MS = 2000;
/** The kill lands this long after the child's first commit, at random. */
const MAX_KILL_DELAY_MS = 400;

interface RoundResult {
  reported: number;
  start: number;
  errors: string[];
  killDelayMs: number;
  ms: number;
}

function ingestAndKill(dataDir: string): Promise<RoundResult> {
  const began = performance.now();
  const killDelayMs = Math.floor(Math.random() * MAX_KILL_DELAY_MS);
  // process.execPath is the Node 24 that runs vitest; it runs the .ts child with type stripping.
  const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let start = -1;
    let reported = -1;
    const errors: string[] = [];
    let killTimer: NodeJS.Timeout | null = null;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child made no commit within ${ROUND_DEADLINE_MS} ms; stderr: ${err}`));
    }, ROUND_DEADLINE_MS);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? ''; // only complete lines count: a torn line was not fully reported
      for (const line of lines) {
        const [word, rest] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
        if (word === 'ready') start = Number(rest);
        else if (word === 'committed') reported = Math.max(reported, Number(rest));
        else if (word === 'error') errors.push(rest);
      }
      if (reported >= 0 && killTimer === null) killTimer = setTimeout(() => child.kill('SIGKILL'), killDelayMs);
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL') reject(new Error(`child exited on its own (${signal}); stderr: ${err}`));
      else resolve({ reported, start, errors, killDelayMs, ms: performance.now() - began });
    });
  });
}

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

describe('crash safety', () => {
  it('keeps every reported commit and an intact file across repeated kill -9 mid-ingest', async () => {
    let previous = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const r = await ingestAndKill(temp.dir);
      const where = `round ${round} (kill ${r.killDelayMs} ms after the first commit)`;
      expect(r.errors, where).toEqual([]);
      expect(r.ms, where).toBeLessThan(ROUND_DEADLINE_MS);
      // The child continued from what the previous round left: nothing reported was lost.
      expect(r.start, where).toBeGreaterThanOrEqual(previous);
      expect(r.reported, where).toBeGreaterThan(r.start);

      const store = await openStore({ dataDir: temp.dir });
      try {
        expect(store.reader.pragma('integrity_check', { simple: true }), where).toBe('ok');
        const got = store.reader
          .prepare(
            'SELECT count(*) AS n, count(DISTINCT received) AS distinct_n, max(received) AS max FROM health_samples WHERE received <= ?',
          )
          .get(r.reported) as { n: number; distinct_n: number; max: number };
        // Sequence numbers 1..reported, each exactly once.
        expect(got, where).toEqual({ n: r.reported, distinct_n: r.reported, max: r.reported });
      } finally {
        await store.close();
      }
      previous = r.reported;
    }
  });
});
