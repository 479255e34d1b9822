import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { nextHepFrame } from './frame.ts';
import { decodeHep } from './decode.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';

const packets = readUdpDatagrams(
  readFileSync(new URL('../../../test/fixtures/hep/kamailio-calls.pcap', import.meta.url)),
)
  .datagrams.slice(0, 5)
  .map((d) => d.payload);

describe('HEP over TCP framing', () => {
  it('cuts a stream of HEP3 packets at their total lengths, whatever the read sizes', () => {
    const stream = Buffer.concat(packets);
    for (const readSize of [1, 7, 100, 1000, stream.length]) {
      let buf = Buffer.alloc(0);
      const out: Buffer[] = [];
      for (let off = 0; off < stream.length; off += readSize) {
        buf = Buffer.concat([buf, stream.subarray(off, off + readSize)]);
        for (;;) {
          const f = nextHepFrame(buf);
          expect(f.ok).toBe(true);
          if (!f.ok || f.length === null || buf.length < f.length) break;
          out.push(buf.subarray(0, f.length));
          buf = buf.subarray(f.length);
        }
      }
      expect(buf.length).toBe(0);
      expect(out.map((b) => b.toString('hex'))).toEqual(packets.map((b) => b.toString('hex')));
      for (const frame of out) expect(decodeHep(frame).ok).toBe(true);
    }
  });

  it('needs 6 bytes before it can tell the length', () => {
    expect(nextHepFrame(Buffer.alloc(0))).toEqual({ ok: true, length: null });
    expect(nextHepFrame(Buffer.from('HEP3\x02'))).toEqual({ ok: true, length: null });
    expect(nextHepFrame(Buffer.from('HEP3\x02\x4b'))).toEqual({ ok: true, length: 0x024b });
  });

  it('refuses a stream that is not HEP3 as soon as a byte disagrees', () => {
    const r = nextHepFrame(Buffer.from('HT'));
    expect(!r.ok && r.error.code).toBe('not_hep3');
    const sip = nextHepFrame(Buffer.from('INVITE sip:'));
    expect(!sip.ok && sip.error.code).toBe('not_hep3');
  });

  it('refuses HEPv1/v2, which has no length to frame by', () => {
    const r = nextHepFrame(Buffer.from([2, 16, 2, 17]));
    expect(!r.ok && r.error.code).toBe('legacy_version');
  });

  it('refuses a total length shorter than the HEP3 header', () => {
    const r = nextHepFrame(Buffer.from('HEP3\x00\x05'));
    expect(!r.ok && r.error.code).toBe('bad_length');
  });
});
