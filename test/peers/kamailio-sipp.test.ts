// End to end against software nobody on the team wrote: sipp places a known mix of calls through a
// real Kamailio 5.6 proxy whose siptrace mirrors every SIP message as HEPv3 into the app's core.
// The app must report exactly the calls that were placed, with the outcome each dialled user
// asked for, and sipp's own statistics must agree that the calls went as scripted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from '../../shared/contract.ts';
import type { CallDetail, CallSummary, ListenerStatus, SipStats } from '../../shared/domain.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { countBy, expectedResponses, injectionFile, OUTCOMES, planCalls, type PlannedCall } from './call-mix.ts';
import { findExecutable } from './support/executables.ts';
import { startKamailio } from './support/kamailio.ts';
import { fileTail, type GroupChild } from './support/process-group.ts';
import { errorFile, startSippUac, startSippUas, statsFile } from './support/sipp.ts';
import { readSippTotals } from './support/sipp-stats.ts';
import { freeUdpPortsByName } from './support/udp-ports.ts';

/** Calls per second: several dialogs overlap, yet the run stays short (12 calls in ~2.4 s). */
const CALL_RATE_PER_SEC = 5;
/** Talk time of answered calls: long enough that every answered call overlaps later INVITEs. */
const TALK_MS = 1_000;
/** sipp's own -timeout: the mix needs ~5 s; anything near this means a call hung. */
const SIPP_TIMEOUT_SEC = 30;
/** Wall-clock kill on top of sipp's -timeout, in case sipp itself hangs. */
const SIPP_WALL_MS = (SIPP_TIMEOUT_SEC + 10) * 1_000;
/** Kamailio runs only while the calls do; it is stopped explicitly long before this. */
const KAMAILIO_WALL_MS = SIPP_WALL_MS + 20_000;
/** The HEP counters count as settled after this long without a new datagram (the store flushes every <=100 ms). */
const HEP_QUIET_MS = 500;
/** Upper bound on waiting for the app to catch up once the peers are done. */
const SETTLE_MAX_MS = 15_000;
const SETTLE_POLL_MS = 100;
/** sipp pauses with 1 ms resolution and Kamailio timestamps each message: allow that much under TALK_MS. */
const TALK_TOLERANCE_MS = 10;
/** Whole test, peers included: far below the 2-minute budget; a normal run takes ~8 s. */
const TEST_TIMEOUT_MS = 90_000;
/** Kamailio sends this HEP auth key and the app is configured to require it. */
const HEP_AUTH_KEY = 'pbxscope-peer-test';
const CALL_ID_FORMAT = 'pbx-%u-%p@%s';

const KAMAILIO = findExecutable('kamailio');
const SIPP = findExecutable('sipp');
const missing = [
  KAMAILIO ? null : 'kamailio (apt package kamailio)',
  SIPP ? null : 'sipp (apt package sip-tester)',
].filter((m): m is string => m !== null);
const inCi = Boolean(process.env.CI);
if (missing.length > 0 && !inCi) {
  console.warn(`test/peers: skipping the Kamailio + sipp test, not installed: ${missing.join(', ')}`);
}

const children: GroupChild[] = [];
const dirs: string[] = [];
let core: Core | undefined;
afterAll(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
  await core?.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function request<T>(c: Core, name: string, params: unknown): Promise<T> {
  const r = await c.handle(name, params);
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return r.result as T;
}

function hepUdp(c: Core): ListenerStatus {
  const l = c.listeners().find((x) => x.name === 'hep' && x.proto === 'udp');
  if (!l) throw new Error('the core has no UDP HEP listener');
  return l;
}

const FINAL_STATES = new Set(Object.values(OUTCOMES).map((o) => o.state));

/**
 * Waits until the HEP counters stop moving, everything received is stored, and the expected
 * number of calls is there and finished; returns what the app reports at that point (or at the
 * bound, so the assertions show what was missing).
 */
async function settledCalls(c: Core, expected: number): Promise<CallSummary[]> {
  const end = Date.now() + SETTLE_MAX_MS;
  let lastReceived = -1;
  let lastChange = Date.now();
  let items: CallSummary[] = [];
  while (Date.now() < end) {
    const hep = hepUdp(c);
    if (hep.received !== lastReceived) {
      lastReceived = hep.received;
      lastChange = Date.now();
    }
    items = (await request<Page<CallSummary>>(c, 'calls.search', { limit: 1000 })).items;
    const quiet = Date.now() - lastChange >= HEP_QUIET_MS;
    const allStored = hep.stored === hep.received;
    const allFinished = items.length >= expected && items.every((i) => FINAL_STATES.has(i.state));
    if (quiet && allStored && allFinished) break;
    await sleep(SETTLE_POLL_MS);
  }
  return items;
}

function percent(part: number, whole: number): number {
  return (100 * part) / whole;
}

describe('SIP capture from a real Kamailio proxy traced over HEPv3, driven by sipp', () => {
  it.skipIf(missing.length > 0 && !inCi)(
    'reports exactly the placed mix: 5 answered, 3 busy, 2 not found, 2 cancelled, each with its state, final code and messages',
    async () => {
      if (missing.length > 0) {
        throw new Error(
          `CI must provide the peer programs; missing: ${missing.join(', ')}. Install: apt-get install kamailio sip-tester`,
        );
      }
      const started = Date.now();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-peers-'));
      dirs.push(dir);
      onTestFailed(() => {
        // The run dir is removed afterwards, so the report carries the logs that explain a failure.
        const errors = (['uac', 'uas'] as const).map((role) => fileTail(errorFile(dir, role), `sipp ${role} errors`));
        console.error([...children.map((c) => c.logTail()), ...errors].join('\n'));
      });

      const dataDir = path.join(dir, 'data');
      core = await createCore({ dataDir, listenHost: '127.0.0.1', ports: { hep: 0, sip: 0, statsd: 0, syslog: 0 } });
      await request(core, 'settings.save', { hepAuthKey: HEP_AUTH_KEY });
      const hepPort = hepUdp(core).port;

      const calls = planCalls();
      const csv = path.join(dir, 'calls.csv');
      writeFileSync(csv, injectionFile(calls));
      // sipp binds each media port and media port + 2; every other port just has to be free.
      const port = await freeUdpPortsByName(
        ['proxy', 'uacSip', 'uasSip', 'uacMedia', 'uasMedia', 'uacControl', 'uasControl'],
        [2],
      );
      const sipPort = port.proxy;
      const uacSip = port.uacSip;
      const uasSip = port.uasSip;

      const kamailio = await startKamailio({
        bin: KAMAILIO!,
        dir,
        sipPort,
        hepPort,
        hepAuthKey: HEP_AUTH_KEY,
        uacPort: uacSip,
        uasPort: uasSip,
        maxMs: KAMAILIO_WALL_MS,
      });
      children.push(kamailio);
      const bounds = { bin: SIPP!, dir, calls: calls.length, timeoutSec: SIPP_TIMEOUT_SEC, maxMs: SIPP_WALL_MS };
      const uas = await startSippUas({
        ...bounds,
        ports: { sip: uasSip, media: port.uasMedia, control: port.uasControl },
      });
      children.push(uas);
      const uac = startSippUac({
        ...bounds,
        ports: { sip: uacSip, media: port.uacMedia, control: port.uacControl },
        proxy: `127.0.0.1:${sipPort}`,
        injectionFile: csv,
        ratePerSec: CALL_RATE_PER_SEC,
        talkMs: TALK_MS,
        callIdFormat: CALL_ID_FORMAT,
      });
      children.push(uac);

      // sipp's verdict: exit code 0 means every call followed its scenario branch to the end.
      const uacExit = await uac.exited;
      const uasExit = await uas.exited;
      await kamailio.stop();
      expect({ uac: uacExit, uas: uasExit }).toEqual({
        uac: { code: 0, signal: null, timedOut: false },
        uas: { code: 0, signal: null, timedOut: false },
      });
      const uacTotals = readSippTotals(statsFile(dir, 'uac'));
      const uasTotals = readSippTotals(statsFile(dir, 'uas'));
      expect(uacTotals).toMatchObject({ outgoing: calls.length, successful: calls.length, failed: 0, unexpected: 0 });
      expect(uasTotals).toMatchObject({ incoming: calls.length, successful: calls.length, failed: 0, unexpected: 0 });

      const items = await settledCalls(core, calls.length);

      // The mix, as the app sees it: per dialled-user prefix, state and final code.
      const seenMix = countBy(items, (c) => `${c.method} ${c.to.replace(/\d+$/, '')} ${c.state} ${c.finalCode ?? '-'}`);
      const placedMix = countBy(
        calls,
        (c) => `INVITE ${c.outcome} ${OUTCOMES[c.outcome].state} ${OUTCOMES[c.outcome].finalCode}`,
      );
      expect(seenMix).toEqual(placedMix);

      // Call by call: sipp numbers calls in injection-file order, so each Call-ID names its plan line.
      const byCallId = new Map(items.map((c) => [c.callId, c]));
      const callIdOf = (p: PlannedCall): string => `pbx-${p.n}-${uac.pid}@127.0.0.1`;
      const seen = calls.map((p) => {
        const c = byCallId.get(callIdOf(p));
        return (
          c && {
            callId: c.callId,
            to: c.to,
            state: c.state,
            finalCode: c.finalCode,
            messages: c.messageCount - c.retransmissions,
          }
        );
      });
      const planned = calls.map((p) => {
        const o = OUTCOMES[p.outcome];
        return { callId: callIdOf(p), to: p.dialled, state: o.state, finalCode: o.finalCode, messages: o.messages };
      });
      expect(seen).toEqual(planned);

      for (const c of items.filter((i) => i.state === 'ended')) {
        expect({ callId: c.callId, endedBy: c.endedBy }).toEqual({ callId: c.callId, endedBy: 'caller' });
        expect(c.durationMs, `talk time of ${c.callId}`).toBeGreaterThanOrEqual(TALK_MS - TALK_TOLERANCE_MS);
      }

      // One call of each outcome in full: every message, drawn between exactly the caller, the proxy and the callee.
      const peers = [uacSip, sipPort, uasSip].map((p) => `127.0.0.1:${p}`).sort();
      for (const outcome of Object.keys(OUTCOMES) as (keyof typeof OUTCOMES)[]) {
        const first = calls.find((p) => p.outcome === outcome)!;
        const detail = await request<CallDetail>(core, 'calls.get', { callId: callIdOf(first) });
        expect({
          outcome,
          messages: detail.messages.length,
          hosts: detail.ladder.hosts.map((h) => h.key).sort(),
        }).toEqual({
          outcome,
          messages: detail.call.messageCount,
          hosts: peers,
        });
      }

      // Every datagram Kamailio mirrored arrived, decoded, passed the auth key and belongs to one of the calls.
      const hep = hepUdp(core);
      const retransmissions = items.reduce((n, c) => n + c.retransmissions, 0);
      const structural = calls.reduce((n, p) => n + OUTCOMES[p.outcome].messages, 0);
      expect(hep).toMatchObject({
        malformed: 0,
        dropped: 0,
        authFailures: 0,
        decoded: hep.received,
        stored: hep.received,
      });
      expect(hep.received).toBe(items.reduce((n, c) => n + c.messageCount, 0));
      expect(hep.received).toBe(structural + retransmissions);

      const answered = calls.filter((p) => p.outcome === 'ok').length;
      const busy = calls.filter((p) => p.outcome === 'busy').length;
      const stats = await request<SipStats>(core, 'sip.stats', {});
      expect({ invites: stats.invites, answered: stats.answered, isa: stats.isa }).toEqual({
        invites: calls.length,
        answered,
        isa: 0,
      });
      expect(stats.asr).toBeCloseTo(percent(answered, calls.length), 1);
      expect(stats.ser).toBeCloseTo(percent(answered, calls.length), 1);
      expect(stats.seer).toBeCloseTo(percent(answered + busy, calls.length), 1); // 486 is an effective attempt (RFC 6076 4.7)
      expect(stats.scr).toBeCloseTo(percent(answered, calls.length), 1);
      // Response codes: exactly the scripted ones; a retransmitted response may add to a count, nothing else may.
      const codes = Object.fromEntries(stats.responseCodes.map((r) => [r.code, r.count]));
      const wanted = expectedResponses(calls);
      expect(Object.keys(codes).sort()).toEqual(Object.keys(wanted).sort());
      let extra = 0;
      for (const [code, n] of Object.entries(wanted)) {
        expect(codes[Number(code)], `responses ${code}`).toBeGreaterThanOrEqual(n);
        extra += (codes[Number(code)] ?? 0) - n;
      }
      expect(extra).toBeLessThanOrEqual(retransmissions);

      console.info(
        `peer test: ${calls.length} calls, ${hep.received} HEP datagrams, ${retransmissions} retransmissions (sipp: uac ${uacTotals.retransmissions}, uas ${uasTotals.retransmissions}), ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    },
    TEST_TIMEOUT_MS,
  );
});
