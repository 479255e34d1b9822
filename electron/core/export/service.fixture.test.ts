// The export end to end on real data: the Kamailio fixture (50 calls, 572 HEPv3 packets) and the
// Asterisk fixture (digest auth) replayed into a real core, exported in every format, and read back
// by independent readers: the real tshark for the pcap, the bundle decoder, plain text search.
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSummary, ExportProgress, ListenerStatus, RedactionPreviewItem } from '../../../shared/domain.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import { createCore, type Core } from '../index.ts';
import { callFromRow, messageFromRow, type CallDbRow, type MessageDbRow } from '../sip/rows.ts';
import { parseSip } from '../sip/parse.ts';
import { decodeBundle, type Bundle } from './bundle-format.ts';
import { createExportService, type ExportService, type SnapshotParams, type SnapshotResult } from './service.ts';
import { resourceRefs } from './test-html.ts';
import { HAS_SNGREP, sngrepRead } from './test-sngrep.ts';
import { expertProblems, HAS_TSHARK, TSHARK_REQUIRED, tsharkFields, tsharkVerbose } from './test-tshark.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');
const FAST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };
const NOW_US = 1_795_400_000_123_456;

function hepPackets(file: string): Buffer[] {
  const r = readUdpDatagrams(readFileSync(path.join(FIXTURES, file)));
  if (!r.ok) throw new Error(r.error.message);
  return r.datagrams.map((d) => d.payload);
}

async function until(fn: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function hepUdp(core: Core): ListenerStatus {
  const l = core.listeners().find((x) => x.name === 'hep' && x.proto === 'udp');
  if (!l) throw new Error('no hep listener');
  return l;
}

async function loadedCore(dataDir: string, fixture: string): Promise<Core> {
  const core = await createCore({ dataDir, listenHost: '127.0.0.1', ports: { hep: 0, sip: 0, statsd: 0, syslog: 0 } });
  const packets = hepPackets(fixture);
  const sock = dgram.createSocket('udp4');
  const port = hepUdp(core).port;
  for (const p of packets) await new Promise<void>((r) => sock.send(p, port, '127.0.0.1', () => r()));
  sock.close();
  await until(() => hepUdp(core).received === packets.length, 'all packets received');
  // Not every HEP packet is a SIP message (the Asterisk capture has a non-SIP one): wait until storing settles.
  let stored = -1;
  while (hepUdp(core).stored !== stored) {
    stored = hepUdp(core).stored;
    await new Promise((r) => setTimeout(r, 300)); // also lets the last call upserts follow (one flush interval)
  }
  await core.store.writer.flush();
  return core;
}

function storedMessages(core: Core): MessageDbRow[] {
  return core.store.reader
    .prepare('SELECT * FROM sip_messages WHERE capture = 0 ORDER BY ts, id')
    .all() as MessageDbRow[];
}

function storedCalls(core: Core): CallSummary[] {
  return (
    core.store.reader
      .prepare('SELECT * FROM calls WHERE capture = 0 ORDER BY started_at DESC, id DESC')
      .all() as CallDbRow[]
  ).map(callFromRow);
}

async function exportOk(
  svc: ExportService,
  params: SnapshotParams,
  onProgress?: (d: number, t: number) => void,
): Promise<SnapshotResult> {
  const r = await svc.snapshot(params, onProgress);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.result;
}

function epoch(us: number): string {
  return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}000`;
}

const dirs: string[] = [];
const cores: Core[] = [];
afterAll(async () => {
  await Promise.all(cores.map((c) => c.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-export-'));
  dirs.push(d);
  return d;
}

describe('exports of the Kamailio fixture', () => {
  let core: Core;
  let dataDir: string;
  let svc: ExportService;

  beforeAll(async () => {
    dataDir = tempDir();
    core = await loadedCore(dataDir, 'hep/kamailio-calls.pcap');
    cores.push(core);
    expect(storedMessages(core)).toHaveLength(572);
    svc = createExportService({
      reader: core.store.reader,
      dataDir,
      appVersion: '9.8.7-test',
      now: () => NOW_US,
      scrypt: FAST_SCRYPT,
    });
  }, 60_000);

  it('publishes export.progress for an export given an exportId, through the core, ending at 100 %', async () => {
    const events: ExportProgress[] = [];
    const off = core.subscribe('export.progress', (e) => events.push(e));
    const r = await core.handle('export.snapshot', { query: {}, format: 'html', exportId: 'exp-1' });
    const unnamed = await core.handle('export.snapshot', { query: {}, format: 'text' });
    off();
    expect(r.ok && unnamed.ok).toBe(true);
    // Throttled to a few a second: the first and the last always, all of this export only.
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((e) => e.exportId === 'exp-1' && e.total === 572 * 2)).toBe(true);
    expect(events[0]?.done).toBe(0);
    expect(events.at(-1)?.done).toBe(572 * 2);
  });

  it('reports progress through loading, both redaction passes and both renderings of a bundle', async () => {
    const progress: [number, number][] = [];
    await exportOk(svc, { query: {}, format: 'bundle', redact: { numbers: true, ips: true } }, (d, t) =>
      progress.push([d, t]),
    );
    // Per message: load, observe, rewrite, text, HTML.
    const total = 572 * 5;
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
    expect(progress.every(([, t]) => t === total)).toBe(true);
    const done = progress.map(([d]) => d);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done).size).toBe(done.length);
    // Reported along the way, not only at both ends: each phase crosses several batches.
    expect(done.filter((d) => d > 0 && d < total).length).toBeGreaterThanOrEqual(4);
  });

  describe.runIf(HAS_TSHARK || TSHARK_REQUIRED)('pcap read back by tshark', () => {
    it('shows exactly the stored messages in capture order with their addresses, ports, Call-IDs and microsecond times, and no expert errors', async () => {
      const progress: [number, number][] = [];
      const res = await exportOk(svc, { query: {}, format: 'pcap' }, (d, t) => progress.push([d, t]));
      expect(res).toMatchObject({ calls: 50, messages: 572 });
      expect(res.fileName).toBe('pbxscope-search-20261123T021320Z.pcap');
      expect(statSync(res.path).size).toBe(res.bytes);
      const rows = tsharkFields(res.path, [
        'frame.time_epoch',
        'ip.src',
        'ipv6.src',
        'udp.srcport',
        'ip.dst',
        'udp.dstport',
        'sip.Method',
        'sip.Status-Code',
        'sip.Call-ID',
      ]);
      const expected = storedMessages(core).map((m) => [
        epoch(m.ts),
        m.src_ip,
        '',
        String(m.src_port),
        m.dst_ip,
        String(m.dst_port),
        m.method ?? '',
        m.status === null ? '' : String(m.status),
        m.call_id,
      ]);
      expect(rows).toEqual(expected);
      expect(expertProblems(tsharkVerbose(res.path))).toEqual([]);
      // Two units per message: loading it and writing its record.
      expect(progress[0]).toEqual([0, 1144]);
      expect(progress[progress.length - 1]).toEqual([1144, 1144]);
      expect(progress.map((p) => p[0])).toEqual([...progress.map((p) => p[0])].sort((a, b) => a - b));
    });

    it('carries every payload byte for byte', async () => {
      const res = await exportOk(svc, { query: {}, format: 'pcap' });
      const payloads = readUdpDatagrams(readFileSync(res.path));
      if (!payloads.ok) throw new Error(payloads.error.message);
      expect(payloads.datagrams.map((d) => d.payload.toString('base64'))).toEqual(
        storedMessages(core).map((m) => m.raw.toString('base64')),
      );
    });
  });

  it.runIf(HAS_SNGREP)('opens in sngrep with every dialog, and sngrep keeps every message', async () => {
    const res = await exportOk(svc, { query: {}, format: 'pcap' });
    const resaved = path.join(tempDir(), 'sngrep.pcap');
    expect(sngrepRead(res.path, resaved).dialogs).toBe(50);
    const kept = readUdpDatagrams(readFileSync(resaved));
    expect(kept.ok && kept.datagrams.map((d) => d.payload.toString('base64'))).toEqual(
      storedMessages(core).map((m) => m.raw.toString('base64')),
    );
  });

  it('exports one call by Call-ID with its messages only, named after the call', async () => {
    const target = storedCalls(core).find((c) => c.finalCode === 486)!;
    const res = await exportOk(svc, { callIds: [target.callId], format: 'text' });
    expect(res.calls).toBe(1);
    expect(res.messages).toBe(target.messageCount);
    expect(res.fileName).toBe(`pbxscope-${target.callId.replace(/@/g, '_')}-20261123T021320Z.txt`);
    const text = readFileSync(res.path, 'utf8');
    expect(text).toMatch(new RegExp(`^ {4}Call-ID: +${target.callId.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(text).toMatch(/^ {4}State: +failed, 486 Busy Here$/m);
    const headers =
      text.match(
        /^#\d+ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC {2}[+-]\d+\.\d{6} s {2}UDP {2}\S+ -> \S+ {2}\[call 1\]/gm,
      ) ?? [];
    expect(headers).toHaveLength(target.messageCount);
    const msgs = storedMessages(core).filter((m) => m.call_id === target.callId);
    for (const m of msgs) expect(text).toContain(m.raw.toString('utf8').replace(/\r\n/g, '\n').split('\n')[0]);
    expect(text.indexOf(msgs[0]!.raw.toString().split('\r\n')[0]!)).toBeLessThan(
      text.indexOf(msgs[msgs.length - 1]!.raw.toString().split('\r\n')[0]!),
    );
  });

  it('refuses unknown Call-IDs and empty searches with a typed error and writes nothing', async () => {
    const before = existsSync(path.join(dataDir, 'exports')) ? readdirSync(path.join(dataDir, 'exports')) : [];
    expect(await svc.snapshot({ callIds: ['nope@nowhere'], format: 'pcap' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await svc.snapshot({ query: { user: 'no-such-user' }, format: 'html' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(svc.preview({ callIds: ['nope@nowhere'], redact: {} })).toMatchObject({ ok: false, code: 'not_found' });
    const after = existsSync(path.join(dataDir, 'exports')) ? readdirSync(path.join(dataDir, 'exports')) : [];
    expect(after).toEqual(before);
  });

  it('writes owner-only files into an owner-only exports folder, never overwrites, and leaves no temp file', async () => {
    const call = storedCalls(core)[0]!;
    const a = await exportOk(svc, { callIds: [call.callId], format: 'html' });
    const b = await exportOk(svc, { callIds: [call.callId], format: 'html' });
    expect(b.fileName).toBe(a.fileName.replace(/\.html$/, '-2.html'));
    expect(readFileSync(a.path)).toEqual(readFileSync(b.path));
    if (process.platform !== 'win32') {
      expect(statSync(path.join(dataDir, 'exports')).mode & 0o777).toBe(0o700);
      expect(statSync(a.path).mode & 0o777).toBe(0o600);
    }
    expect(readdirSync(path.join(dataDir, 'exports')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('renders one self-contained HTML file that makes no external request', async () => {
    const res = await exportOk(svc, { query: {}, format: 'html' });
    const html = readFileSync(res.path, 'utf8');
    // No resource reference leaves the file: src/href/url()/@import/srcset name only in-page fragments or data:.
    const refs = resourceRefs(html);
    expect(refs.length).toBeGreaterThan(572); // one ladder link per message, one index link per call
    for (const ref of refs) expect(ref).toMatch(/^(#|data:)/);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<(?:link|iframe|object|embed|img|base)\b/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
    // Every message is there, escaped, with its anchor; every call has a section with its ladder.
    for (const m of storedMessages(core)) expect(html).toContain(`id="m-${m.id}"`);
    expect(html.match(/<section class="call"/g)).toHaveLength(50);
    expect(html.match(/<svg class="ladder"/g)?.length).toBeGreaterThanOrEqual(50);
    expect(html).toContain('From: &quot;bob0001&quot; &lt;sip:bob0001@127.0.0.1:5070&gt;');
    expect(html).not.toContain('From: "bob0001" <sip:');
    expect(html).toContain('9.8.7-test');
  });

  it('writes a bundle the decoder reads back losslessly, plain and with a passphrase', async () => {
    const stored = storedMessages(core);
    for (const passphrase of [undefined, 'a long enough passphrase']) {
      const res = await exportOk(svc, { query: {}, format: 'bundle', ...(passphrase ? { passphrase } : {}) });
      expect(res.fileName).toMatch(/\.pbxscope$/);
      const decoded = decodeBundle(readFileSync(res.path), passphrase);
      if (!decoded.ok) throw new Error(decoded.message);
      const b = decoded.bundle;
      expect(b.meta).toEqual({
        formatVersion: 1,
        appVersion: '9.8.7-test',
        createdAt: NOW_US,
        capture: 0,
        selection: { kind: 'query', query: {} },
        redaction: { numbers: false, ips: false, auth: false, sdp: false },
        calls: 50,
        messages: 572,
      });
      expect(b.calls).toEqual(storedCalls(core));
      expect(b.messages.map((m) => ({ ...m, raw: m.raw.toString('base64') }))).toEqual(
        stored.map((r) => ({ ...messageFromRow(r), raw: r.raw.toString('base64') })),
      );
      expect(b.text).toContain('PBXScope SIP trace snapshot');
      expect(b.html).toMatch(/^<!doctype html>/);
      if (passphrase) {
        expect(decodeBundle(readFileSync(res.path))).toMatchObject({ ok: false, code: 'needs_passphrase' });
        expect(decodeBundle(readFileSync(res.path), 'the wrong passphrase')).toMatchObject({
          ok: false,
          code: 'wrong_passphrase',
        });
      }
    }
  });

  it('previews the masks a redacted export will write', () => {
    const r = svc.preview({ query: {}, redact: { numbers: true, ips: true } });
    if (!r.ok) throw new Error(r.message);
    expect(r.result).toMatchObject({ calls: 50, messages: 572 });
    const ip = r.result.redactions.find((i) => i.kind === 'ip' && i.original === '127.0.0.1');
    expect(ip?.masked).toBe('192.0.2.1');
    expect(r.result.redactions.filter((i) => i.kind === 'number').map((i) => i.original)).toEqual(
      expect.arrayContaining(['bob0001', 'ok0001']),
    );
    expect(new Set(r.result.redactions.map((i) => i.masked)).size).toBe(r.result.redactions.length);
  });
});

/**
 * Words the reports write on their own (who hung up: "BYE from callee"). A user named like one
 * (sipp's "callee") is looked for where a user sits instead: in a SIP URI.
 */
const REPORT_VOCABULARY = new Set(['caller', 'callee']);

/** Every original a preview lists, searched for in the bytes a format wrote. */
function leaks(bytes: Buffer, items: readonly RedactionPreviewItem[]): string[] {
  return items
    .filter((i) =>
      bytes.includes(Buffer.from(REPORT_VOCABULARY.has(i.original) ? `sip:${i.original}@` : i.original, 'utf8')),
    )
    .map((i) => `${i.kind} ${i.original}`);
}

/** A decoded bundle as bytes: its JSON, every raw payload, both renderings. */
function bundleBytes(b: Bundle): Buffer {
  return Buffer.concat([
    Buffer.from(
      JSON.stringify({ meta: b.meta, calls: b.calls, messages: b.messages.map((m) => ({ ...m, raw: undefined })) }),
    ),
    ...b.messages.map((m) => m.raw),
    Buffer.from(b.text ?? ''),
    Buffer.from(b.html ?? ''),
  ]);
}

async function allFormats(svc: ExportService, params: Omit<SnapshotParams, 'format'>): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const format of ['pcap', 'text', 'html', 'bundle'] as const) {
    const res = await exportOk(svc, {
      ...params,
      format,
      ...(format === 'bundle' ? { passphrase: 'redacted bundle pass' } : {}),
    } as SnapshotParams);
    const file = readFileSync(res.path);
    out.set(format, file);
    if (format === 'bundle') {
      const d = decodeBundle(file, 'redacted bundle pass');
      if (!d.ok) throw new Error(d.message);
      out.set('bundle (decoded)', bundleBytes(d.bundle));
    }
  }
  return out;
}

describe('redacted exports leave no original in any format', () => {
  it('masks every number, address and SDP address of the Kamailio fixture in pcap, text, html and bundle, and the pcap stays valid', async () => {
    const dataDir = tempDir();
    const core = await loadedCore(dataDir, 'hep/kamailio-calls.pcap');
    cores.push(core);
    const svc = createExportService({ reader: core.store.reader, dataDir, appVersion: 't', scrypt: FAST_SCRYPT });
    const redact = { numbers: true, ips: true, sdp: true, auth: true };
    const preview = svc.preview({ query: {}, redact });
    if (!preview.ok) throw new Error(preview.message);
    const items = preview.result.redactions;
    expect(items.map((i) => i.original)).toEqual(expect.arrayContaining(['127.0.0.1', 'bob0001', 'ok0001']));
    const files = await allFormats(svc, { query: {}, redact });
    for (const [format, bytes] of files) expect({ format, leaks: leaks(bytes, items) }).toEqual({ format, leaks: [] });
    // The masks are what the preview promised, and the redacted pcap is still a clean capture.
    expect(files.get('text')!.toString()).toContain('192.0.2.1:5070 -> 192.0.2.1:5060');
    if (HAS_TSHARK || TSHARK_REQUIRED) {
      const pcap = readdirSync(path.join(dataDir, 'exports')).find((f) => f.endsWith('.pcap'))!;
      const file = path.join(dataDir, 'exports', pcap);
      const rows = tsharkFields(file, ['ip.src', 'sip.Call-ID', 'sip.Method', 'sip.Status-Code']);
      expect(rows).toHaveLength(572);
      for (const [src, callId] of rows) {
        expect(src).toBe('192.0.2.1');
        expect(callId).toMatch(/@192\.0\.2\.1$/);
      }
      expect(expertProblems(tsharkVerbose(file))).toEqual([]);
    }
  });

  it('removes the digest credentials of the Asterisk fixture and keeps every message parseable', async () => {
    const dataDir = tempDir();
    const core = await loadedCore(dataDir, 'hep/asterisk-hep.pcap');
    cores.push(core);
    const svc = createExportService({ reader: core.store.reader, dataDir, appVersion: 't', scrypt: FAST_SCRYPT });
    const redact = { auth: true, numbers: true };
    const preview = svc.preview({ query: {}, redact });
    if (!preview.ok) throw new Error(preview.message);
    const auth = preview.result.redactions.filter((i) => i.kind === 'auth');
    expect(auth.map((i) => i.original)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^nonce="/),
        expect.stringMatching(/^response="/),
        'username="alice"',
      ]),
    );
    // Credentials and phone numbers must be gone everywhere. Names ("sipp", "alice") and short extensions
    // ("100") are masked where SIP puts a user; the same word also occurs as ordinary text (User-Agent:
    // sipp-register, CSeq: 100), so those are looked for in the places a user sits.
    const items = preview.result.redactions;
    const everywhere = items.filter((i) => i.kind === 'auth' || /^\+?\d{6,}$/.test(i.original));
    const names = items.filter((i) => i.kind === 'number' && !everywhere.includes(i));
    expect(everywhere.map((i) => i.original)).toContain('5550100');
    expect(names.map((i) => i.original)).toEqual(expect.arrayContaining(['alice', 'sipp', '100']));
    const files = await allFormats(svc, { query: {}, redact });
    for (const [format, bytes] of files) {
      expect({ format, leaks: leaks(bytes, everywhere) }).toEqual({ format, leaks: [] });
      const text = bytes.toString('latin1');
      for (const n of names)
        for (const spot of [`sip:${n.original}@`, `"${n.original}"`, ` ${n.original} <sip`])
          expect({ format, spot, found: text.includes(spot) }).toEqual({ format, spot, found: false });
    }
    const d = decodeBundle(files.get('bundle')!, 'redacted bundle pass');
    if (!d.ok) throw new Error(d.message);
    const challenged = d.bundle.messages.filter((m) => /^(WWW-Authenticate|Authorization):/im.test(m.raw.toString()));
    expect(challenged.length).toBeGreaterThan(0);
    for (const m of d.bundle.messages) {
      const p = parseSip(m.raw);
      expect(p.malformed).toBeUndefined();
      expect(p.callId).toBe(m.callId);
    }
    for (const m of challenged)
      expect(m.raw.toString()).toMatch(/(WWW-Authenticate|Authorization): Digest [^\r\n]*="\[removed\]"/);
  });
});
