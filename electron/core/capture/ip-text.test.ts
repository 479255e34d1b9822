import { describe, expect, it } from 'vitest';
import { isIPv6 } from 'node:net';
import { formatIpv4, formatIpv6, ipFamilyOf, writeIpv4, writeIpv6 } from './ip-text.ts';

function v6(text: string): Buffer {
  const b = Buffer.alloc(16);
  expect(writeIpv6(text, b, 0)).toBe(true);
  return b;
}

describe('IP text', () => {
  it('formats the dotted quad at an offset', () => {
    expect(formatIpv4(Buffer.from([9, 192, 0, 2, 33]), 1)).toBe('192.0.2.33');
  });

  it('formats IPv6 per RFC 5952: lowercase, no leading zeros, longest zero run as ::', () => {
    expect(formatIpv6(v6('2001:0DB8:0000:0000:0000:ff00:0042:8329'), 0)).toBe('2001:db8::ff00:42:8329');
    expect(formatIpv6(v6('::1'), 0)).toBe('::1');
    expect(formatIpv6(v6('::'), 0)).toBe('::');
    expect(formatIpv6(v6('fe80::'), 0)).toBe('fe80::');
    // the first of two equally long runs is compressed; a single zero group is not
    expect(formatIpv6(v6('2001:db8:0:0:1:0:0:1'), 0)).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(v6('2001:db8:0:1:1:1:1:1'), 0)).toBe('2001:db8:0:1:1:1:1:1');
    // the longer run wins over an earlier shorter one
    expect(formatIpv6(v6('1:0:0:2:0:0:0:3'), 0)).toBe('1:0:0:2::3');
  });

  it('writes IPv4-mapped addresses the way Node prints them', () => {
    expect(formatIpv6(v6('::ffff:192.0.2.1'), 0)).toBe('::ffff:192.0.2.1');
  });

  it('round-trips addresses between text and bytes', () => {
    for (const text of ['2001:db8::1', 'fe80::1:2:3:4', '1:2:3:4:5:6:7:8', '::ffff:10.0.0.1']) {
      const out = formatIpv6(v6(text), 0);
      expect(out).toBe(text);
      expect(isIPv6(out)).toBe(true);
    }
  });

  it('rejects text that is not an address', () => {
    const b = Buffer.alloc(16);
    for (const bad of ['1.2.3', '1.2.3.256', '1.2.3.4.5', 'a.b.c.d', '01234.1.1.1'])
      expect(writeIpv4(bad, b, 0)).toBe(false);
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '1:2:3:4:5:6:7', ':::']) {
      expect(writeIpv6(bad, b, 0)).toBe(false);
    }
    expect(ipFamilyOf('example.com')).toBe(0);
    expect(ipFamilyOf('10.1.2.3')).toBe(4);
    expect(ipFamilyOf('::1')).toBe(6);
  });
});
