// Imports end to end on a real SQLite store: fixture captures (and captures synthesised from them in
// every shape the dissector chain handles) must come out as exactly the calls of the fixture's
// independently computed summary, in a capture of their own; broken files and cancels leave nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallSummary, ImportProgress } from '../../../shared/domain.ts';
import { buildIpUdp } from '../capture/udp-frame.ts';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2 } from '../capture/link.ts';
import { readCaptureFile } from '../capture/pcap-file.ts';
import { writePcap, writePcapng, type WriteRecord } from '../capture/pcap-write.ts';
import { TCP_SYN } from '../capture/tcp-reassembly.ts';
import { SipQueries } from '../sip/queries.ts';
import { openStore, type Store } from '../store/index.ts';
import { HAS_TSHARK, TSHARK_REQUIRED, tsharkFields } from '../export/test-tshark.ts';
import { createImportService, type ImportService } from './import-service.ts';
import {
  ethernet,
  fixtureDatagrams,
  fixtureFile,
  ipv4Fragments,
  ipv4Tcp,
  sipOverTcp,
  sipOverWebSocketConnection,
  sll,
  sll2,
} from './test-frames.ts';

const summary = JSON.parse(fixtureFile('hep/kamailio-calls.summary.json').toString('utf8')) as {
  dialogs: Record<string, { outcome: string; messages: number; bye_from: string | null }>;
};
const EXPECTED: Record<string, Pick<CallSummary, 'state' | 'finalCode'>> = {
  answered: { state: 'ended', finalCode: 200 },
  canceled: { state: 'cancelled', finalCode: 487 },
  failed_404: { state: 'failed', finalCode: 404 },
  failed_486: { state: 'failed', finalCode: 486 },
};
const FIXTURE_MESSAGES = 572;

interface Harness {
  store: Store;
  service: ImportService;
  events: ImportProgress[];
  dir: string;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    await h.service.stop();
    await h.store.close();
    rmSync(h.dir, { recursive: true, force: true });
  }
});

async function harness(): Promise<Harness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-import-'));
  const store = await openStore({ dataDir: dir });
  const events: ImportProgress[] = [];
  const service = createImportService({
    store,
    dataDir: dir,
    onProgress: (p) => events.push(p),
    correlationHeaders: () => ['X-CID'],
  });
  const h = { store, service, events, dir };
  harnesses.push(h);
  return h;
}

function tempFile(h: Harness, name: string, bytes: Buffer): string {
  const file = path.join(h.dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function importFile(h: Harness, file: string, name?: string): Promise<ImportProgress> {
  const r = await h.service.importFile({ path: file, ...(name ? { name } : {}) });
  if (!r.ok) throw new Error(r.message);
  return h.service.done(r.result.importId);
}

function calls(h: Harness, capture: number): CallSummary[] {
  const page = new SipQueries(h.store.reader).searchCalls({ capture, limit: 1000 });
  if ('error' in page) throw new Error(page.error);
  expect(page.nextCursor).toBeNull();
  return page.items;
}

function count(h: Harness, sql: string, ...params: unknown[]): number {
  return (h.store.reader.prepare(sql).get(...params) as { n: number }).n;
}

/** Rows of any imported capture, and capture rows: what a failed or cancelled import must not leave. */
function importedRows(h: Harness): { messages: number; calls: number; captures: number } {
  return {
    messages: count(h, 'SELECT count(*) AS n FROM sip_messages WHERE capture != 0'),
    calls: count(h, 'SELECT count(*) AS n FROM calls WHERE capture != 0'),
    captures: count(h, 'SELECT count(*) AS n FROM captures'),
  };
}

function expectFixtureCalls(h: Harness, capture: number, transport = 'udp'): void {
  const got = calls(h, capture);
  const byId = new Map(got.map((c) => [c.callId, c]));
  expect([...byId.keys()].sort()).toEqual(Object.keys(summary.dialogs).sort());
  for (const [callId, truth] of Object.entries(summary.dialogs)) {
    const c = byId.get(callId)!;
    expect({ callId, state: c.state, finalCode: c.finalCode, messageCount: c.messageCount, method: c.method }).toEqual({
      callId,
      ...EXPECTED[truth.outcome],
      messageCount: truth.messages,
      method: 'INVITE',
    });
    expect(c.retransmissions).toBe(0);
    if (truth.bye_from) expect(c.endedBy).toBe(truth.bye_from === `${c.srcIp}:${c.srcPort}` ? 'caller' : 'callee');
  }
  expect(
    count(h, 'SELECT count(*) AS n FROM sip_messages WHERE capture = ? AND transport = ?', capture, transport),
  ).toBe(FIXTURE_MESSAGES);
}

/** The fixture's SIP datagrams re-wrapped by `wrap` (IP packet -> frame). */
function rewrapped(wrap: (ip: Buffer) => Buffer): WriteRecord[] {
  return fixtureDatagrams('sip/kamailio-sip.pcap').map((d) => ({ tsUs: d.tsUs, data: wrap(buildIpUdp(d) as Buffer) }));
}

/** A live message and call, to prove imports leave capture 0 alone. */
async function addLiveCall(h: Harness): Promise<void> {
  const d = fixtureDatagrams('sip/kamailio-sip.pcap')[0]!;
  const { SipCapture } = await import('../sip/capture.ts');
  const { newCounters } = await import('../ingest/counters.ts');
  const live = new SipCapture({
    writer: h.store.writer,
    correlationHeaders: () => [],
    authKey: () => null,
    onCalls: () => {},
  });
  live.takeSip(
    d.payload,
    { ts: d.tsUs, srcIp: d.srcIp, srcPort: d.srcPort, dstIp: d.dstIp, dstPort: d.dstPort, transport: 'udp' },
    newCounters(),
  );
  live.stop();
  await h.store.writer.flush();
}

describe('importing capture files', () => {
  it('turns the Kamailio HEP capture into a new capture holding exactly the 50 calls of its summary, live data untouched', async () => {
    const h = await harness();
    await addLiveCall(h);
    const final = await importFile(h, fileURLPath('hep/kamailio-calls.pcap'), 'Kamailio lab');
    expect(final).toMatchObject({
      state: 'done',
      messages: FIXTURE_MESSAGES,
      calls: 50,
      fileName: 'kamailio-calls.pcap',
    });
    expect(final.bytesRead).toBe(final.totalBytes);
    const id = final.captureId!;
    expect(id).toBeGreaterThan(0);
    expectFixtureCalls(h, id);
    // HEP metadata survives: the agent's capture id and the packet's own timestamps.
    expect(count(h, 'SELECT count(*) AS n FROM sip_messages WHERE capture = ? AND capture_id = 2001', id)).toBe(
      FIXTURE_MESSAGES,
    );
    expect(calls(h, 0)).toHaveLength(1);
    expect(count(h, 'SELECT count(*) AS n FROM sip_messages WHERE capture = 0')).toBe(1);
    const [info] = h.service.list();
    expect(info).toMatchObject({ id, name: 'Kamailio lab', format: 'pcap', messages: FIXTURE_MESSAGES, calls: 50 });
    expect(info!.fileBytes).toBe(final.totalBytes);
    expect(info!.lastTs! - info!.firstTs!).toBeGreaterThan(10_000_000); // the fixture spans ~11 s
  });

  it('turns the plain SIP capture of the same run into the same 50 calls', async () => {
    const h = await harness();
    const final = await importFile(h, fileURLPath('sip/kamailio-sip.pcap'));
    expect(final).toMatchObject({ state: 'done', messages: FIXTURE_MESSAGES, calls: 50 });
    expectFixtureCalls(h, final.captureId!);
    expect(h.service.list()[0]).toMatchObject({ name: 'kamailio-sip.pcap', format: 'pcap' });
  });

  it('gives the Asterisk HEP capture and the SIP wire capture of the same run the same calls', async () => {
    const h = await harness();
    const hep = await importFile(h, fileURLPath('hep/asterisk-hep.pcap'));
    const wire = await importFile(h, fileURLPath('hep/asterisk-sip-wire.pcap'));
    expect(hep.state).toBe('done');
    expect(wire.state).toBe('done');
    expect(hep.captureId).not.toBe(wire.captureId);
    // The HEP capture holds one packet more and its clock differs by a few µs, so an unanswered OPTIONS
    // may be just past or just short of its 32 s timeout at the end: unanswered is unanswered either way.
    const unanswered = new Set(['pending', 'timeout']);
    const outcome = (c: CallSummary): string =>
      `${c.callId} ${c.method} ${unanswered.has(c.state) ? 'unanswered' : c.state} ${c.finalCode ?? '-'} ${c.messageCount}`;
    const hepCalls = calls(h, hep.captureId!).map(outcome).sort();
    expect(hepCalls.length).toBeGreaterThan(10);
    expect(calls(h, wire.captureId!).map(outcome).sort()).toEqual(hepCalls);
  });

  it('reads pcapng, Linux cooked (SLL, SLL2) and nanosecond big-endian pcap captures alike', async () => {
    const h = await harness();
    const records = readCaptureFile(fixtureFile('hep/kamailio-calls.pcap')).records.map((r) => ({
      tsUs: r.tsUs,
      data: r.data,
    }));
    const variants: [string, Buffer, string][] = [
      ['calls.pcapng', writePcapng(LINKTYPE_ETHERNET, records, { tsResol: 9 }), 'pcapng'],
      ['sll.pcap', writePcap(LINKTYPE_LINUX_SLL, rewrapped(sll)), 'pcap'],
      ['sll2.pcapng', writePcapng(LINKTYPE_LINUX_SLL2, rewrapped(sll2), { bigEndian: true }), 'pcapng'],
      ['nano-be.pcap', writePcap(LINKTYPE_ETHERNET, records, { nano: true, bigEndian: true }), 'pcap'],
    ];
    for (const [name, bytes, format] of variants) {
      const final = await importFile(h, tempFile(h, name, bytes));
      expect(final, name).toMatchObject({ state: 'done', messages: FIXTURE_MESSAGES, calls: 50 });
      expectFixtureCalls(h, final.captureId!);
      expect(h.service.list().find((c) => c.id === final.captureId)?.format).toBe(format);
    }
  });

  it('reassembles a SIP datagram fragmented at the IP layer', async () => {
    const h = await harness();
    const datagrams = fixtureDatagrams('sip/kamailio-sip.pcap');
    const big = datagrams.find((d) => d.payload.length > 700 && d.payload.toString('latin1').startsWith('INVITE'))!;
    const records: WriteRecord[] = [];
    for (const d of datagrams) {
      const ip = buildIpUdp(d, 0x1234) as Buffer;
      if (d !== big) {
        records.push({ tsUs: d.tsUs, data: ethernet(ip) });
        continue;
      }
      ip.writeUInt16BE(0, 6); // clear Don't Fragment
      const frags = ipv4Fragments(ip, 256, 0x4242);
      expect(frags.length).toBeGreaterThanOrEqual(3);
      // Out of order, as they sometimes arrive.
      for (const f of [frags[1]!, frags[0]!, ...frags.slice(2)]) records.push({ tsUs: d.tsUs, data: ethernet(f) });
    }
    const final = await importFile(h, tempFile(h, 'frag.pcap', writePcap(LINKTYPE_ETHERNET, records)));
    expect(final).toMatchObject({ state: 'done', messages: FIXTURE_MESSAGES, calls: 50 });
    expectFixtureCalls(h, final.captureId!);
    const raws = h.store.reader
      .prepare('SELECT raw FROM sip_messages WHERE capture = ? AND ts = ? AND src_port = ?')
      .all(final.captureId, big.tsUs, big.srcPort) as { raw: Buffer }[];
    expect(raws.some((r) => Buffer.from(r.raw).equals(big.payload))).toBe(true);
  });

  it.each([
    [
      'TCP streams: several messages per segment, messages split across segments, segments out of order and retransmitted',
      false,
    ],
    ['WebSocket over those streams: the upgrade, masked client frames, fragments and pings', true],
  ])('cuts SIP out of %s', async (_, webSocket) => {
    const h = await harness();
    const file = tempFile(h, 'tcp.pcap', writePcap(LINKTYPE_ETHERNET, sipOverTcp({ webSocket })));
    const final = await importFile(h, file);
    expect(final).toMatchObject({ state: 'done', messages: FIXTURE_MESSAGES, calls: 50 });
    expectFixtureCalls(h, final.captureId!, 'tcp');
    // Every stored message is byte for byte one of the fixture's.
    const fixture = new Set(fixtureDatagrams('sip/kamailio-sip.pcap').map((d) => d.payload.toString('latin1')));
    const stored = h.store.reader.prepare('SELECT raw FROM sip_messages WHERE capture = ?').all(final.captureId) as {
      raw: Buffer;
    }[];
    expect(stored.filter((r) => !fixture.has(Buffer.from(r.raw).toString('latin1')))).toEqual([]);
  });

  describe.runIf(HAS_TSHARK || TSHARK_REQUIRED)('SIP over WebSocket, checked against tshark', () => {
    it('finds the same SIP messages in a WebSocket connection as Wireshark does', async () => {
      const h = await harness();
      const ws = sipOverWebSocketConnection();
      const file = tempFile(h, 'ws-connection.pcap', writePcap(LINKTYPE_ETHERNET, ws.records));
      // The independent truth: Wireshark's HTTP, WebSocket and SIP dissectors.
      const seen = tsharkFields(file, ['sip.Call-ID', 'sip.CSeq.method', 'sip.Status-Code'], 'sip');
      expect(seen).toEqual([
        ['ws-call-1', 'INVITE', ''],
        ['ws-call-1', 'INVITE', '200'],
      ]);
      const final = await importFile(h, file);
      expect(final).toMatchObject({ state: 'done', messages: 2, calls: 1 });
      const raws = h.store.reader
        .prepare('SELECT raw FROM sip_messages WHERE capture = ? ORDER BY ts')
        .all(final.captureId) as { raw: Buffer }[];
      expect(raws.map((r) => Buffer.from(r.raw).toString('latin1'))).toEqual(
        ws.messages.map((m) => m.toString('latin1')),
      );
    });
  });

  it('frames HEP carried over TCP inside a capture', async () => {
    const h = await harness();
    const packets = fixtureDatagrams('hep/kamailio-calls.pcap');
    const stream = Buffer.concat(packets.map((d) => d.payload));
    const base = { srcIp: '10.1.1.1', dstIp: '10.1.1.2', srcPort: 41000, dstPort: 9060 };
    const records: WriteRecord[] = [
      { tsUs: packets[0]!.tsUs, data: ethernet(ipv4Tcp({ ...base, seq: 999, flags: TCP_SYN })) },
    ];
    for (let off = 0, i = 0; off < stream.length; i++) {
      const n = 300 + ((i * 7919) % 1100);
      records.push({
        tsUs: packets[0]!.tsUs + i,
        data: ethernet(ipv4Tcp({ ...base, seq: 1000 + off, payload: stream.subarray(off, off + n) })),
      });
      off += n;
    }
    const final = await importFile(h, tempFile(h, 'hep-tcp.pcap', writePcap(LINKTYPE_ETHERNET, records)));
    expect(final).toMatchObject({ state: 'done', messages: FIXTURE_MESSAGES, calls: 50 });
    expectFixtureCalls(h, final.captureId!);
  });

  it('names the file of an import by path in its progress, so a window can try it again; an upload has none', async () => {
    const h = await harness();
    const file = fileURLPath('hep/kamailio-calls.pcap');
    await importFile(h, file, 'By path');
    expect(h.events.length).toBeGreaterThan(0);
    expect(h.events.every((e) => e.path === file)).toBe(true);
    h.events.length = 0;
    const bytes = fixtureFile('hep/kamailio-calls.pcap');
    async function* whole(): AsyncGenerator<Buffer> {
      yield bytes;
    }
    const r = await h.service.importStream(whole(), { fileName: 'upload.pcap', totalBytes: bytes.length });
    await h.service.done(r.ok ? r.result.importId : '');
    expect(h.events.length).toBeGreaterThan(0);
    expect(h.events.some((e) => 'path' in e)).toBe(false);
  });

  it('accepts an upload streamed in tiny chunks', async () => {
    const h = await harness();
    const bytes = fixtureFile('hep/kamailio-calls.pcap');
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let off = 0; off < bytes.length; off += 7) yield bytes.subarray(off, off + 7);
    }
    const r = await h.service.importStream(chunks(), {
      fileName: 'upload.pcap',
      totalBytes: bytes.length,
      name: 'Upload',
    });
    expect(r.ok).toBe(true);
    const final = await h.service.done(r.ok ? r.result.importId : '');
    expect(final).toMatchObject({ state: 'done', calls: 50, bytesRead: bytes.length });
    expectFixtureCalls(h, final.captureId!);
  });

  it('reports progress at most about ten times a second, growing, and ends with the totals', async () => {
    const h = await harness();
    const bytes = fixtureFile('hep/kamailio-calls.pcap');
    async function* slow(): AsyncGenerator<Buffer> {
      for (let off = 0; off < bytes.length; off += 16_384) {
        await new Promise((r) => setTimeout(r, 15));
        yield bytes.subarray(off, off + 16_384);
      }
    }
    const started = performance.now();
    const r = await h.service.importStream(slow(), { fileName: 'slow.pcap', totalBytes: bytes.length });
    const final = await h.service.done(r.ok ? r.result.importId : '');
    const seconds = (performance.now() - started) / 1000;
    expect(final.state).toBe('done');
    const running = h.events.filter((e) => e.state === 'running');
    expect(running.length).toBeGreaterThan(1);
    expect(running.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 1);
    for (let i = 1; i < running.length; i++) {
      expect(running[i]!.bytesRead).toBeGreaterThanOrEqual(running[i - 1]!.bytesRead);
      expect(running[i]!.messages).toBeGreaterThanOrEqual(running[i - 1]!.messages);
    }
    expect(running.some((e) => e.messages > 0 && e.calls > 0 && e.bytesRead < bytes.length)).toBe(true);
    expect(h.events.at(-1)).toEqual(final);
    expect(h.events.filter((e) => e.state !== 'running')).toHaveLength(1);
  });
});

describe('imports that fail', () => {
  it('names a truncated capture, wherever it was cut, and leaves nothing behind', async () => {
    const h = await harness();
    const file = fixtureFile('hep/kamailio-calls.pcap');
    const firstLen = file.readUInt32LE(24 + 8);
    const offsets = [10, 24 + 9, 24 + 16 + Math.floor(firstLen / 2), Math.floor(file.length / 2) + 3, file.length - 1];
    for (const cut of offsets) {
      const final = await importFile(h, tempFile(h, `cut-${cut}.pcap`, file.subarray(0, cut)));
      expect(final.state, `cut at ${cut}`).toBe('failed');
      expect(final.error, `cut at ${cut}`).toMatch(/^truncated capture: the file ends inside a (file header|record)/);
      expect(final.captureId).toBeUndefined();
      expect(importedRows(h), `cut at ${cut}`).toEqual({ messages: 0, calls: 0, captures: 0 });
    }
    expect(h.service.list()).toEqual([]);
  });

  it('says a file that is not a capture is not one', async () => {
    const h = await harness();
    const text = await importFile(
      h,
      tempFile(h, 'notes.txt', Buffer.from('INVITE is not a pcap file, just text\n'.repeat(50))),
    );
    expect(text).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^not a capture: unknown magic 0x494e5649/),
    });
    const empty = await importFile(h, tempFile(h, 'empty.pcap', Buffer.alloc(0)));
    expect(empty).toMatchObject({ state: 'failed', error: 'not a capture: the file is empty' });
    expect(importedRows(h)).toEqual({ messages: 0, calls: 0, captures: 0 });
  });

  it('names an unsupported link type, in pcap and in pcapng', async () => {
    const h = await harness();
    const records = readCaptureFile(fixtureFile('hep/kamailio-calls.pcap')).records.slice(0, 20);
    const pcap = await importFile(h, tempFile(h, 'usb.pcap', writePcap(189, records)));
    expect(pcap).toMatchObject({ state: 'failed', error: 'unsupported link type: link type 189 is not supported' });
    const ng = await importFile(h, tempFile(h, 'usb.pcapng', writePcapng(189, records)));
    expect(ng).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^unsupported link type: none of the 20 packets/),
    });
    expect(importedRows(h)).toEqual({ messages: 0, calls: 0, captures: 0 });
  });

  it('refuses a capture without SIP and keeps no empty capture', async () => {
    const h = await harness();
    const dns = buildIpUdp({
      srcIp: '10.0.0.1',
      dstIp: '10.0.0.53',
      srcPort: 5353,
      dstPort: 53,
      payload: Buffer.from('\x12\x34\x01\x00', 'latin1'),
    })!;
    const final = await importFile(
      h,
      tempFile(h, 'dns.pcap', writePcap(LINKTYPE_ETHERNET, [{ tsUs: 1, data: ethernet(dns) }])),
    );
    expect(final).toMatchObject({
      state: 'failed',
      error: 'no SIP found: 1 packets read, none carried SIP or HEP with SIP',
    });
    expect(importedRows(h)).toEqual({ messages: 0, calls: 0, captures: 0 });
  });

  it('answers at once for a missing file, a directory or a relative path', async () => {
    const h = await harness();
    expect(await h.service.importFile({ path: path.join(h.dir, 'nope.pcap') })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await h.service.importFile({ path: h.dir })).toMatchObject({
      ok: false,
      code: 'bad_request',
      message: expect.stringContaining('not a regular file'),
    });
    expect(await h.service.importFile({ path: 'relative.pcap' })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(h.events).toEqual([]);
  });

  it('fails an upload that breaks off and removes what it had stored', async () => {
    const h = await harness();
    const bytes = fixtureFile('hep/kamailio-calls.pcap');
    let storedBeforeBreak = 0;
    async function* broken(): AsyncGenerator<Buffer> {
      yield bytes.subarray(0, 200_000);
      await new Promise((r) => setTimeout(r, 150)); // long enough for the first rows to commit
      storedBeforeBreak = count(h, 'SELECT count(*) AS n FROM sip_messages WHERE capture != 0');
      throw new Error('upload is larger than 10 bytes');
    }
    const r = await h.service.importStream(broken(), { fileName: 'big.pcap', totalBytes: bytes.length });
    const final = await h.service.done(r.ok ? r.result.importId : '');
    expect(final).toMatchObject({ state: 'failed', error: 'upload is larger than 10 bytes', messages: 0, calls: 0 });
    expect(storedBeforeBreak).toBeGreaterThan(0);
    expect(importedRows(h)).toEqual({ messages: 0, calls: 0, captures: 0 });
  });
});

describe('cancel and delete', () => {
  it('cancels an import mid-way and removes every row it wrote', async () => {
    const h = await harness();
    const bytes = fixtureFile('hep/kamailio-calls.pcap');
    let gate: () => void = () => {};
    const halfway = new Promise<void>((r) => (gate = r));
    async function* uploadThatStalls(): AsyncGenerator<Buffer> {
      yield bytes.subarray(0, 180_000);
      gate();
      await new Promise(() => {}); // the client stops sending
    }
    const r = await h.service.importStream(uploadThatStalls(), { fileName: 'stall.pcap', totalBytes: bytes.length });
    const importId = r.ok ? r.result.importId : '';
    await halfway;
    await new Promise((res) => setTimeout(res, 150));
    expect(count(h, 'SELECT count(*) AS n FROM sip_messages WHERE capture != 0')).toBeGreaterThan(0);
    const asked = performance.now();
    expect(h.service.cancel(importId)).toBe(true);
    const final = await h.service.done(importId);
    expect(performance.now() - asked).toBeLessThan(2000);
    expect(final).toMatchObject({ state: 'cancelled', messages: 0, calls: 0 });
    expect(final.error).toBeUndefined();
    expect(importedRows(h)).toEqual({ messages: 0, calls: 0, captures: 0 });
    expect(h.service.cancel(importId)).toBe(false);
  });

  it('deleting a capture still being imported cancels the import and removes its rows', async () => {
    const h = await harness();
    const bytes = fixtureFile('hep/kamailio-calls.pcap');
    let gate: () => void = () => {};
    const halfway = new Promise<void>((r) => (gate = r));
    async function* uploadThatStalls(): AsyncGenerator<Buffer> {
      yield bytes.subarray(0, 180_000);
      gate();
      await new Promise(() => {});
    }
    const r = await h.service.importStream(uploadThatStalls(), { fileName: 'stall.pcap', totalBytes: bytes.length });
    await halfway;
    const row = h.store.reader.prepare("SELECT id FROM captures WHERE state = 'importing'").get() as { id: number };
    expect(await h.service.delete(row.id)).toEqual({ ok: true, result: { deleted: true } });
    expect(await h.service.done(r.ok ? r.result.importId : '')).toMatchObject({ state: 'cancelled' });
    expect(importedRows(h)).toEqual({ messages: 0, calls: 0, captures: 0 });
  });

  it('deletes one capture with all its messages and calls and leaves the others', async () => {
    const h = await harness();
    await addLiveCall(h);
    const a = await importFile(h, fileURLPath('hep/kamailio-calls.pcap'), 'A');
    const b = await importFile(h, fileURLPath('sip/kamailio-sip.pcap'), 'B');
    expect(h.service.list().map((c) => c.name)).toEqual(['B', 'A']);
    expect(await h.service.delete(a.captureId!)).toEqual({ ok: true, result: { deleted: true } });
    expect(count(h, 'SELECT count(*) AS n FROM sip_messages WHERE capture = ?', a.captureId)).toBe(0);
    expect(count(h, 'SELECT count(*) AS n FROM calls WHERE capture = ?', a.captureId)).toBe(0);
    expect(h.service.list().map((c) => c.name)).toEqual(['B']);
    expectFixtureCalls(h, b.captureId!);
    expect(count(h, 'SELECT count(*) AS n FROM sip_messages WHERE capture = 0')).toBe(1);
    expect(await h.service.delete(a.captureId!)).toEqual({ ok: true, result: { deleted: false } });
    expect(await h.service.delete(0)).toMatchObject({ ok: false, code: 'bad_request' });
  });

  it('finishes at start-up what an import killed mid-way left behind', async () => {
    const h = await harness();
    await h.store.writer.run('capture.save', {
      id: 7,
      name: 'killed',
      format: 'pcap',
      imported_at: 1,
      file_bytes: 1,
      messages: 0,
      calls: 0,
      first_ts: null,
      last_ts: null,
      state: 'importing',
    });
    const d = fixtureDatagrams('sip/kamailio-sip.pcap')[0]!;
    const { SipCapture } = await import('../sip/capture.ts');
    const { newCounters } = await import('../ingest/counters.ts');
    const left = new SipCapture({
      writer: h.store.writer,
      correlationHeaders: () => [],
      authKey: () => null,
      onCalls: () => {},
      capture: 7,
    });
    left.takeSip(
      d.payload,
      { ts: d.tsUs, srcIp: d.srcIp, srcPort: d.srcPort, dstIp: d.dstIp, dstPort: d.dstPort, transport: 'udp' },
      newCounters(),
    );
    left.stop();
    await h.store.writer.flush();
    expect(importedRows(h)).toEqual({ messages: 1, calls: 1, captures: 1 });
    const events: ImportProgress[] = [];
    const again = createImportService({
      store: h.store,
      dataDir: h.dir,
      onProgress: (p) => events.push(p),
      correlationHeaders: () => [],
    });
    await again.stop();
    expect(importedRows(h)).toEqual({ messages: 0, calls: 0, captures: 0 });
  });
});

function fileURLPath(rel: string): string {
  return new URL(rel, new URL('../../../test/fixtures/', import.meta.url)).pathname;
}
