import { describe, expect, it } from 'vitest';
import { parseNameAddr, parseNameAddrList, type NameAddr } from './name-addr.ts';

describe('name-addr headers', () => {
  it('splits a quoted display name, URI parts, tag and other params', () => {
    const na = parseNameAddr('"Alice Smith" <sip:alice@example.com:5070;transport=udp>;tag=1928301774;x=y');
    expect(na).toEqual({
      display: 'Alice Smith',
      uri: 'sip:alice@example.com:5070;transport=udp',
      scheme: 'sip',
      user: 'alice',
      host: 'example.com',
      port: 5070,
      tag: '1928301774',
    });
    expect(na?.params).toEqual({ tag: '1928301774', x: 'y' });
  });

  it('takes an unquoted display name and unescapes a quoted one', () => {
    expect(parseNameAddr('Bob Jones <sip:bob@b.example>')?.display).toBe('Bob Jones');
    expect(parseNameAddr('"say \\"hi\\", <or> not" <sip:c@d>')?.display).toBe('say "hi", <or> not');
    expect(parseNameAddr('"say \\"hi\\", <or> not" <sip:c@d>')?.user).toBe('c');
  });

  it('gives the ;params of an addr-spec without <> to the header, not the URI', () => {
    const na = parseNameAddr('sip:carol@chicago.com;tag=887s');
    expect(na).toMatchObject({ uri: 'sip:carol@chicago.com', user: 'carol', host: 'chicago.com', tag: '887s' });
    expect(na?.display).toBeUndefined();
  });

  it('reads IPv6 hosts, tel URIs and user parts containing ;', () => {
    expect(parseNameAddr('<sip:1000@[2001:db8::5]:5061>')).toMatchObject({
      user: '1000',
      host: '2001:db8::5',
      port: 5061,
    });
    expect(parseNameAddr('<tel:+4930123;phone-context=example.com>')).toMatchObject({
      scheme: 'tel',
      user: '+4930123',
    });
    expect(parseNameAddr('<sip:+4930123;npdi@gw.example>')).toMatchObject({
      user: '+4930123;npdi',
      host: 'gw.example',
    });
  });

  it('accepts Contact: * and rejects values without a URI', () => {
    expect(parseNameAddr('*')?.uri).toBe('*');
    expect(parseNameAddr('')).toBeNull();
    expect(parseNameAddr('"Only a name" <sip:unterminated')).toBeNull();
  });

  it('splits comma-separated lists but not commas inside quotes or brackets', () => {
    const out: NameAddr[] = [];
    expect(parseNameAddrList('"Doe, John" <sip:john@a.example;x=1,2>;q=0.7, <sip:jd@b.example>;expires=60', out)).toBe(
      true,
    );
    expect(out.map((n) => [n.display, n.user, n.params['q'] ?? n.params['expires']])).toEqual([
      ['Doe, John', 'john', '0.7'],
      [undefined, 'jd', '60'],
    ]);
  });
});
