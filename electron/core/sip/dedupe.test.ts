import { describe, expect, it } from 'vitest';
import { DUPLICATE_WINDOW_US, DuplicateFilter, MAX_FINGERPRINTS } from './dedupe.ts';

const fp = 'a:1>b:2|600|call-1|1 INVITE|INVITE|z9hG4bK1';

describe('DuplicateFilter', () => {
  it('drops the same message from a second agent within the window', () => {
    const f = new DuplicateFilter();
    expect(f.isDuplicate(fp, 'agent-1', 1000)).toBe(false);
    expect(f.isDuplicate(fp, 'agent-2', 1500)).toBe(true);
  });

  it('keeps a repeat from the same agent (a retransmission) and the same message on another hop', () => {
    const f = new DuplicateFilter();
    expect(f.isDuplicate(fp, 'agent-1', 1000)).toBe(false);
    expect(f.isDuplicate(fp, 'agent-1', 600_000)).toBe(false);
    expect(f.isDuplicate(fp.replace('a:1>b:2', 'b:2>c:3'), 'agent-2', 600_100)).toBe(false);
  });

  it('forgets fingerprints after the window, also when time comes in out of order', () => {
    const f = new DuplicateFilter();
    f.isDuplicate(fp, 'agent-1', 0);
    f.isDuplicate('other', 'agent-1', 10);
    expect(f.isDuplicate(fp, 'agent-2', DUPLICATE_WINDOW_US * 3)).toBe(false);
    expect(f.isDuplicate(fp, 'agent-1', DUPLICATE_WINDOW_US * 3 - 5)).toBe(true);
  });

  it('stays bounded at the fingerprint cap and still recognises recent duplicates', () => {
    const f = new DuplicateFilter();
    for (let i = 0; i < MAX_FINGERPRINTS + 10; i++) f.isDuplicate(`k${i}`, 'agent-1', 100);
    expect(f.isDuplicate(`k${MAX_FINGERPRINTS + 5}`, 'agent-2', 101)).toBe(true);
    expect(f.isDuplicate('k0', 'agent-2', 101)).toBe(false);
  });
});
