import { describe, expect, it } from 'vitest';
import { groupCalls } from './groups.ts';
import { testCall, testMessage } from './test-snapshot.ts';

describe('call groups', () => {
  it('links legs by shared correlation id or a correlation id naming another Call-ID, transitively, newest group first', () => {
    const a = testCall('a', { startedAt: 1 });
    const b = testCall('b', { startedAt: 2, correlationId: 'a' }); // names a's Call-ID
    const c = testCall('c', { startedAt: 3, correlationId: 'a' }); // shares b's correlation id
    const lone = testCall('lone', { startedAt: 10 });
    const x1 = testCall('x1', { startedAt: 5, correlationId: 'X' });
    const x2 = testCall('x2', { startedAt: 4, correlationId: 'X' });
    const calls = [lone, x1, x2, c, b, a]; // newest first, as selected
    const messages = [
      testMessage('b', 'INVITE sip:x SIP/2.0'),
      testMessage('a', 'INVITE sip:x SIP/2.0'),
      testMessage('lone', 'OPTIONS sip:x SIP/2.0'),
    ];
    const groups = groupCalls(calls, messages);
    expect(groups.map((g) => g.calls.map((k) => k.callId))).toEqual([['lone'], ['x2', 'x1'], ['a', 'b', 'c']]);
    expect(groups[2]!.messages.map((m) => m.callId)).toEqual(['b', 'a']);
    expect(groups[0]!.messages).toHaveLength(1);
    expect(groups[1]!.messages).toHaveLength(0);
  });
});
