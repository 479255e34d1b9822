import { describe, expect, it } from 'vitest';
import { CallTracker, TRANSACTION_TIMEOUT_US, type SipEvent } from './dialogs.ts';

const UAC = { ip: '10.0.0.1', port: 5070 };
const PROXY = { ip: '10.0.0.2', port: 5060 };
const UAS = { ip: '10.0.0.3', port: 5080 };
type Hop = { ip: string; port: number };

const T0 = 1_795_250_000_000_000;
const ms = (n: number): number => T0 + n * 1000;

function req(method: string, at: number, from: Hop, to: Hop, over: Partial<SipEvent> = {}): SipEvent {
  return {
    ts: at,
    callId: 'c1',
    method,
    cseq: 1,
    cseqMethod: method === 'ACK' || method === 'CANCEL' ? 'INVITE' : method,
    fromUser: 'alice',
    fromTag: 'ftag',
    toUser: 'bob',
    branch: `z9hG4bK-${method}-${from.port}`,
    srcIp: from.ip,
    srcPort: from.port,
    dstIp: to.ip,
    dstPort: to.port,
    capture: 0,
    ...over,
  };
}
function res(status: number, at: number, from: Hop, to: Hop, over: Partial<SipEvent> = {}): SipEvent {
  return {
    ts: at,
    callId: 'c1',
    status,
    reason: status === 200 ? 'OK' : status === 486 ? 'Busy Here' : status === 487 ? 'Request Terminated' : 'Whatever',
    cseq: 1,
    cseqMethod: 'INVITE',
    fromUser: 'alice',
    fromTag: 'ftag',
    toUser: 'bob',
    toTag: status === 100 ? undefined : 'ttag',
    branch: `z9hG4bK-INVITE-${to.port}`,
    srcIp: from.ip,
    srcPort: from.port,
    dstIp: to.ip,
    dstPort: to.port,
    capture: 0,
    ...over,
  };
}

/** An answered call through a proxy, traced on both hops as Kamailio's siptrace does. */
function answeredCall(byeFromCallee = false): SipEvent[] {
  const bye = byeFromCallee
    ? [
        req('BYE', ms(3000), UAS, PROXY, {
          cseq: 1,
          cseqMethod: 'BYE',
          fromUser: 'bob',
          fromTag: 'ttag',
          toTag: 'ftag',
        }),
        req('BYE', ms(3001), PROXY, UAC, {
          cseq: 1,
          cseqMethod: 'BYE',
          fromUser: 'bob',
          fromTag: 'ttag',
          toTag: 'ftag',
        }),
      ]
    : [
        req('BYE', ms(3000), UAC, PROXY, { cseq: 2, toTag: 'ttag' }),
        req('BYE', ms(3001), PROXY, UAS, { cseq: 2, toTag: 'ttag' }),
      ];
  return [
    req('INVITE', ms(0), UAC, PROXY),
    res(100, ms(1), PROXY, UAC),
    req('INVITE', ms(2), PROXY, UAS),
    res(180, ms(250), UAS, PROXY),
    res(180, ms(251), PROXY, UAC),
    res(200, ms(1000), UAS, PROXY),
    res(200, ms(1001), PROXY, UAC),
    req('ACK', ms(1002), UAC, PROXY, { toTag: 'ttag' }),
    req('ACK', ms(1003), PROXY, UAS, { toTag: 'ttag' }),
    ...bye,
  ];
}

function run(events: SipEvent[]): ReturnType<CallTracker['get']> {
  const t = new CallTracker();
  for (const e of events) t.ingest(e);
  return t.get('c1');
}

describe('CallTracker: INVITE dialogs', () => {
  it('follows an answered call to its end with RFC 6076 delays and who hung up', () => {
    const c = run(answeredCall());
    expect(c).toMatchObject({
      method: 'INVITE',
      state: 'ended',
      finalCode: 200,
      startedAt: ms(0),
      ringingAt: ms(250),
      answeredAt: ms(1000),
      endedAt: ms(3000),
      pddMs: 250,
      srdMs: 250,
      durationMs: 2000,
      endedBy: 'caller',
      from: 'alice',
      to: 'bob',
      srcIp: UAC.ip,
      srcPort: UAC.port,
      messageCount: 11,
      retransmissions: 0,
    });
    expect(run(answeredCall(true))?.endedBy).toBe('callee');
  });

  it('reaches the same summary whatever order the agent delivers the messages in', () => {
    const events = answeredCall();
    const reference = run(events);
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      const shuffled = [...events].sort(() => rnd() - 0.5);
      expect(run(shuffled)).toEqual(reference);
    }
  });

  it('reports the busy answer the caller received, counted once per hop and not as retransmissions', () => {
    const c = run([
      req('INVITE', ms(0), UAC, PROXY),
      req('INVITE', ms(1), PROXY, UAS),
      res(486, ms(100), UAS, PROXY),
      res(486, ms(101), PROXY, UAC),
    ]);
    expect(c).toMatchObject({
      state: 'failed',
      finalCode: 486,
      finalReason: 'Busy Here',
      srdMs: 101,
      retransmissions: 0,
      endedAt: ms(101),
    });
  });

  it('marks a CANCEL answered by 487 as cancelled', () => {
    const c = run([
      req('INVITE', ms(0), UAC, PROXY),
      res(180, ms(200), PROXY, UAC),
      req('CANCEL', ms(300), UAC, PROXY),
      res(200, ms(301), PROXY, UAC, { cseqMethod: 'CANCEL' }),
      res(487, ms(305), PROXY, UAC),
    ]);
    expect(c).toMatchObject({ state: 'cancelled', finalCode: 487, endReason: 'cancelled by caller', pddMs: 200 });
  });

  it('lets a 200 that crossed the CANCEL win (the CANCEL race), then ends on BYE', () => {
    const c = run([
      req('INVITE', ms(0), UAC, PROXY),
      res(180, ms(100), PROXY, UAC),
      req('CANCEL', ms(500), UAC, PROXY),
      res(200, ms(501), PROXY, UAC),
      res(200, ms(502), PROXY, UAC, { cseqMethod: 'CANCEL' }),
      req('ACK', ms(503), UAC, PROXY, { toTag: 'ttag' }),
      req('BYE', ms(504), UAC, PROXY, { cseq: 2, toTag: 'ttag' }),
    ]);
    expect(c).toMatchObject({ state: 'ended', finalCode: 200, answeredAt: ms(501) });
  });

  it('treats a 3xx as the final failure of the call', () => {
    expect(run([req('INVITE', ms(0), UAC, PROXY), res(302, ms(20), PROXY, UAC)])).toMatchObject({
      state: 'failed',
      finalCode: 302,
    });
  });

  it('keeps the first ringing of forked branches and answers with the branch that picked up', () => {
    const c = run([
      req('INVITE', ms(0), UAC, PROXY),
      res(180, ms(300), PROXY, UAC, { toTag: 'fork-a' }),
      res(180, ms(200), PROXY, UAC, { toTag: 'fork-b' }),
      res(200, ms(900), PROXY, UAC, { toTag: 'fork-b' }),
    ]);
    expect(c).toMatchObject({ state: 'answered', pddMs: 200, answeredAt: ms(900), retransmissions: 0 });
  });

  it('counts a message seen again on the same hop as a retransmission and does not let it move timings', () => {
    const c = run([
      req('INVITE', ms(0), UAC, PROXY),
      req('INVITE', ms(500), UAC, PROXY),
      res(180, ms(700), PROXY, UAC),
    ]);
    expect(c).toMatchObject({ messageCount: 3, retransmissions: 1, startedAt: ms(0), pddMs: 700 });
  });

  it('does not take a 407 challenge answered by an authenticated retry as the outcome', () => {
    const base = [
      req('INVITE', ms(0), UAC, PROXY),
      res(407, ms(10), PROXY, UAC),
      req('ACK', ms(11), UAC, PROXY, { toTag: 'ttag' }),
      req('INVITE', ms(20), UAC, PROXY, { cseq: 2, branch: 'z9hG4bK-2' }),
    ];
    expect(run(base)).toMatchObject({ state: 'trying' });
    expect(run([...base, res(486, ms(400), PROXY, UAC, { cseq: 2 })])).toMatchObject({
      state: 'failed',
      finalCode: 486,
      srdMs: 400,
    });
    expect(
      run([...base, res(180, ms(100), PROXY, UAC, { cseq: 2 }), res(200, ms(400), PROXY, UAC, { cseq: 2 })]),
    ).toMatchObject({ state: 'answered', pddMs: 100 });
  });

  it('ignores the answer to a re-INVITE when timing the call', () => {
    const events = answeredCall().slice(0, 9);
    const c = run([
      ...events,
      req('INVITE', ms(2000), UAC, PROXY, { cseq: 2, toTag: 'ttag' }),
      res(200, ms(2010), PROXY, UAC, { cseq: 2 }),
    ]);
    expect(c).toMatchObject({ state: 'answered', answeredAt: ms(1000) });
  });
});

describe('CallTracker: other transactions', () => {
  it('times a REGISTER through its digest challenge (RRD)', () => {
    const reg = (cseq: number, at: number): SipEvent => ({
      ...req('REGISTER', at, UAC, PROXY),
      cseq,
      branch: `b${cseq}`,
    });
    const ok = (code: number, cseq: number, at: number): SipEvent => ({
      ...res(code, at, PROXY, UAC),
      cseq,
      cseqMethod: 'REGISTER',
    });
    const t = new CallTracker();
    for (const e of [reg(1, ms(0)), ok(401, 1, ms(5)), reg(2, ms(10)), ok(200, 2, ms(42))]) t.ingest(e);
    expect(t.get('c1')).toMatchObject({ method: 'REGISTER', state: 'completed', finalCode: 200, rrdMs: 42 });
    const bad = new CallTracker();
    for (const e of [reg(1, ms(0)), ok(401, 1, ms(5)), reg(2, ms(10)), ok(403, 2, ms(30))]) bad.ingest(e);
    expect(bad.get('c1')).toMatchObject({ state: 'failed', finalCode: 403 });
  });

  it('times out an OPTIONS that is never answered, and forgets finished calls after their linger', () => {
    const t = new CallTracker();
    t.ingest(req('OPTIONS', ms(0), UAC, PROXY));
    t.takeDirty();
    t.expire(ms(0) + TRANSACTION_TIMEOUT_US - 1);
    expect(t.get('c1')?.state).toBe('pending');
    t.expire(ms(0) + TRANSACTION_TIMEOUT_US + 1);
    expect(t.get('c1')?.state).toBe('timeout');
    expect(t.takeDirty().map((c) => c.state)).toEqual(['timeout']);
    t.expire(ms(0) + 3600 * 1_000_000);
    expect(t.size).toBe(0);
  });

  it('hands out each changed call once per batch, as a copy', () => {
    const t = new CallTracker();
    for (const e of answeredCall()) t.ingest(e);
    const batch = t.takeDirty();
    expect(batch).toHaveLength(1);
    batch[0]!.state = 'failed';
    expect(t.get('c1')?.state).toBe('ended');
    expect(t.takeDirty()).toHaveLength(0);
  });
});
