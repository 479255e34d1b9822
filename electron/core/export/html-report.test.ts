import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { htmlReport } from './html-report.ts';
import { LADDER_ROWS_PER_SVG } from './ladder-svg.ts';
import { resourceRefs } from './test-html.ts';
import { testCall, testMessage, testSnapshot } from './test-snapshot.ts';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8\r\na=sendrecv\r\n';

function render(...args: Parameters<typeof testSnapshot>): string {
  return [...htmlReport(testSnapshot(...args))].join('');
}

describe('HTML report', () => {
  it('references no resource outside the file, even when the SIP it shows is full of URLs and markup', () => {
    const hostile =
      'Call-Info: <http://evil.example/x.png>;purpose=icon\r\nAlert-Info: <https://evil.example/ring.wav>\r\n' +
      'X-Note: <img src="//evil.example/p.gif"><script>fetch("https://evil.example")</script><style>@import url(https://evil.example/a.css)</style>\r\n';
    const html = render(
      [testCall('c1')],
      [testMessage('c1', 'INVITE sip:bob@example.com SIP/2.0', {}, hostile, SDP), testMessage('c1', 'SIP/2.0 200 OK')],
    );
    const refs = resourceRefs(html);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/^#[a-z0-9-]+$/);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html.match(/<script>/g)).toHaveLength(1); // the report's own, nothing from the message
    expect(html).toContain(
      'X-Note: &lt;img src=&quot;//evil.example/p.gif&quot;&gt;&lt;script&gt;fetch(&quot;https://evil.example&quot;)&lt;/script&gt;',
    );
  });

  it('allows exactly its own stylesheet and script by hash in its Content-Security-Policy', () => {
    const html = render([testCall('c1')], [testMessage('c1', 'INVITE sip:bob@example.com SIP/2.0')]);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = (s: string): string => createHash('sha256').update(s).digest('base64');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(html).not.toMatch(/\sstyle\s*=/); // no inline style attributes, which the policy would block
    expect(html).not.toMatch(/\son[a-z]+\s*=/); // no inline event handlers either
  });

  it('draws the ladder with one arrow per message linked to its message, in several SVGs for a long call', () => {
    const n = LADDER_ROWS_PER_SVG * 2 + 3;
    const messages = Array.from({ length: n }, (_, i) =>
      testMessage('c1', i % 2 ? 'SIP/2.0 180 Ringing' : 'OPTIONS sip:bob@example.com SIP/2.0'),
    );
    const html = render([testCall('c1', { method: 'OPTIONS' })], messages);
    expect(html.match(/<svg class="ladder"/g)).toHaveLength(3);
    expect(html.match(/<a href="#m-\d+" class="arrow/g)).toHaveLength(n);
    for (const m of messages) {
      expect(html).toContain(`<a href="#m-${m.id}" class="arrow`);
      expect(html).toContain(`<details class="msg" id="m-${m.id}">`);
    }
    expect(html).toContain(`(messages 1-${LADDER_ROWS_PER_SVG} of ${n})`);
  });

  it('marks retransmissions, SDP and malformed messages in the ladder and the message list', () => {
    const messages = [
      testMessage('c1', 'INVITE sip:bob@example.com SIP/2.0', {}, '', SDP),
      testMessage('c1', 'INVITE sip:bob@example.com SIP/2.0', { retransmission: true }, '', SDP),
      testMessage('c1', 'SIP/2.0 200 OK', { malformed: 'no Contact' }),
    ];
    const html = render([testCall('c1')], messages);
    expect(html).toMatch(new RegExp(`<a href="#m-${messages[1]!.id}" class="arrow req retrans">`));
    expect(html).toContain('INVITE (SDP) ↻');
    expect(html).toContain('<span class="tag retrans">retransmission</span>');
    expect(html).toContain('<span class="tag malformed">malformed: no Contact</span>');
    expect(html).toContain('SDP: <b>audio</b> 192.0.2.1:4000 RTP/AVP PCMU, PCMA <i>sendrecv</i>');
  });

  it('shows control characters of a broken message as visible symbols, never raw', () => {
    const m = testMessage('c1', 'MESSAGE sip:bob@example.com SIP/2.0', {}, 'X-Bin: a\u0000b\u001bc\r\n');
    const html = render([testCall('c1', { method: 'MESSAGE' })], [m]);
    expect(html).toContain('X-Bin: a\u2400b\u241bc');
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\u0000\u001b]/);
  });

  it('puts linked legs in one section with one ladder, and says what was exported and how it was redacted', () => {
    const a = testCall('leg-a', { correlationId: 'X1' });
    const b = testCall('leg-b', { correlationId: 'X1', startedAt: a.startedAt + 5000, from: 'pbx', to: 'carol' });
    const snap = testSnapshot(
      [b, a],
      [
        testMessage('leg-a', 'INVITE sip:bob@example.com SIP/2.0'),
        testMessage('leg-b', 'INVITE sip:carol@example.com SIP/2.0'),
      ],
    );
    snap.meta.redaction = { numbers: true, ips: true, auth: false, sdp: false };
    const html = [...htmlReport(snap)].join('');
    expect(html.match(/<section class="call"/g)).toHaveLength(1);
    expect(html).toContain('1 linked leg');
    expect(html).toContain('<h4>[1] INVITE alice → bob</h4>');
    expect(html).toContain('<h4>[2] INVITE pbx → carol</h4>');
    expect(html).toContain('numbers and names, IP addresses masked');
    expect(html).toContain('PBXScope 1.2.3');
    expect(html).toContain('2026-11-21 09:03:48.908493 UTC'); // exported at, UTC with µs
  });
});
