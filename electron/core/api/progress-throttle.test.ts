import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../shared/domain.ts';
import { PROGRESS_INTERVAL_MS, ProgressThrottle } from './progress-throttle.ts';

const p = (bytesRead: number, state: ImportProgress['state'] = 'running'): ImportProgress => ({
  importId: 'i',
  fileName: 'f.pcap',
  state,
  bytesRead,
  totalBytes: 100,
  messages: 0,
  calls: 0,
});

describe('progress throttle', () => {
  it('passes running updates at most once per interval, the final state always, and nothing after it', () => {
    let now = 0;
    const out: ImportProgress[] = [];
    const t = new ProgressThrottle<ImportProgress>(
      (x) => out.push(x),
      (x) => x.state !== 'running',
      () => now,
    );
    t.report(p(1));
    now = PROGRESS_INTERVAL_MS - 1;
    t.report(p(2));
    now = PROGRESS_INTERVAL_MS;
    t.report(p(3));
    now += 1;
    t.report(p(100, 'done'));
    t.report(p(100, 'running'));
    expect(out.map((x) => [x.bytesRead, x.state])).toEqual([
      [1, 'running'],
      [3, 'running'],
      [100, 'done'],
    ]);
  });

  it('emits copies, so later changes to the job state do not rewrite sent events', () => {
    const out: ImportProgress[] = [];
    const t = new ProgressThrottle<ImportProgress>(
      (x) => out.push(x),
      (x) => x.state !== 'running',
      () => 0,
    );
    const live = p(5);
    t.report(live);
    live.bytesRead = 50;
    expect(out[0]!.bytesRead).toBe(5);
  });
});
