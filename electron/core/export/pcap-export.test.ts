import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCaptureFile } from '../capture/pcap-file.ts';
import { decodeLink } from '../capture/link.ts';
import { decodeIp } from '../capture/ip.ts';
import { addressPair, finish, maxUdpPayload, sum16, udpFrame } from '../capture/frame-write.ts';
import type { ExportMessage } from './model.ts';
import { PcapEncoder } from './pcap-export.ts';
import { expertProblems, HAS_TSHARK, TSHARK_REQUIRED, tsharkFields, tsharkVerbose } from './test-tshark.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sip(startLine: string, callId: string, body = ''): Buffer {
  const cseqMethod = startLine.startsWith('SIP/') ? 'INVITE' : startLine.split(' ')[0];
  return Buffer.from(
    `${startLine}\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-${callId}\r\nFrom: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\n` +
      `Call-ID: ${callId}\r\nCSeq: 1 ${cseqMethod}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

let nextId = 1;
function msg(over: Partial<ExportMessage> & Pick<ExportMessage, 'raw' | 'srcIp' | 'dstIp'>): ExportMessage {
  return {
    id: nextId++,
    ts: 1_795_251_768_908_493 + nextId * 1_234,
    callId: 'c1',
    cseq: 1,
    cseqMethod: 'INVITE',
    srcPort: 5060,
    dstPort: 5060,
    transport: 'udp',
    retransmission: false,
    ...over,
  };
}

function writeCapture(name: string, messages: ExportMessage[]): string {
  const enc = new PcapEncoder();
  const file = path.join(dir, name);
  writeFileSync(
    file,
    Buffer.concat([enc.fileHeader(), enc.encode(messages.slice(0, 2)), enc.encode(messages.slice(2))]),
  );
  return file;
}

describe('synthesised frames', () => {
  it('carries an IPv4 header checksum and a UDP checksum that verify to zero', () => {
    const addrs = addressPair('192.0.2.1', '198.51.100.7')!;
    const frame = udpFrame(
      addrs,
      { srcIp: '', dstIp: '', srcPort: 5060, dstPort: 5080 },
      Buffer.from('OPTIONS sip:x SIP/2.0\r\n\r\n'),
      7,
    )!;
    // The ones' complement sum over a header that includes its own checksum is 0xffff (RFC 1071).
    expect(finish(sum16(frame, 14, 34, 0))).toBe(0);
    const udpLen = frame.length - 34;
    const pseudo = sum16(frame, 26, 34, 0) + 17 + udpLen;
    expect(finish(sum16(frame, 34, frame.length, pseudo))).toBe(0);
    const link = decodeLink(1, frame);
    expect(link.ok).toBe(true);
  });

  it('refuses a UDP payload that no single IP packet can carry instead of writing a broken length', () => {
    const addrs = addressPair('192.0.2.1', '192.0.2.2')!;
    const ep = { srcIp: '', dstIp: '', srcPort: 1, dstPort: 2 };
    expect(udpFrame(addrs, ep, Buffer.alloc(maxUdpPayload(4)), 0)).not.toBeNull();
    expect(udpFrame(addrs, ep, Buffer.alloc(maxUdpPayload(4) + 1), 0)).toBeNull();
  });

  it('writes IPv4-mapped IPv6 when one side is IPv4 and the other IPv6', () => {
    expect(addressPair('192.0.2.1', '2001:db8::1')?.family).toBe(6);
    expect(addressPair('not-an-ip', '192.0.2.1')).toBeNull();
  });

  it('writes one UDP message per record at its microsecond timestamp, readable by the capture reader', () => {
    const m = msg({
      raw: sip('OPTIONS sip:bob@example.com SIP/2.0', 'c-read'),
      srcIp: '192.0.2.1',
      dstIp: '192.0.2.2',
    });
    const enc = new PcapEncoder();
    const file = Buffer.concat([enc.fileHeader(), enc.encode([m])]);
    const read = readCaptureFile(file);
    expect(read.ok).toBe(true);
    expect(read.records).toHaveLength(1);
    expect(read.records[0]!.tsUs).toBe(m.ts);
    const link = decodeLink(read.records[0]!.linkType, read.records[0]!.data);
    if (!link.ok) throw new Error('link');
    const ip = decodeIp(link.payload);
    if (!ip.ok) throw new Error('ip');
    expect(ip.packet).toMatchObject({ version: 4, src: '192.0.2.1', dst: '192.0.2.2', proto: 17 });
    expect(ip.packet.payload.subarray(8).equals(m.raw)).toBe(true);
    expect(enc.counts).toEqual({ messages: 1, frames: 1, skipped: 0 });
  });
});

describe.runIf(HAS_TSHARK || TSHARK_REQUIRED)('tshark reads the synthesised capture', () => {
  it('shows UDP over IPv4 and IPv6 and TCP in both directions with the right addresses, ports and times', () => {
    const big = 'a=x-filler:' + 'y'.repeat(70_000) + '\r\n';
    const messages = [
      msg({
        raw: sip('INVITE sip:bob@example.com SIP/2.0', 'udp4'),
        srcIp: '192.0.2.1',
        dstIp: '192.0.2.2',
        srcPort: 5070,
        dstPort: 5060,
      }),
      msg({
        raw: sip('SIP/2.0 100 Trying', 'udp4'),
        srcIp: '192.0.2.2',
        dstIp: '192.0.2.1',
        srcPort: 5060,
        dstPort: 5070,
      }),
      msg({
        raw: sip('OPTIONS sip:bob@example.com SIP/2.0', 'udp6'),
        srcIp: '2001:db8::1',
        dstIp: '2001:db8::2',
        srcPort: 5062,
        dstPort: 5060,
      }),
      msg({
        raw: sip('INVITE sip:bob@example.com SIP/2.0', 'tcp4'),
        srcIp: '192.0.2.5',
        dstIp: '192.0.2.6',
        srcPort: 40000,
        dstPort: 5060,
        transport: 'tcp',
      }),
      msg({
        raw: sip('SIP/2.0 180 Ringing', 'tcp4'),
        srcIp: '192.0.2.6',
        dstIp: '192.0.2.5',
        srcPort: 5060,
        dstPort: 40000,
        transport: 'tcp',
      }),
      msg({
        raw: sip('SIP/2.0 200 OK', 'tcp4', big),
        srcIp: '192.0.2.6',
        dstIp: '192.0.2.5',
        srcPort: 5060,
        dstPort: 40000,
        transport: 'tcp',
      }),
      msg({
        raw: sip('ACK sip:bob@example.com SIP/2.0', 'tcp4'),
        srcIp: '192.0.2.5',
        dstIp: '192.0.2.6',
        srcPort: 40000,
        dstPort: 5060,
        transport: 'tcp',
      }),
      msg({
        raw: sip('MESSAGE sip:bob@example.com SIP/2.0', 'tcp6'),
        srcIp: '2001:db8::a',
        dstIp: '2001:db8::b',
        srcPort: 5061,
        dstPort: 5060,
        transport: 'tcp',
      }),
    ];
    const file = writeCapture('mixed.pcap', messages);
    const rows = tsharkFields(
      file,
      [
        'frame.time_epoch',
        'ip.src',
        'ipv6.src',
        'udp.srcport',
        'tcp.srcport',
        'ip.dst',
        'ipv6.dst',
        'sip.Method',
        'sip.Status-Code',
        'sip.Call-ID',
      ],
      'sip',
    );
    expect(rows).toHaveLength(messages.length);
    rows.forEach((r, i) => {
      const m = messages[i]!;
      const [time, ip4src, ip6src, udpPort, tcpPort, ip4dst, ip6dst, method, status, callId] = r;
      expect(time).toBe(`${Math.floor(m.ts / 1e6)}.${String(m.ts % 1e6).padStart(6, '0')}000`);
      expect(ip4src || ip6src).toBe(m.srcIp);
      expect(ip4dst || ip6dst).toBe(m.dstIp);
      expect(Number(udpPort || tcpPort)).toBe(m.srcPort);
      const startLine = m.raw.toString('latin1').split('\r\n')[0]!;
      expect(method || status).toBe(startLine.startsWith('SIP/') ? startLine.split(' ')[1] : startLine.split(' ')[0]);
      expect(callId).not.toBe('');
    });
    expect(rows.map((r) => r[9])).toEqual(['udp4', 'udp4', 'udp6', 'tcp4', 'tcp4', 'tcp4', 'tcp4', 'tcp6']);
    expect(expertProblems(tsharkVerbose(file))).toEqual([]);
  });
});
