// The core applies retention: lowering the age limit prunes old live rows at once, and leaves
// imported captures alone.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from './index.ts';
import type { SipMessageWrite } from './sip/rows.ts';

const DAY_US = 86_400_000_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function message(capture: number, ts: number, i: number): SipMessageWrite {
  return {
    capture,
    ts,
    call_id: `old-${capture}-${i}`,
    method: 'OPTIONS',
    status: null,
    reason: null,
    cseq: 1,
    cseq_method: 'OPTIONS',
    src_ip: '10.0.0.1',
    src_port: 5060,
    dst_ip: '10.0.0.2',
    dst_port: 5060,
    transport: 'udp',
    capture_id: null,
    node: null,
    correlation_id: null,
    flags: 0,
    malformed: null,
    raw: Buffer.from('OPTIONS sip:x SIP/2.0\r\n\r\n'),
  };
}

describe('retention in the core', () => {
  it('prunes live rows older than a newly lowered age limit and keeps imported captures', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-ret-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const core: Core = await createCore({
      dataDir,
      listenHost: '127.0.0.1',
      ports: { hep: 0, sip: 0, statsd: 0, syslog: 0 },
    });
    cleanups.push(() => core.stop());
    const now = Date.now() * 1000;
    for (let i = 0; i < 50; i++) {
      core.store.writer.append('sip.message', message(0, now - 5 * DAY_US, i)); // old live
      core.store.writer.append('sip.message', message(0, now - 1000, 100 + i)); // fresh live
      core.store.writer.append('sip.message', message(7, now - 30 * DAY_US, i)); // old, but imported
    }
    await core.store.writer.flush();
    const count = (where: string): number =>
      (core.store.reader.prepare(`SELECT count(*) AS n FROM sip_messages WHERE ${where}`).get() as { n: number }).n;
    expect(count('capture = 0')).toBe(100);

    const saved = await core.handle('settings.save', { retention: { maxAgeDays: 2 } });
    expect(saved.ok).toBe(true);
    // Well inside the first scheduled pass (10 s): only the rerun on save can prune in time.
    const deadline = Date.now() + 5_000;
    while (count('capture = 0') !== 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(count('capture = 0')).toBe(50);
    expect(count(`capture = 0 AND ts < ${now - DAY_US}`)).toBe(0);
    expect(count('capture = 7')).toBe(50);
  });
});
