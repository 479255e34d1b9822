// Asterisk AMI inside the core: connections feed the live model and the store; the model's
// changes go out as batched streams (channels.delta, queues.snapshot, ami.events.tail) and the
// requests read the model (live state) or the store (history, KPIs over a range).
import type { EventName, Events } from '../../../shared/contract.ts';
import { fail } from '../../../shared/contract.ts';
import type { AmiEventRow } from '../../../shared/domain.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { Store } from '../store/index.ts';
import { createAmiConnections, type AmiConnections } from './connections/connections.ts';
import type { SecretKeyProvider } from './connections/secret-box.ts';
import type { AmiMessage } from './message.ts';
import { localDayStartUs } from './model/day-start.ts';
import { AmiLiveModel } from './model/live-model.ts';
import { AmiQueries } from './store/queries.ts';
import { readAnswer, type ReaderPool } from '../reads/reader-pool.ts';
import {
  amiEventWrite,
  channelHistoryWrite,
  queueFactWrite,
  securityEventWrite,
  shouldStoreAmiEvent,
} from './store/rows.ts';

/** Channel deltas and the event console go out at this pace (ARCHITECTURE 4: one message per stream per 50-100 ms). */
export const AMI_STREAM_INTERVAL_MS = 100;
/** Queue snapshots are whole boards: once a second is live enough for a wallboard. */
export const QUEUE_SNAPSHOT_INTERVAL_MS = 1000;
/** Events kept for one console batch; past this the console shows the newest (the store keeps all). */
const MAX_TAIL_EVENTS_PER_BATCH = 2000;

export interface AmiServiceDeps {
  store: Store;
  /** Event search and KPIs over a range, in the reader thread. */
  reads: ReaderPool;
  dataDir: string;
  publish: <K extends EventName>(name: K, payload: Events[K]) => void;
  log: (line: string) => void;
  keyProvider?: SecretKeyProvider;
  now?: () => number;
}

export interface AmiService {
  handlers: Handlers;
  stop(): Promise<void>;
}

export function createAmiService(deps: AmiServiceDeps): AmiService {
  const now = deps.now ?? (() => Date.now() * 1000);
  const model = new AmiLiveModel();
  const queries = new AmiQueries(deps.store.reader);
  let tail: AmiEventRow[] = [];
  let tailId = 0;

  try {
    model.loadQueueHistory(queries.queueFactsSince(localDayStartUs(now())), now());
  } catch (err) {
    deps.log(`ami: could not reload today's queue history: ${String(err)}`);
  }

  const connections: AmiConnections = createAmiConnections({
    dataDir: deps.dataDir,
    ...(deps.keyProvider ? { keyProvider: deps.keyProvider } : {}),
    log: deps.log,
    onStatus: (list) => deps.publish('ami.status', list),
    onResync: (pbx, lists) => model.resync(pbx, lists, now()),
    onEvent: (pbx, msg) => onEvent(pbx, msg),
  });

  function onEvent(pbx: string, msg: AmiMessage): void {
    const ts = now();
    model.apply(pbx, msg, ts);
    if (shouldStoreAmiEvent(msg)) {
      deps.store.writer.append('ami.event', amiEventWrite(pbx, msg, ts));
      if (tail.length < MAX_TAIL_EVENTS_PER_BATCH)
        tail.push({ id: ++tailId, pbx, ts, name: msg.name, fields: msg.fields });
    }
    const security = securityEventWrite(pbx, msg, ts);
    if (security) deps.store.writer.append('ami.security', security);
  }

  const streamTimer = setInterval(() => {
    const deltas = model.takeChannelDeltas();
    if (deltas.length > 0) deps.publish('channels.delta', deltas);
    for (const ended of model.takeEndedChannels()) deps.store.writer.append('ami.channel', channelHistoryWrite(ended));
    for (const fact of model.takeQueueFacts()) deps.store.writer.append('ami.queue', queueFactWrite(fact));
    if (tail.length > 0) {
      deps.publish('ami.events.tail', { events: tail });
      tail = [];
    }
  }, AMI_STREAM_INTERVAL_MS);
  const queueTimer = setInterval(() => {
    const t = now();
    model.tick(t);
    if (model.takeQueuesChanged()) deps.publish('queues.snapshot', model.queues(undefined, t));
  }, QUEUE_SNAPSHOT_INTERVAL_MS);
  streamTimer.unref();
  queueTimer.unref();

  const handlers: Handlers = {
    'ami.connections.save': async (p) => {
      const r = await connections.save(p);
      return r.ok ? { id: r.id } : fail(r.code === 'not_found' ? 'not_found' : 'bad_request', r.message);
    },
    'ami.connections.list': () => connections.list(),
    'ami.connections.delete': async ({ id }) => {
      const r = await connections.delete(id);
      if (r.deleted) model.removePbx(id);
      return r;
    },
    'ami.connections.test': (p) => connections.test(p),
    'ami.action': async (p) => {
      const r = await connections.action(p.pbx, p);
      if (r.ok) return { response: r.response, message: r.message };
      const code = r.code === 'not_found' ? 'not_found' : r.code === 'actions_disabled' ? 'conflict' : 'unavailable';
      return fail(code, r.message);
    },
    'channels.list': ({ pbx }) => ({ channels: model.channels(pbx), bridges: model.bridges(pbx) }),
    'queues.list': ({ pbx }) => model.queues(pbx, now()),
    'queues.stats': async (q) =>
      readAnswer(await deps.reads.run('queues.stats', { q, nowUs: now(), live: model.queues(q.pbx, now()) })),
    'agents.list': async (q) =>
      readAnswer(await deps.reads.run('agents.list', { q, nowUs: now(), live: model.queues(q.pbx, now()) })),
    'endpoints.list': ({ pbx }) => model.endpoints(pbx),
    'ami.events.search': async (q) => {
      await deps.store.writer.flush();
      return readAnswer(await deps.reads.run('ami.events.search', q));
    },
  };

  return {
    handlers,
    async stop() {
      clearInterval(streamTimer);
      clearInterval(queueTimer);
      await connections.stop();
    },
  };
}
