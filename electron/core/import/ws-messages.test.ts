import { describe, expect, it } from 'vitest';
import { StreamCutter } from './stream-cutter.ts';
import { wsFrame, wsMessage } from './test-frames.ts';
import { MAX_WS_MESSAGE_BYTES, WsMessages, webSocketUpgradeEnd } from './ws-messages.ts';

const INVITE = Buffer.from('INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: ws-1\r\nContent-Length: 0\r\n\r\n');
const OK = Buffer.from('SIP/2.0 200 OK\r\nCall-ID: ws-1\r\nContent-Length: 0\r\n\r\n');
const UPGRADE = Buffer.from(
  'GET /ws HTTP/1.1\r\nHost: pbx\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: sip\r\n\r\n',
);

describe('WebSocket frames', () => {
  it('unmasks client frames, reads 7-, 16- and 64-bit lengths and joins fragments around a ping', () => {
    const big = Buffer.alloc(70_000, 0x61);
    const bytes = Buffer.concat([
      wsFrame(INVITE, { opcode: 1, fin: true, masked: true, maskSeed: 3 }),
      wsFrame(Buffer.alloc(300, 0x62), { opcode: 2, fin: true, masked: false }),
      wsFrame(big, { opcode: 1, fin: true, masked: true }),
      wsMessage(OK, false, 3, 9),
    ]);
    const r = new WsMessages().cut(bytes);
    expect(r.ok).toBe(true);
    expect(r.messages.map((m) => m.length)).toEqual([INVITE.length, 300, 70_000, OK.length]);
    expect(r.messages[0]!.equals(INVITE)).toBe(true);
    expect(r.messages[2]!.equals(big)).toBe(true);
    expect(r.messages[3]!.equals(OK)).toBe(true);
  });

  it('keeps an unfinished frame for later and stops at a close frame', () => {
    const ws = new WsMessages();
    const frame = wsFrame(INVITE, { opcode: 1, fin: true, masked: true });
    const first = ws.cut(frame.subarray(0, 10));
    expect(first).toMatchObject({ ok: true, messages: [], closed: false });
    expect(first.ok && first.rest.length).toBe(10);
    const closed = ws.cut(
      Buffer.concat([frame, wsFrame(Buffer.alloc(2), { opcode: 8, fin: true, masked: true }), frame]),
    );
    expect(closed).toMatchObject({ ok: true, closed: true });
    expect(closed.messages).toHaveLength(1);
  });

  it('refuses compressed frames, stray continuations, unknown opcodes and oversized messages', () => {
    const compressed = wsFrame(INVITE, { opcode: 1, fin: true, masked: false });
    compressed[0] = (compressed[0] as number) | 0x40;
    expect(new WsMessages().cut(compressed)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/reserved bits/),
    });
    expect(new WsMessages().cut(wsFrame(INVITE, { opcode: 0, fin: true, masked: false }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/continuation/),
    });
    expect(new WsMessages().cut(wsFrame(INVITE, { opcode: 3, fin: true, masked: false }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/opcode 3/),
    });
    const huge = Buffer.alloc(10);
    huge[0] = 0x81;
    huge[1] = 127;
    huge.writeBigUInt64BE(BigInt(MAX_WS_MESSAGE_BYTES + 1), 2);
    expect(new WsMessages().cut(huge)).toMatchObject({ ok: false, reason: expect.stringMatching(/over/) });
  });

  it('recognises the client upgrade and the server answer, and nothing else', () => {
    expect(webSocketUpgradeEnd(UPGRADE, 16_384)).toBe(UPGRADE.length);
    const answer = Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    expect(webSocketUpgradeEnd(answer, 16_384)).toBe(answer.length);
    expect(webSocketUpgradeEnd(UPGRADE.subarray(0, 30), 16_384)).toBe(0);
    expect(webSocketUpgradeEnd(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), 16_384)).toBe(-1);
    expect(webSocketUpgradeEnd(Buffer.from('HTTP/1.1 200 OK\r\nUpgrade: websocket\r\n\r\n'), 16_384)).toBe(-1);
    expect(webSocketUpgradeEnd(INVITE, 16_384)).toBe(-1);
  });
});

describe('StreamCutter on SIP over WebSocket', () => {
  const stream = Buffer.concat([
    UPGRADE,
    wsMessage(INVITE, true, 1, 1),
    wsFrame(Buffer.from('{"not":"sip"}'), { opcode: 1, fin: true, masked: true }),
    wsMessage(OK, true, 3, 2),
  ]);

  it('cuts the same SIP messages however the stream is split, and ignores what is not SIP', () => {
    for (const size of [1, 2, 3, 7, 64, 500, stream.length]) {
      const cutter = new StreamCutter();
      const got: string[] = [];
      for (let at = 0; at < stream.length; at += size) {
        for (const m of cutter.push(stream.subarray(at, at + size)))
          got.push(`${m.kind}:${m.bytes.toString('latin1')}`);
      }
      expect(got, `split every ${size} bytes`).toEqual([
        `sip:${INVITE.toString('latin1')}`,
        `sip:${OK.toString('latin1')}`,
      ]);
      expect(cutter.mode).toBe('ws');
    }
  });

  it('ends the stream at a gap, since no marker says where the next frame starts', () => {
    const cutter = new StreamCutter();
    expect(cutter.push(stream.subarray(0, UPGRADE.length + 5))).toEqual([]);
    cutter.gap();
    expect(cutter.push(wsMessage(INVITE, true, 1, 1))).toEqual([]);
    expect(cutter.mode).toBe('other');
  });
});
