import { describe, expect, it } from 'vitest';
import {
  decodeTcp,
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  TcpReassembler,
  type TcpEvent,
} from './tcp-reassembly.ts';

const A = '10.0.0.1';
const B = '10.0.0.2';

/** A TCP header (20 bytes, or 24 with an MSS option) plus data: what the IP layer hands over. */
function tcp(
  seq: number,
  flags: number,
  data = '',
  ports: [number, number] = [40000, 5060],
  withOption = false,
): Buffer {
  const body = Buffer.from(data, 'latin1');
  const hlen = withOption ? 24 : 20;
  const b = Buffer.alloc(hlen + body.length);
  b.writeUInt16BE(ports[0], 0);
  b.writeUInt16BE(ports[1], 2);
  b.writeUInt32BE(seq >>> 0, 4);
  b.writeUInt32BE(0, 8);
  b[12] = (hlen / 4) << 4;
  b[13] = flags;
  b.writeUInt16BE(65535, 14);
  if (withOption) b.writeUInt32BE(0x020405b4, 20); // MSS 1460
  body.copy(b, hlen);
  return b;
}

/** Concatenated data per stream key, with gaps shown as `<gap N>` and ends as `<end reason>`. */
function text(events: TcpEvent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) {
    const k = e.stream.key;
    out[k] ??= '';
    if (e.kind === 'data') out[k] += e.data.toString('latin1');
    else if (e.kind === 'gap') out[k] += `<gap ${e.bytes}>`;
    else out[k] += `<end ${e.reason}>`;
  }
  return out;
}

const AB = `${A}|40000>${B}|5060`;
const BA = `${B}|5060>${A}|40000`;

describe('TCP header', () => {
  it('decodes ports, sequence, flags and skips options to the data', () => {
    const r = decodeTcp(tcp(0xfffffff0, TCP_PSH | TCP_ACK, 'hello', [1234, 5061], true));
    expect(r.ok && r.segment).toMatchObject({
      srcPort: 1234,
      dstPort: 5061,
      seq: 0xfffffff0,
      flags: TCP_PSH | TCP_ACK,
    });
    expect(r.ok && r.segment.payload.toString()).toBe('hello');
  });

  it('refuses a header cut short or a data offset below 20 bytes', () => {
    expect(decodeTcp(Buffer.alloc(12))).toMatchObject({ ok: false, error: { code: 'truncated' } });
    const bad = tcp(1, TCP_ACK);
    bad[12] = 4 << 4;
    expect(decodeTcp(bad)).toMatchObject({ ok: false, error: { code: 'bad_header' } });
    const long = tcp(1, TCP_ACK);
    long[12] = 15 << 4;
    expect(decodeTcp(long)).toMatchObject({ ok: false, error: { code: 'truncated' } });
  });
});

describe('TCP reassembly', () => {
  it('delivers each direction in order from the SYN on and ends it at its FIN', () => {
    const r = new TcpReassembler();
    const ev: TcpEvent[] = [];
    ev.push(...r.add(1, A, B, tcp(100, TCP_SYN)));
    ev.push(...r.add(2, B, A, tcp(900, TCP_SYN | TCP_ACK, '', [5060, 40000])));
    ev.push(...r.add(3, A, B, tcp(101, TCP_ACK | TCP_PSH, 'INVITE ')));
    ev.push(...r.add(4, A, B, tcp(108, TCP_ACK | TCP_PSH, 'sip:x')));
    ev.push(...r.add(5, B, A, tcp(901, TCP_ACK | TCP_PSH, 'SIP/2.0 100', [5060, 40000])));
    ev.push(...r.add(6, A, B, tcp(113, TCP_ACK | TCP_FIN)));
    expect(text(ev)).toEqual({ [AB]: 'INVITE sip:x<end fin>', [BA]: 'SIP/2.0 100' });
    ev.length = 0;
    ev.push(...r.add(7, B, A, tcp(912, TCP_ACK | TCP_FIN, '', [5060, 40000])));
    expect(text(ev)).toEqual({ [BA]: '<end fin>' });
    expect(r.flowCount).toBe(0);
  });

  it('puts out-of-order segments back in order and drops retransmitted and overlapping bytes', () => {
    const r = new TcpReassembler();
    const ev: TcpEvent[] = [];
    ev.push(...r.add(1, A, B, tcp(0, TCP_SYN)));
    ev.push(...r.add(2, A, B, tcp(8, TCP_ACK, 'world')));
    ev.push(...r.add(3, A, B, tcp(5, TCP_ACK, 'o, w'))); // ahead of the hole still, overlapping the next
    expect(text(ev)).toEqual({});
    ev.push(...r.add(4, A, B, tcp(1, TCP_ACK, 'hello, ')));
    ev.push(...r.add(5, A, B, tcp(1, TCP_ACK, 'hello, '))); // retransmission
    ev.push(...r.add(6, A, B, tcp(11, TCP_ACK, 'ld!'))); // overlaps 2 delivered bytes
    expect(text(ev)).toEqual({ [AB]: 'hello, world!' });
    expect(r.counters.outOfOrder).toBe(2);
    expect(r.counters.retransmittedBytes).toBe(3 + 1 + 7 + 2);
    expect(r.heldBytes).toBe(0);
  });

  it('stamps held data with the time of the segment that filled the hole', () => {
    const r = new TcpReassembler();
    r.add(1, A, B, tcp(0, TCP_SYN));
    r.add(2, A, B, tcp(4, TCP_ACK, 'def'));
    const ev = r.add(9, A, B, tcp(1, TCP_ACK, 'abc'));
    expect(ev.map((e) => (e.kind === 'data' ? [e.tsUs, e.data.toString()] : null))).toEqual([
      [9, 'abc'],
      [9, 'def'],
    ]);
  });

  it('wraps around the 32-bit sequence space', () => {
    const r = new TcpReassembler();
    const ev: TcpEvent[] = [];
    ev.push(...r.add(1, A, B, tcp(0xfffffffd, TCP_SYN)));
    ev.push(...r.add(2, A, B, tcp(0x00000001, TCP_ACK, 'cd')));
    ev.push(...r.add(3, A, B, tcp(0xfffffffe, TCP_ACK, 'xab')));
    expect(text(ev)).toEqual({ [AB]: 'xabcd' });
  });

  it('picks up a connection already running when the capture started', () => {
    const r = new TcpReassembler();
    const ev = [...r.add(1, A, B, tcp(5000, TCP_ACK, 'mid')), ...r.add(2, A, B, tcp(5003, TCP_ACK, 'dle'))];
    expect(text(ev)).toEqual({ [AB]: 'middle' });
  });

  it('gives up a hole once a direction holds more than its limit and reports the gap', () => {
    const r = new TcpReassembler({ maxFlowBufferBytes: 10 });
    const ev: TcpEvent[] = [];
    ev.push(...r.add(1, A, B, tcp(0, TCP_SYN)));
    ev.push(...r.add(2, A, B, tcp(1, TCP_ACK, 'ab')));
    ev.push(...r.add(3, A, B, tcp(8, TCP_ACK, '012345')));
    expect(text(ev)).toEqual({ [AB]: 'ab' });
    ev.push(...r.add(4, A, B, tcp(14, TCP_ACK, '6789x')));
    expect(text(ev)).toEqual({ [AB]: 'ab<gap 5>0123456789x' });
    expect(r.counters.gaps).toBe(1);
    expect(r.heldBytes).toBe(0);
    // The late segment of the hole is now old data.
    expect(r.add(5, A, B, tcp(3, TCP_ACK, 'cdefg'))).toEqual([]);
  });

  it('bounds the bytes held over all flows by releasing the least recently active flow first', () => {
    const r = new TcpReassembler({ maxTotalBufferBytes: 12 });
    const ev: TcpEvent[] = [];
    ev.push(...r.add(1, A, B, tcp(0, TCP_SYN)));
    ev.push(...r.add(2, A, B, tcp(5, TCP_ACK, 'later')));
    ev.push(...r.add(3, A, '10.0.0.3', tcp(0, TCP_SYN)));
    ev.push(...r.add(4, A, '10.0.0.3', tcp(5, TCP_ACK, 'other')));
    expect(r.heldBytes).toBe(10);
    ev.push(...r.add(5, A, '10.0.0.3', tcp(20, TCP_ACK, 'more')));
    expect(text(ev)).toEqual({ [AB]: '<gap 4>later' });
    expect(r.heldBytes).toBe(9);
  });

  it('bounds the number of flows by evicting the least recently active one', () => {
    const r = new TcpReassembler({ maxFlows: 2 });
    const ev: TcpEvent[] = [];
    ev.push(...r.add(1, A, B, tcp(1, TCP_ACK, 'one')));
    ev.push(...r.add(2, A, '10.0.0.3', tcp(1, TCP_ACK, 'two')));
    ev.push(...r.add(3, A, B, tcp(4, TCP_ACK, '!')));
    ev.push(...r.add(4, A, '10.0.0.4', tcp(1, TCP_ACK, 'three')));
    const t = text(ev);
    expect(t[`${A}|40000>10.0.0.3|5060`]).toBe('two<end evicted>');
    expect(t[AB]).toBe('one!');
    expect(r.flowCount).toBe(2);
    expect(r.counters.evicted).toBe(1);
  });

  it('forgets flows idle for longer than the timeout, by packet time', () => {
    const r = new TcpReassembler({ idleTimeoutUs: 10_000_000 });
    const ev: TcpEvent[] = [];
    ev.push(...r.add(1_000_000, A, B, tcp(1, TCP_ACK, 'old')));
    ev.push(...r.add(5_000_000, A, '10.0.0.3', tcp(1, TCP_ACK, 'fresh')));
    ev.push(...r.add(12_000_000, A, '10.0.0.3', tcp(6, TCP_ACK, '!')));
    expect(text(ev)[AB]).toBe('old<end idle>');
    expect(r.flowCount).toBe(1);
  });

  it('ends both directions at a reset and drops what was held', () => {
    const r = new TcpReassembler();
    const ev: TcpEvent[] = [];
    ev.push(...r.add(1, A, B, tcp(0, TCP_SYN)));
    ev.push(...r.add(2, A, B, tcp(9, TCP_ACK, 'held')));
    ev.push(...r.add(3, B, A, tcp(50, TCP_RST, '', [5060, 40000])));
    expect(text(ev)).toEqual({ [AB]: '<end rst>', [BA]: '<end rst>' });
    expect(r.heldBytes).toBe(0);
    expect(r.flowCount).toBe(0);
  });

  it('treats a SYN with a new initial sequence number as a new connection on reused ports', () => {
    const r = new TcpReassembler();
    const ev: TcpEvent[] = [];
    ev.push(...r.add(1, A, B, tcp(100, TCP_SYN)));
    ev.push(...r.add(2, A, B, tcp(100, TCP_SYN))); // retransmitted SYN: same connection
    ev.push(...r.add(3, A, B, tcp(101, TCP_ACK, 'first')));
    ev.push(...r.add(4, A, B, tcp(7000, TCP_SYN)));
    ev.push(...r.add(5, A, B, tcp(7001, TCP_ACK, 'second')));
    expect(text(ev)).toEqual({ [AB]: 'first<end reused>second', [BA]: '<end reused>' });
  });

  it('waits for missing data before a FIN that arrived early', () => {
    const r = new TcpReassembler();
    const ev: TcpEvent[] = [];
    ev.push(...r.add(1, A, B, tcp(0, TCP_SYN)));
    ev.push(...r.add(2, A, B, tcp(4, TCP_FIN | TCP_ACK, 'end')));
    expect(text(ev)).toEqual({});
    ev.push(...r.add(3, A, B, tcp(1, TCP_ACK, 'the')));
    expect(text(ev)).toEqual({ [AB]: 'theend<end fin>' });
  });

  it('hands over held data after its gap when the capture ends', () => {
    const r = new TcpReassembler();
    r.add(1, A, B, tcp(0, TCP_SYN));
    r.add(2, A, B, tcp(1, TCP_ACK, 'ab'));
    r.add(3, A, B, tcp(6, TCP_ACK, 'tail'));
    expect(text(r.finish())).toEqual({ [AB]: '<gap 3>tail<end eof>', [BA]: '<end eof>' });
    expect(r.flowCount).toBe(0);
    expect(r.heldBytes).toBe(0);
  });

  it('counts undecodable segments and ignores resets of unknown connections', () => {
    const r = new TcpReassembler();
    expect(r.add(1, A, B, Buffer.alloc(5))).toEqual([]);
    expect(r.add(2, A, B, tcp(1, TCP_RST))).toEqual([]);
    expect(r.counters.malformed).toBe(1);
    expect(r.flowCount).toBe(0);
  });

  it('returns the same bytes whatever the segment order, for many random shuffles', () => {
    const message = Buffer.from('REGISTER sip:example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n'.repeat(20));
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      const segs: [number, number][] = [];
      for (let off = 0; off < message.length;) {
        const n = 1 + Math.floor(rnd() * 200);
        segs.push([off, Math.min(n, message.length - off)]);
        off += n;
      }
      // Local shuffles (as reordering is) plus some duplicates.
      for (let i = 0; i < segs.length - 1; i++) if (rnd() < 0.3) [segs[i], segs[i + 1]] = [segs[i + 1]!, segs[i]!];
      for (let i = 0; i < 5; i++)
        segs.splice(Math.floor(rnd() * segs.length), 0, segs[Math.floor(rnd() * segs.length)]!);
      const r = new TcpReassembler();
      const isn = Math.floor(rnd() * 2 ** 32);
      const ev: TcpEvent[] = [...r.add(0, A, B, tcp(isn, TCP_SYN))];
      for (const [off, len] of segs) {
        ev.push(...r.add(1, A, B, tcp(isn + 1 + off, TCP_ACK, message.toString('latin1', off, off + len))));
      }
      expect(text(ev)[AB]).toBe(message.toString('latin1'));
      expect(r.heldBytes).toBe(0);
    }
  });
});
