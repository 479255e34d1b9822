// The core as the renderer sees it in the desktop app, for bench/board-frames.ts: injected into the
// page before the app loads (page.addInitScript), it installs `window.pbxscope` (the preload bridge
// the Electron client path uses) answering the start-up requests with one connected PBX, 1,000 live
// channels and 10,000 captured calls, and drives `channels.delta` + `ami.events.tail` (or
// `calls.delta`) every 100 ms as electron/core/ami/service.ts does. Payloads are structuredClone'd
// on the way in, like IPC across the context bridge. `window.__bench` starts/stops the load and
// measures frames (requestAnimationFrame intervals, long tasks) inside the page.
//
// `installFakeCore` is serialised with Function#toString: it must not close over anything outside
// its own body (type-only imports are erased).
import type {
  AmiBridge,
  AmiChannel,
  AmiConnectionInfo,
  AmiEventRow,
  CallSummary,
  ChannelsDelta,
  ListenerStatus,
} from '../shared/domain.ts';

export interface FakeCoreOptions {
  /** Live channels at start (and kept near while the load runs). */
  channels: number;
  /** Calls the Calls list holds: the first page answers calls.search, the rest arrive as deltas. */
  calls: number;
  seed: number;
}

export interface LoadStats {
  batches: number;
  /** Channel (or call) objects sent in deltas, removals included. */
  updates: number;
  /** Rows sent in ami.events.tail. */
  events: number;
  /** Live channels (or calls held) the fake core has now. */
  size: number;
  /** Intervals between batches longer than 250 ms: the page's timers fell behind. */
  lateBatches: number;
  /** From the start of the load to stopLoad(). */
  elapsedMs: number;
}

export interface FrameSample {
  durationMs: number;
  /** performance.now() deltas between consecutive requestAnimationFrame callbacks. */
  intervals: number[];
  longTasks: number[];
}

export interface BenchApi {
  ready(): boolean;
  startChannelLoad(updatesPerSec: number): void;
  startCallLoad(updatesPerSec: number): void;
  /** Pushes the calls beyond the first page as deltas in chunks (the store then holds them all). */
  preloadCalls(): Promise<number>;
  stopLoad(): LoadStats;
  measure(ms: number): Promise<FrameSample>;
}

/** The page APIs used here: bench/ compiles without the DOM lib (like e2e/). */
interface PageGlobals {
  pbxscope?: unknown;
  __bench?: BenchApi;
  document: { querySelector(selector: string): unknown };
  requestAnimationFrame(cb: (t: number) => void): number;
  PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => {
    observe(options: { type: string; buffered?: boolean }): void;
    takeRecords(): { duration: number }[];
    disconnect(): void;
  };
}

export function installFakeCore(opts: FakeCoreOptions): void {
  type Cb = (payload: unknown) => void;
  const w = globalThis as unknown as PageGlobals;
  const PBX = 'pbx-lab';
  const listeners = new Map<string, Set<Cb>>();
  const emit = (name: string, payload: unknown): void => {
    const set = listeners.get(name);
    if (!set || set.size === 0) return;
    // One clone per delivery, as each IPC message is deserialised once in the renderer.
    const copy = structuredClone(payload);
    for (const cb of [...set]) cb(copy);
  };

  // mulberry32: the same board every run.
  let seed = opts.seed >>> 0;
  const rnd = (): number => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
  const nowUs = (): number => Date.now() * 1000;

  // ---------- AMI: channels grouped into calls ----------

  const connection: AmiConnectionInfo = {
    id: PBX,
    name: 'Call centre PBX',
    host: '192.0.2.10',
    port: 5038,
    username: 'pbxscope',
    tls: false,
    tlsVerify: true,
    color: '#4f8cff',
    actionsEnabled: true,
    enabled: true,
    status: 'connected',
    amiVersion: '11.0.0',
    asteriskVersion: '22.10.1',
    connectedAt: nowUs() - 3_600_000_000,
    eventsReceived: 1_250_000,
    hasSecret: true,
  };

  interface Group {
    linkedid: string;
    uniqueids: string[];
    bridges: string[];
    kind: 'direct' | 'ringing' | 'queue' | 'ivr' | 'internal';
  }
  const channels = new Map<string, AmiChannel>();
  const bridges = new Map<string, AmiBridge>();
  const groups: Group[] = [];
  let uidSeq = 0;
  let chanSeq = 0x1a2b;
  const epochSec = Math.floor(Date.now() / 1000) - 7200;
  const exts = Array.from({ length: 400 }, (_, i) => String(1000 + i));
  const names = [
    'Alice Martin',
    'Bob Keller',
    'Carla Diaz',
    'Dan Okafor',
    'Eva Novak',
    'Femi Ade',
    'Gus Lind',
    'Hana Sato',
  ];
  const queues = ['support', 'sales', 'billing', 'retention'];
  const uid = (): string => `${epochSec + Math.floor(uidSeq / 50)}.${uidSeq++}`;
  const outsideNumber = (): string => `+4930${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`;

  function channel(patch: Partial<AmiChannel> & Pick<AmiChannel, 'channel' | 'linkedid' | 'uniqueid'>): AmiChannel {
    return {
      pbx: PBX,
      state: 'Up',
      callerIdNum: '',
      callerIdName: '',
      connectedLineNum: '',
      connectedLineName: '',
      context: 'from-internal',
      exten: 's',
      priority: '1',
      application: '',
      appData: '',
      accountCode: '',
      createdAt: nowUs(),
      ...patch,
    };
  }
  const pjsip = (peer: string): string => `PJSIP/${peer}-${hex(chanSeq++, 8)}`;
  const bridge = (members: AmiChannel[]): AmiBridge => {
    const id = `${hex(Math.floor(rnd() * 0xffffffff), 8)}-${hex(chanSeq++, 4)}-4e14-b2a9-${hex(Math.floor(rnd() * 0xffffffffff), 12)}`;
    for (const m of members) m.bridgeId = id;
    return { pbx: PBX, id, type: 'basic', technology: 'simple_bridge', channels: members.map((m) => m.channel) };
  };

  /** A call of the given kind, started `ageSec` ago; its channels and bridges enter the board. */
  function newGroup(
    kind: Group['kind'],
    ageSec: number,
  ): { group: Group; added: AmiChannel[]; addedBridges: AmiBridge[] } {
    const created = nowUs() - ageSec * 1_000_000;
    const first = uid();
    const linkedid = first;
    const caller = outsideNumber();
    const ext = pick(exts);
    const agentName = pick(names);
    const chans: AmiChannel[] = [];
    const brs: AmiBridge[] = [];
    const answered = created + 4_000_000;
    if (kind === 'direct' || kind === 'ringing') {
      const up = kind === 'direct';
      const a = channel({
        uniqueid: first,
        linkedid,
        channel: pjsip('trunk-carrier'),
        state: up ? 'Up' : 'Ring',
        callerIdNum: caller,
        connectedLineNum: ext,
        connectedLineName: up ? agentName : '',
        context: 'from-trunk',
        exten: `+49301234${ext}`,
        priority: '4',
        application: 'Dial',
        appData: `PJSIP/${ext},30,tT`,
        createdAt: created,
        ...(up ? { answeredAt: answered } : {}),
      });
      const b = channel({
        uniqueid: uid(),
        linkedid,
        channel: pjsip(ext),
        state: up ? 'Up' : 'Ringing',
        callerIdNum: ext,
        callerIdName: agentName,
        connectedLineNum: caller,
        context: 'from-internal',
        exten: ext,
        priority: '1',
        application: 'AppDial',
        appData: '(Outgoing Line)',
        createdAt: created + 20_000,
        ...(up ? { answeredAt: answered } : {}),
      });
      chans.push(a, b);
      if (up) brs.push(bridge([a, b]));
    } else if (kind === 'internal') {
      const callee = pick(exts);
      const a = channel({
        uniqueid: first,
        linkedid,
        channel: pjsip(ext),
        callerIdNum: ext,
        callerIdName: agentName,
        connectedLineNum: callee,
        exten: callee,
        priority: '2',
        application: 'Dial',
        appData: `PJSIP/${callee},30`,
        createdAt: created,
        answeredAt: answered,
      });
      const b = channel({
        uniqueid: uid(),
        linkedid,
        channel: pjsip(callee),
        callerIdNum: callee,
        callerIdName: pick(names),
        connectedLineNum: ext,
        connectedLineName: agentName,
        exten: callee,
        application: 'AppDial',
        appData: '(Outgoing Line)',
        createdAt: created + 15_000,
        answeredAt: answered,
      });
      chans.push(a, b);
      brs.push(bridge([a, b]));
    } else if (kind === 'ivr') {
      chans.push(
        channel({
          uniqueid: first,
          linkedid,
          channel: pjsip('trunk-carrier'),
          callerIdNum: caller,
          context: 'ivr-main',
          exten: 's',
          priority: String(2 + Math.floor(rnd() * 6)),
          application: 'BackGround',
          appData: 'custom/main-menu',
          createdAt: created,
          answeredAt: created + 200_000,
        }),
      );
    } else {
      // A queue call: the caller, the agent's Local pair and the agent's phone, in two bridges.
      const queue = pick(queues);
      const seq = hex(chanSeq++, 8);
      const c = channel({
        uniqueid: first,
        linkedid,
        channel: pjsip('trunk-carrier'),
        callerIdNum: caller,
        connectedLineNum: ext,
        connectedLineName: agentName,
        context: 'queues',
        exten: queue,
        priority: '6',
        application: 'Queue',
        appData: `${queue},tT,,,300`,
        createdAt: created,
        answeredAt: created + 300_000,
      });
      const l1 = channel({
        uniqueid: uid(),
        linkedid,
        channel: `Local/${ext}@agents-${seq};1`,
        callerIdNum: ext,
        callerIdName: agentName,
        connectedLineNum: caller,
        context: 'agents',
        exten: ext,
        application: 'AppQueue',
        appData: '(Outgoing Line)',
        createdAt: created + 30_000_000,
        answeredAt: answered + 30_000_000,
      });
      const l2 = channel({
        uniqueid: uid(),
        linkedid,
        channel: `Local/${ext}@agents-${seq};2`,
        callerIdNum: caller,
        connectedLineNum: ext,
        connectedLineName: agentName,
        context: 'agents',
        exten: ext,
        priority: '2',
        application: 'Dial',
        appData: `PJSIP/${ext},,tT`,
        createdAt: created + 30_000_000,
        answeredAt: answered + 30_000_000,
      });
      const p = channel({
        uniqueid: uid(),
        linkedid,
        channel: pjsip(ext),
        callerIdNum: ext,
        callerIdName: agentName,
        connectedLineNum: caller,
        context: 'from-internal',
        exten: ext,
        application: 'AppDial',
        appData: '(Outgoing Line)',
        createdAt: created + 30_050_000,
        answeredAt: answered + 30_000_000,
      });
      chans.push(c, l1, l2, p);
      brs.push(bridge([c, l1]), bridge([l2, p]));
    }
    const group: Group = { linkedid, uniqueids: chans.map((x) => x.uniqueid), bridges: brs.map((b) => b.id), kind };
    groups.push(group);
    for (const x of chans) channels.set(x.uniqueid, x);
    for (const b of brs) bridges.set(b.id, b);
    return { group, added: chans, addedBridges: brs };
  }

  const KINDS: Group['kind'][] = [];
  for (const [kind, weight] of [
    ['direct', 45],
    ['queue', 15],
    ['ivr', 15],
    ['ringing', 10],
    ['internal', 15],
  ] as const)
    for (let i = 0; i < weight; i++) KINDS.push(kind);
  while (channels.size < opts.channels) newGroup(pick(KINDS), Math.floor(rnd() * 1800));

  let eventId = 0;
  /** The fields Asterisk sends with a channel event (Newstate, NewConnectedLine, Newexten...). */
  function channelEvent(name: string, c: AmiChannel, extra: [string, string][] = []): AmiEventRow {
    return {
      id: ++eventId,
      pbx: PBX,
      ts: nowUs(),
      name,
      fields: [
        ['Event', name],
        ['Privilege', 'call,all'],
        ['Channel', c.channel],
        ['ChannelState', c.state === 'Up' ? '6' : c.state === 'Ringing' ? '5' : '4'],
        ['ChannelStateDesc', c.state],
        ['CallerIDNum', c.callerIdNum || '<unknown>'],
        ['CallerIDName', c.callerIdName || '<unknown>'],
        ['ConnectedLineNum', c.connectedLineNum || '<unknown>'],
        ['ConnectedLineName', c.connectedLineName || '<unknown>'],
        ['Language', 'en'],
        ['AccountCode', c.accountCode],
        ['Context', c.context],
        ['Exten', c.exten],
        ['Priority', c.priority],
        ['Uniqueid', c.uniqueid],
        ['Linkedid', c.linkedid],
        ...extra,
      ],
    };
  }

  let changed = new Map<string, AmiChannel>();
  let removed: string[] = [];
  let changedBridges = new Map<string, AmiBridge>();
  let removedBridges: string[] = [];
  let tail: AmiEventRow[] = [];

  function touch(c: AmiChannel, event: string, extra: [string, string][] = []): void {
    channels.set(c.uniqueid, c);
    changed.set(c.uniqueid, c);
    tail.push(channelEvent(event, c, extra));
  }

  /** One channel-level change of a random live call; returns the channel objects it sent. */
  function mutateOne(): number {
    const g = groups[Math.floor(rnd() * groups.length)];
    if (!g) return 0;
    const old = channels.get(pick(g.uniqueids));
    if (!old) return 0;
    if (g.kind === 'ringing' && old.state !== 'Up') {
      // Answered: both legs go Up and enter one bridge.
      const legs = g.uniqueids.map((id) => channels.get(id)).filter((c): c is AmiChannel => c !== undefined);
      const at = nowUs();
      const ups = legs.map((c) => ({ ...c, state: 'Up', answeredAt: at }));
      const b = bridge(ups);
      bridges.set(b.id, b);
      changedBridges.set(b.id, b);
      g.bridges.push(b.id);
      g.kind = 'direct';
      for (const c of ups) {
        touch(c, 'Newstate');
        tail.push(
          channelEvent('BridgeEnter', c, [
            ['BridgeUniqueid', b.id],
            ['BridgeType', 'basic'],
          ]),
        );
      }
      return ups.length;
    }
    const r = rnd();
    if (r < 0.35) {
      touch(
        {
          ...old,
          priority: String(Number(old.priority) + 1),
          appData: old.application === 'BackGround' ? `custom/menu-${Math.floor(rnd() * 9)}` : old.appData,
        },
        'Newexten',
        [
          ['Application', old.application],
          ['AppData', old.appData],
        ],
      );
    } else if (r < 0.6) {
      const name = pick(names);
      touch({ ...old, connectedLineName: name }, 'NewConnectedLine');
    } else if (r < 0.8) {
      // Hold / unhold style churn: the PBX re-sends the state; the object is new either way.
      touch({ ...old, appData: old.appData }, 'Newstate');
    } else {
      touch({ ...old, accountCode: old.accountCode }, 'VarSet', [
        ['Variable', 'BRIDGEPEER'],
        ['Value', pick(exts)],
      ]);
    }
    return 1;
  }

  function hangupOne(): number {
    if (groups.length === 0) return 0;
    const i = Math.floor(rnd() * groups.length);
    const g = groups[i] as Group;
    groups.splice(i, 1);
    for (const id of g.uniqueids) {
      const c = channels.get(id);
      if (!c) continue;
      channels.delete(id);
      changed.delete(id);
      removed.push(id);
      tail.push(
        channelEvent('Hangup', c, [
          ['Cause', '16'],
          ['Cause-txt', 'Normal Clearing'],
        ]),
      );
    }
    for (const id of g.bridges) {
      bridges.delete(id);
      changedBridges.delete(id);
      removedBridges.push(id);
    }
    return g.uniqueids.length;
  }

  function addOne(): number {
    const { added, addedBridges } = newGroup(rnd() < 0.6 ? 'ringing' : pick(KINDS), 0);
    for (const c of added) {
      changed.set(c.uniqueid, c);
      tail.push(channelEvent('Newchannel', c));
    }
    for (const b of addedBridges) changedBridges.set(b.id, b);
    return added.length;
  }

  function channelBatch(budget: number): number {
    let sent = 0;
    while (sent < budget) {
      const r = rnd();
      const drift = channels.size - opts.channels;
      if (r < 0.1 || (r < 0.2 && drift > 20)) sent += hangupOne();
      else if (r < 0.2 || (r < 0.3 && drift < -20)) sent += addOne();
      else sent += mutateOne();
    }
    const delta: ChannelsDelta = {
      pbx: PBX,
      reset: false,
      channels: [...changed.values()],
      removed,
      bridges: [...changedBridges.values()],
      removedBridges,
    };
    emit('channels.delta', [delta]);
    emit('ami.events.tail', { events: tail });
    const events = tail.length;
    changed = new Map();
    removed = [];
    changedBridges = new Map();
    removedBridges = [];
    tail = [];
    stats.events += events;
    return sent;
  }

  // ---------- SIP capture: the Calls list ----------

  const calls: CallSummary[] = [];
  const callStartUs = nowUs();
  const ips = ['10.0.0.10', '10.0.0.11', '10.0.0.20', '192.0.2.50', '198.51.100.7'];
  const agents = [
    'Yealink SIP-T46U 108.86.0.75',
    'Polycom VVX 450 6.4.3',
    'Asterisk PBX 22.10.1',
    'friendly-scanner',
    'Linphone 5.2.5',
  ];
  let callSeq = 0;
  function callSummary(startedAt: number, method: string): CallSummary {
    const id = `${hex(Math.floor(rnd() * 0xffffffff), 8)}${hex(callSeq++, 6)}@${pick(ips)}`;
    const base: CallSummary = {
      callId: id,
      method,
      state: method === 'INVITE' ? 'trying' : 'pending',
      startedAt,
      updatedAt: startedAt,
      from: pick(exts),
      to: method === 'INVITE' ? outsideNumber() : pick(exts),
      srcIp: pick(ips),
      srcPort: 5060,
      dstIp: '10.0.0.1',
      dstPort: 5060,
      userAgent: pick(agents),
      messageCount: 1,
      retransmissions: 0,
      capture: 0,
    };
    base.fromUri = `sip:${base.from}@pbx.example.com`;
    base.toUri = `sip:${base.to}@pbx.example.com`;
    return base;
  }
  function finish(c: CallSummary, at: number): CallSummary {
    if (c.method !== 'INVITE') {
      const ok = rnd() < 0.9;
      return {
        ...c,
        state: ok ? 'completed' : 'failed',
        finalCode: ok ? 200 : 401,
        finalReason: ok ? 'OK' : 'Unauthorized',
        endedAt: at,
        updatedAt: at,
        messageCount: 2,
        srdMs: 12,
        rrdMs: c.method === 'REGISTER' ? 40 : undefined,
      };
    }
    const r = rnd();
    if (r < 0.7) {
      const ans = at - 60_000_000;
      return {
        ...c,
        state: 'ended',
        ringingAt: c.startedAt + 90_000,
        answeredAt: ans,
        endedAt: at,
        updatedAt: at,
        finalCode: 200,
        finalReason: 'OK',
        endedBy: rnd() < 0.5 ? 'caller' : 'callee',
        messageCount: 14,
        srdMs: 90,
        pddMs: 90,
        durationMs: 60_000,
      };
    }
    if (r < 0.85)
      return {
        ...c,
        state: 'cancelled',
        ringingAt: c.startedAt + 90_000,
        endedAt: at,
        updatedAt: at,
        finalCode: 487,
        finalReason: 'Request Terminated',
        messageCount: 8,
        srdMs: 90,
        pddMs: 90,
      };
    return {
      ...c,
      state: 'failed',
      endedAt: at,
      updatedAt: at,
      finalCode: 486,
      finalReason: 'Busy Here',
      messageCount: 6,
      srdMs: 70,
    };
  }
  // History: `opts.calls` calls over the last ~3 hours, newest first, ended except the newest few.
  for (let i = 0; i < opts.calls; i++) {
    const startedAt = callStartUs - i * 1_100_000 - Math.floor(rnd() * 1_000_000);
    const method = rnd() < 0.7 ? 'INVITE' : rnd() < 0.5 ? 'REGISTER' : 'OPTIONS';
    const c = callSummary(startedAt, method);
    calls.push(i < 40 ? c : finish(c, startedAt + 70_000_000));
  }
  const FIRST_PAGE_SIZE_MAX = 1000;
  const inFlight: CallSummary[] = calls.filter(
    (c) => c.state === 'trying' || c.state === 'ringing' || c.state === 'answered' || c.state === 'pending',
  );
  let callBatchOut: CallSummary[] = [];
  /** Calls the core has captured: the history plus the ones the load started. */
  let totalCalls = opts.calls;

  function callBatch(budget: number): number {
    const at = nowUs();
    for (let i = 0; i < budget; i++) {
      const r = rnd();
      if (r < 0.35 || inFlight.length === 0) {
        const c = callSummary(at, rnd() < 0.75 ? 'INVITE' : rnd() < 0.6 ? 'REGISTER' : 'OPTIONS');
        totalCalls++;
        inFlight.push(c);
        callBatchOut.push(c);
      } else {
        const j = Math.floor(rnd() * inFlight.length);
        const c = inFlight[j] as CallSummary;
        let next: CallSummary;
        if (c.state === 'trying')
          next = {
            ...c,
            state: 'ringing',
            ringingAt: at,
            updatedAt: at,
            messageCount: c.messageCount + 2,
            pddMs: Math.round((at - c.startedAt) / 1000),
          };
        else if (c.state === 'ringing')
          next = {
            ...c,
            state: 'answered',
            answeredAt: at,
            updatedAt: at,
            messageCount: c.messageCount + 2,
            finalCode: 200,
            finalReason: 'OK',
          };
        else next = finish(c, at);
        if (next.endedAt !== undefined) inFlight.splice(j, 1);
        else inFlight[j] = next;
        callBatchOut.push(next);
      }
    }
    // The core sends each call once per batch, with its newest summary.
    const byId = new Map<string, CallSummary>();
    for (const c of callBatchOut) byId.set(c.callId, c);
    emit('calls.delta', { calls: [...byId.values()] });
    callBatchOut = [];
    return budget;
  }

  function callsSearch(params: { limit?: number; cursor?: string | null }): {
    items: CallSummary[];
    nextCursor: string | null;
  } {
    const limit = Math.min(params.limit ?? 200, FIRST_PAGE_SIZE_MAX);
    const from = params.cursor ? Number(params.cursor) : 0;
    const items = calls.slice(from, from + limit);
    firstPageSize = Math.max(firstPageSize, from + items.length);
    return { items, nextCursor: from + limit < calls.length ? String(from + limit) : null };
  }
  let firstPageSize = 0;

  // ---------- the rest of what the shell asks at start ----------

  const listener = (name: ListenerStatus['name'], port: number): ListenerStatus => ({
    name,
    proto: 'udp',
    host: '0.0.0.0',
    port,
    state: 'listening',
    received: 1_200_000,
    decoded: 1_199_000,
    malformed: 0,
    dropped: 0,
    stored: 1_199_000,
  });
  const listenersNow = (): ListenerStatus[] => [
    listener('hep', 9060),
    listener('statsd', 8125),
    listener('syslog', 5514),
  ];
  const sourceConfigs = [
    { name: 'hep', enabled: true, host: '0.0.0.0', port: 9060, udp: true, tcp: false },
    { name: 'sip', enabled: false, host: '0.0.0.0', port: 5065, udp: true, tcp: false },
    { name: 'statsd', enabled: true, host: '0.0.0.0', port: 8125, udp: true, tcp: false },
    { name: 'syslog', enabled: true, host: '0.0.0.0', port: 5514, udp: true, tcp: false },
  ];
  const handlers: Record<string, (params: Record<string, unknown>) => unknown> = {
    status: () => ({
      version: '0.1.0',
      uptimeSec: 3600,
      dataDir: '/var/lib/pbxscope',
      dbBytes: 1_400_000_000,
      listeners: listenersNow(),
      hostAddresses: ['192.0.2.5'],
    }),
    'settings.get': () => ({
      theme: 'dark',
      retention: { maxAgeDays: 30, maxBytes: 2 * 1024 ** 3 },
      correlationHeaders: ['X-CID'],
      hepAuthKey: null,
      sources: sourceConfigs,
    }),
    'sources.list': () =>
      sourceConfigs.map((config) => ({ config, listeners: listenersNow().filter((l) => l.name === config.name) })),
    'ami.connections.list': () => [connection],
    'channels.list': () => ({ channels: [...channels.values()], bridges: [...bridges.values()] }),
    'endpoints.list': () =>
      exts.slice(0, 200).map((e) => ({
        pbx: PBX,
        name: e,
        state: 'Not in use',
        contacts: [{ uri: `sip:${e}@10.0.1.${Number(e) % 250}:5060`, status: 'Reachable', rttMs: 8 }],
      })),
    'queues.list': () => [],
    'ami.events.search': () => ({ items: [], nextCursor: null }),
    'calls.search': (p) => callsSearch(p as { limit?: number; cursor?: string | null }),
    'captures.list': () => [],
  };

  w.pbxscope = {
    platform: 'electron',
    invoke(name: string, params: Record<string, unknown>): Promise<unknown> {
      return new Promise((resolve) => {
        setTimeout(() => {
          const h = handlers[name];
          resolve(
            h
              ? { ok: true, result: structuredClone(h(params ?? {})) }
              : { ok: false, code: 'not_found', message: `bench core does not answer ${name}` },
          );
        }, 0);
      });
    },
    subscribe(name: string, cb: Cb): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(cb);
      return () => set.delete(cb);
    },
  };

  // ---------- load and measurement ----------

  const BATCH_MS = 100;
  const stats: LoadStats = { batches: 0, updates: 0, events: 0, size: 0, lateBatches: 0, elapsedMs: 0 };
  let loadStarted = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  let healthTimer: ReturnType<typeof setInterval> | null = null;
  function start(updatesPerSec: number, batch: (budget: number) => number): void {
    stopTimers();
    Object.assign(stats, { batches: 0, updates: 0, events: 0, size: 0, lateBatches: 0, elapsedMs: 0 });
    loadStarted = performance.now();
    const perBatch = Math.max(1, Math.round((updatesPerSec * BATCH_MS) / 1000));
    let last = performance.now();
    timer = setInterval(() => {
      const t = performance.now();
      if (t - last > 250) stats.lateBatches++;
      last = t;
      stats.updates += batch(perBatch);
      stats.batches++;
    }, BATCH_MS);
    // The status bar's once-a-second health push, as in the app.
    healthTimer = setInterval(() => {
      emit('ingest.health', {
        at: nowUs(),
        dbBytes: 1_400_000_000,
        listeners: listenersNow().map((l) => ({ ...l, receivedPerSec: 350, malformedPerSec: 0, droppedPerSec: 0 })),
      });
    }, 1000);
  }
  function stopTimers(): void {
    if (timer !== null) clearInterval(timer);
    if (healthTimer !== null) clearInterval(healthTimer);
    timer = null;
    healthTimer = null;
  }
  let mode: 'channels' | 'calls' = 'channels';

  const api: BenchApi = {
    ready: () => w.document.querySelector('[data-testid="channel-board"], [data-testid="view-calls"]') !== null,
    startChannelLoad(updatesPerSec) {
      mode = 'channels';
      start(updatesPerSec, channelBatch);
    },
    startCallLoad(updatesPerSec) {
      mode = 'calls';
      start(updatesPerSec, callBatch);
    },
    async preloadCalls() {
      // What the first page(s) did not bring, oldest last, in core-sized batches.
      const rest = calls.slice(firstPageSize);
      for (let i = 0; i < rest.length; i += 500) {
        emit('calls.delta', { calls: rest.slice(i, i + 500) });
        await new Promise((r) => setTimeout(r, 20));
      }
      return rest.length;
    },
    stopLoad() {
      stopTimers();
      stats.size = mode === 'channels' ? channels.size : totalCalls;
      stats.elapsedMs = performance.now() - loadStarted;
      return { ...stats };
    },
    measure(ms) {
      return new Promise((resolve) => {
        const intervals: number[] = [];
        const longTasks: number[] = [];
        const observer = new w.PerformanceObserver((list) => {
          for (const e of list.getEntries()) longTasks.push(e.duration);
        });
        observer.observe({ type: 'longtask', buffered: false });
        const t0 = performance.now();
        let prev = -1;
        const frame = (t: number): void => {
          if (prev >= 0) intervals.push(t - prev);
          prev = t;
          if (t - t0 < ms) w.requestAnimationFrame(frame);
          else {
            // Long tasks are reported after they end: give the last one a moment.
            setTimeout(() => {
              for (const e of observer.takeRecords()) longTasks.push(e.duration);
              observer.disconnect();
              resolve({ durationMs: performance.now() - t0, intervals, longTasks });
            }, 50);
          }
        };
        w.requestAnimationFrame(frame);
      });
    },
  };
  w.__bench = api;
}
