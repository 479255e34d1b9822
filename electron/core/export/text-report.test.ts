import { describe, expect, it } from 'vitest';
import { textReport } from './text-report.ts';
import { T0, testCall, testMessage, testSnapshot } from './test-snapshot.ts';

function render(...args: Parameters<typeof testSnapshot>): string {
  return [...textReport(testSnapshot(...args))].join('');
}

describe('text report', () => {
  it('summarises each call at the top, then every message under a UTC header with delta, addresses and transport', () => {
    const invite = testMessage('c1', 'INVITE sip:bob@example.com SIP/2.0', { ts: T0 + 5 });
    const ringing = testMessage('c1', 'SIP/2.0 180 Ringing', {
      ts: T0 + 1_250_010,
      transport: 'tcp',
      srcIp: '2001:db8::2',
      dstIp: '2001:db8::1',
    });
    const text = render([testCall('c1', { srdMs: 1250, pddMs: 1250 })], [ringing, invite], 'text');
    const [head, messages] = text.split('\nMessages\n');
    expect(head).toMatch(/^\[1\] INVITE alice → bob\n {4}Call-ID: +c1\n/m);
    expect(head).toMatch(/^ {4}State: +ended, 200 OK$/m);
    expect(head).toMatch(/^ {4}Duration: +10\.00 s$/m);
    expect(head).toMatch(/^ {4}SRD: +1250 ms$/m);
    expect(head).toMatch(/^Redaction: +none$/m);
    expect(messages).toContain(
      '#1  2026-11-21 09:02:48.908498 UTC  +0.000000 s  UDP  192.0.2.1:5060 -> 192.0.2.2:5060  [call 1]\n\nINVITE sip:bob@example.com SIP/2.0\n',
    );
    expect(messages).toContain(
      '#2  2026-11-21 09:02:50.158503 UTC  +1.250005 s  TCP  [2001:db8::2]:5060 -> [2001:db8::1]:5060  [call 1]\n\nSIP/2.0 180 Ringing\n',
    );
    expect(text).not.toContain('\r');
    expect(text).toMatch(/End of trace: 2 messages\.\n$/);
  });

  it('marks retransmissions, malformed messages and legs', () => {
    const a = testCall('a', { correlationId: 'X' });
    const b = testCall('b', { correlationId: 'X', startedAt: T0 + 10 });
    const text = render(
      [b, a],
      [testMessage('a', 'INVITE sip:bob@example.com SIP/2.0', { retransmission: true, malformed: 'no Max-Forwards' })],
      'text',
    );
    expect(text).toContain('[2] INVITE alice → bob   (leg of [1])');
    expect(text).toMatch(/\[call 1\] {2}\(retransmission, malformed: no Max-Forwards\)\n/);
  });

  it('shows the raw bytes of a message that is not UTF-8 one character per byte', () => {
    const m = testMessage('c1', 'MESSAGE sip:bob@example.com SIP/2.0');
    m.raw = Buffer.concat([m.raw, Buffer.from([0xe9, 0xff])]);
    expect(render([testCall('c1')], [m], 'text')).toContain('Content-Length: 0\n\n\u00e9\u00ff\n');
  });
});
