// The whole SIP path on real sockets and a real SQLite file: the Kamailio 5.6 fixture (50 calls,
// 572 HEPv3 packets) replayed over UDP and over TCP must come out as exactly the calls its
// independently computed summary lists.
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallDetail, CallSummary, ListenerStatus, SipStats } from '../../../shared/domain.ts';
import type { Page } from '../../../shared/contract.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import { createCore, type Core } from '../index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');
const summary = JSON.parse(readFileSync(path.join(FIXTURES, 'hep/kamailio-calls.summary.json'), 'utf8')) as {
  hep_packets: number;
  first_line_kinds: Record<string, number>;
  dialogs: Record<string, { outcome: string; messages: number; bye_from: string | null }>;
};

function hepPackets(): Buffer[] {
  const r = readUdpDatagrams(readFileSync(path.join(FIXTURES, 'hep/kamailio-calls.pcap')));
  if (!r.ok) throw new Error(r.error.message);
  return r.datagrams.map((d) => d.payload);
}

const cores: Core[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function newCore(): Promise<Core> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-sip-'));
  dirs.push(dataDir);
  const core = await createCore({ dataDir, listenHost: '127.0.0.1', ports: { hep: 0, sip: 0, statsd: 0, syslog: 0 } });
  cores.push(core);
  return core;
}

async function call<T>(core: Core, name: string, params: unknown): Promise<T> {
  const r = await core.handle(name, params);
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return r.result as T;
}

function hep(core: Core, proto: 'udp' | 'tcp'): ListenerStatus {
  const l = core.listeners().find((x) => x.name === 'hep' && x.proto === proto);
  if (!l) throw new Error('no hep listener');
  return l;
}

async function until(fn: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const EXPECTED: Record<string, Pick<CallSummary, 'state' | 'finalCode'>> = {
  answered: { state: 'ended', finalCode: 200 },
  canceled: { state: 'cancelled', finalCode: 487 },
  failed_404: { state: 'failed', finalCode: 404 },
  failed_486: { state: 'failed', finalCode: 486 },
};

async function expectFixtureCalls(core: Core): Promise<void> {
  const page = await call<Page<CallSummary>>(core, 'calls.search', { limit: 1000 });
  expect(page.nextCursor).toBeNull();
  const byId = new Map(page.items.map((c) => [c.callId, c]));
  expect([...byId.keys()].sort()).toEqual(Object.keys(summary.dialogs).sort());
  for (const [callId, truth] of Object.entries(summary.dialogs)) {
    const c = byId.get(callId)!;
    expect({ callId, ...pick(c) }).toEqual({
      callId,
      ...EXPECTED[truth.outcome],
      messageCount: truth.messages,
      method: 'INVITE',
    });
    expect(c.retransmissions).toBe(0);
    if (truth.bye_from) expect(c.endedBy).toBe(truth.bye_from === `${c.srcIp}:${c.srcPort}` ? 'caller' : 'callee');
  }
  // Newest first.
  const starts = page.items.map((c) => c.startedAt);
  expect([...starts].sort((a, b) => b - a)).toEqual(starts);
}

function pick(c: CallSummary): Record<string, unknown> {
  return { state: c.state, finalCode: c.finalCode, messageCount: c.messageCount, method: c.method };
}

describe('SIP capture from the Kamailio fixture', () => {
  it('turns the UDP replay into exactly the calls of the summary, each message stored once', async () => {
    const core = await newCore();
    const packets = hepPackets();
    expect(packets).toHaveLength(summary.hep_packets);
    const sock = dgram.createSocket('udp4');
    const port = hep(core, 'udp').port;
    for (const p of packets) await new Promise<void>((r) => sock.send(p, port, '127.0.0.1', () => r()));
    sock.close();
    await until(() => hep(core, 'udp').stored === packets.length, 'all packets stored');
    expect(hep(core, 'udp')).toMatchObject({ received: 572, decoded: 572, malformed: 0, duplicates: 0 });
    await new Promise((r) => setTimeout(r, 250)); // the last call upserts follow within one flush interval
    await core.store.writer.flush();
    await expectFixtureCalls(core);

    const stats = await call<SipStats>(core, 'sip.stats', {});
    expect(stats).toMatchObject({ invites: 50, answered: 30, asr: 60, ser: 60, seer: 76, isa: 0, scr: 60 });
    const codes = Object.fromEntries(stats.responseCodes.map((r) => [String(r.code), r.count]));
    for (const code of ['100', '180', '200', '404', '486', '487'])
      expect(codes[code]).toBe(summary.first_line_kinds[code]);
    expect(stats.srdP50Ms).toBeGreaterThan(0);
  });

  it('gives one call its messages, raw text and a ladder that matches them', async () => {
    const core = await newCore();
    const sock = dgram.createSocket('udp4');
    const port = hep(core, 'udp').port;
    for (const p of hepPackets()) await new Promise<void>((r) => sock.send(p, port, '127.0.0.1', () => r()));
    sock.close();
    await until(() => hep(core, 'udp').stored === summary.hep_packets, 'all packets stored');
    const [callId, truth] = Object.entries(summary.dialogs).find(([, d]) => d.outcome === 'answered')!;
    const detail = await call<CallDetail>(core, 'calls.get', { callId });
    expect(detail.messages).toHaveLength(truth.messages);
    expect(detail.ladder.arrows).toHaveLength(truth.messages);
    expect(detail.ladder.arrows.map((a) => a.messageId)).toEqual(detail.messages.map((m) => m.id));
    // UAC, proxy, UAS: one column each.
    expect(detail.ladder.hosts.map((h) => h.key).sort()).toEqual([
      '127.0.0.1:5060',
      '127.0.0.1:5070',
      '127.0.0.1:5080',
    ]);
    expect(detail.messages[0]!.raw).toMatch(/^INVITE sip:/);
    const ts = detail.messages.map((m) => m.ts);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(await core.handle('calls.get', { callId: 'no-such-call' })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('frames HEP over TCP across arbitrary segment boundaries and closes only a connection that sends garbage', async () => {
    const core = await newCore();
    const port = hep(core, 'tcp').port;
    const stream = Buffer.concat(hepPackets());
    const conn = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => conn.once('connect', () => r()));
    let seed = 42;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let off = 0; off < stream.length;) {
      const n = 1 + Math.floor(rnd() * 1500);
      conn.write(stream.subarray(off, off + n));
      off += n;
      if (rnd() < 0.1) await new Promise((r) => setTimeout(r, 1));
    }
    await until(() => hep(core, 'tcp').stored === summary.hep_packets, 'all TCP packets stored');
    conn.destroy();
    await new Promise((r) => setTimeout(r, 250));
    await expectFixtureCalls(core);

    const bad = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => bad.once('close', () => r()));
    bad.on('error', () => {});
    bad.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await closed;
    expect(hep(core, 'tcp').malformed).toBe(1);
    expect(hep(core, 'tcp').state).toBe('listening');
  });

  it('drops HEP without the configured auth key and counts it', async () => {
    const core = await newCore();
    await call(core, 'settings.save', { hepAuthKey: 'another-key' });
    const sock = dgram.createSocket('udp4');
    const port = hep(core, 'udp').port;
    for (const p of hepPackets().slice(0, 20))
      await new Promise<void>((r) => sock.send(p, port, '127.0.0.1', () => r()));
    await until(() => hep(core, 'udp').received === 20, 'packets received');
    expect(hep(core, 'udp')).toMatchObject({ authFailures: 20, dropped: 20, stored: 0 });
    await call(core, 'settings.save', { hepAuthKey: 'lab-hep-key' });
    for (const p of hepPackets().slice(0, 20))
      await new Promise<void>((r) => sock.send(p, port, '127.0.0.1', () => r()));
    sock.close();
    await until(() => hep(core, 'udp').stored === 20, 'packets with the right key stored');
  });
});

describe('plain SIP mirror (siptrace with hep_mode_on off)', () => {
  it('is off by default, binds live when enabled, and groups the mirrored messages into the same calls', async () => {
    const core = await newCore();
    expect(core.listeners().find((l) => l.name === 'sip')?.state).toBe('off');
    const saved = await core.handle('sources.save', { name: 'sip', enabled: true, port: 0, udp: true, tcp: false });
    expect(saved.ok).toBe(true);
    const sipUdp = core.listeners().find((l) => l.name === 'sip' && l.proto === 'udp')!;
    expect(sipUdp.state).toBe('listening');
    const r = readUdpDatagrams(readFileSync(path.join(FIXTURES, 'sip/kamailio-sip.pcap')));
    if (!r.ok) throw new Error(r.error.message);
    // The wire capture is in capture order; a mirror receives in that order too.
    const sock = dgram.createSocket('udp4');
    for (const d of r.datagrams)
      await new Promise<void>((res) => sock.send(d.payload, sipUdp.port, '127.0.0.1', () => res()));
    sock.close();
    const sip = (): ListenerStatus => core.listeners().find((l) => l.name === 'sip' && l.proto === 'udp')!;
    await until(() => sip().stored === r.datagrams.length, 'mirrored messages stored');
    await new Promise((res) => setTimeout(res, 250));
    const page = await call<Page<CallSummary>>(core, 'calls.search', { limit: 1000 });
    expect(page.items).toHaveLength(Object.keys(summary.dialogs).length);
    const outcome = (c: CallSummary): string => `${c.state}/${c.finalCode}`;
    const expected = Object.entries(summary.dialogs).map(([id, d]) => [
      id,
      `${EXPECTED[d.outcome]!.state}/${EXPECTED[d.outcome]!.finalCode}`,
    ]);
    expect(page.items.map((c) => [c.callId, outcome(c)]).sort()).toEqual(expected.sort());
  });
});
