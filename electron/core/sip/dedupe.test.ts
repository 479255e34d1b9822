import { describe, expect, it } from 'vitest';
import { DUPLICATE_WINDOW_US, DuplicateFilter } from './dedupe.ts';

const p = Buffer.from('INVITE sip:bob@x SIP/2.0\r\nCall-ID: a\r\n\r\n');

describe('DuplicateFilter', () => {
  it('drops the same message from a second agent within the window', () => {
    const f = new DuplicateFilter();
    expect(f.isDuplicate(p, 'a:1', 'b:2', 'agent-1', 1000)).toBe(false);
    expect(f.isDuplicate(p, 'a:1', 'b:2', 'agent-2', 1500)).toBe(true);
  });

  it('keeps a repeat from the same agent (a retransmission) and the same bytes on another hop', () => {
    const f = new DuplicateFilter();
    expect(f.isDuplicate(p, 'a:1', 'b:2', 'agent-1', 1000)).toBe(false);
    expect(f.isDuplicate(p, 'a:1', 'b:2', 'agent-1', 600_000)).toBe(false);
    expect(f.isDuplicate(p, 'b:2', 'c:3', 'agent-2', 600_100)).toBe(false);
  });

  it('forgets fingerprints after the window', () => {
    const f = new DuplicateFilter();
    f.isDuplicate(p, 'a:1', 'b:2', 'agent-1', 0);
    expect(f.isDuplicate(p, 'a:1', 'b:2', 'agent-2', DUPLICATE_WINDOW_US * 3)).toBe(false);
  });
});
