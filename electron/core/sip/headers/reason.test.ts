import { describe, expect, it } from 'vitest';
import { parseReason, parseReasonList, type SipReason } from './reason.ts';

describe('Reason', () => {
  it('reads protocol, cause and quoted text', () => {
    expect(parseReason('Q.850;cause=16;text="Normal call clearing"')).toMatchObject({
      protocol: 'Q.850',
      cause: 16,
      text: 'Normal call clearing',
    });
  });

  it('reads one entry per protocol from a comma-separated header', () => {
    const out: SipReason[] = [];
    parseReasonList('SIP;cause=200;text="Call completed elsewhere", Q.850 ;cause=26', out);
    expect(out.map((r) => [r.protocol, r.cause, r.text])).toEqual([
      ['SIP', 200, 'Call completed elsewhere'],
      ['Q.850', 26, undefined],
    ]);
  });

  it('rejects an empty value', () => {
    expect(parseReason('  ')).toBeNull();
  });
});
