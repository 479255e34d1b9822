import { describe, expect, it } from 'vitest';
import { parseVia, parseViaList, type Via } from './via.ts';

describe('Via', () => {
  it('reads transport, host, port, branch, received and rport, and every param on demand', () => {
    const v = parseVia('SIP/2.0/UDP 127.0.0.1:5071;rport=5071;received=127.0.0.1;branch=z9hG4bK-19762-1-0');
    expect(v).toEqual({
      transport: 'UDP',
      host: '127.0.0.1',
      port: 5071,
      branch: 'z9hG4bK-19762-1-0',
      received: '127.0.0.1',
      rport: 5071,
    });
    expect(v?.params).toEqual({ rport: '5071', received: '127.0.0.1', branch: 'z9hG4bK-19762-1-0' });
  });

  it('keeps a bare rport as requested, and a host without port', () => {
    const v = parseVia('SIP/2.0/tcp pbx.example.com;branch=z9hG4bKabc;rport');
    expect(v).toMatchObject({ transport: 'TCP', host: 'pbx.example.com', branch: 'z9hG4bKabc' });
    expect(v?.port).toBeUndefined();
    expect(v?.rport).toBeUndefined();
    expect(v?.params['rport']).toBe('');
  });

  it('allows whitespace around the slashes and reads IPv6 sent-by', () => {
    expect(parseVia('SIP / 2.0 / TLS [2001:db8::1]:5061 ;branch=z9hG4bK1')).toMatchObject({
      transport: 'TLS',
      host: '2001:db8::1',
      port: 5061,
      branch: 'z9hG4bK1',
    });
  });

  it('reads several Vias from one header, in order', () => {
    const out: Via[] = [];
    expect(parseViaList('SIP/2.0/UDP a.example;branch=z9hG4bK1, SIP/2.0/TCP b.example:5080;branch=z9hG4bK2', out)).toBe(
      true,
    );
    expect(out.map((v) => [v.transport, v.host, v.port, v.branch])).toEqual([
      ['UDP', 'a.example', undefined, 'z9hG4bK1'],
      ['TCP', 'b.example', 5080, 'z9hG4bK2'],
    ]);
  });

  it('matches indexed param names in any case, the last of a repeated one winning', () => {
    expect(parseVia('SIP/2.0/UDP h;BRANCH=z9hG4bKa;Received=10.0.0.1;branch=z9hG4bKb')).toMatchObject({
      branch: 'z9hG4bKb',
      received: '10.0.0.1',
    });
  });

  it('rejects a value that is not a via-parm', () => {
    expect(parseVia('127.0.0.1:5060;branch=1')).toBeNull();
    const out: Via[] = [];
    expect(parseViaList('SIP/2.0/UDP ok.example, nonsense', out)).toBe(false);
    expect(out).toHaveLength(1);
  });
});
