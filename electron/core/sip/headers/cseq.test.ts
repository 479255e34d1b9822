import { describe, expect, it } from 'vitest';
import { parseCSeq } from './cseq.ts';

describe('CSeq', () => {
  it('reads the number and the method', () => {
    expect(parseCSeq('314159 INVITE')).toEqual({ seq: 314159, method: 'INVITE' });
    expect(parseCSeq('  1\tBYE ')).toEqual({ seq: 1, method: 'BYE' });
  });

  it('rejects a missing method, a non-number and a number of 2^31 or more', () => {
    expect(parseCSeq('1')).toBeNull();
    expect(parseCSeq('one INVITE')).toBeNull();
    expect(parseCSeq('2147483648 INVITE')).toBeNull();
    expect(parseCSeq('2147483647 INVITE')?.seq).toBe(2147483647);
  });
});
