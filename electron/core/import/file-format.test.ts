import { describe, expect, it } from 'vitest';
import { LINKTYPE_ETHERNET } from '../capture/link.ts';
import { writePcap, writePcapng } from '../capture/pcap-write.ts';
import { detectFileFormat } from './file-format.ts';

const noBundle = (): boolean => false;

describe('file format', () => {
  it('tells pcap (both byte orders, µs and ns) from pcapng by the magic', () => {
    for (const opts of [{}, { nano: true }, { bigEndian: true }, { nano: true, bigEndian: true }]) {
      expect(detectFileFormat(writePcap(LINKTYPE_ETHERNET, [], opts), noBundle)).toBe('pcap');
    }
    expect(detectFileFormat(writePcapng(LINKTYPE_ETHERNET, []), noBundle)).toBe('pcapng');
    expect(detectFileFormat(writePcapng(LINKTYPE_ETHERNET, [], { bigEndian: true }), noBundle)).toBe('pcapng');
  });

  it('asks the bundle test only about files that are not captures', () => {
    const seen: string[] = [];
    const isBundle = (h: Buffer): boolean => (
      seen.push(h.toString('latin1', 0, 4)),
      h.toString('latin1', 0, 4) === 'PBXB'
    );
    expect(detectFileFormat(Buffer.from('PBXB-and-more'), isBundle)).toBe('bundle');
    expect(detectFileFormat(writePcap(LINKTYPE_ETHERNET, []), isBundle)).toBe('pcap');
    expect(seen).toEqual(['PBXB']);
  });

  it('calls a short or unknown head unknown', () => {
    expect(detectFileFormat(Buffer.from([0xd4, 0xc3]), noBundle)).toBe('unknown');
    expect(detectFileFormat(Buffer.from('hello world'), noBundle)).toBe('unknown');
  });
});
