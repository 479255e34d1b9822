// The engine: listeners, store, settings and the request handlers, behind one object that any
// host (web server, Electron utility process, tests) drives. Never imports electron.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EventName, Events, RpcResult, SourceView } from '../../shared/contract.ts';
import { fail } from '../../shared/contract.ts';
import type { ListenerStatus, Settings, SourceName } from '../../shared/domain.ts';
import { createDispatcher, type Handlers } from './api/dispatch.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { createAmiService } from './ami/service.ts';
import type { SecretKeyProvider } from './ami/connections/secret-box.ts';
import { createExportService } from './export/service.ts';
import { EXPORTS_DIR_NAME } from './export/export-file.ts';
import { exportProgressReporter } from './export/export-progress.ts';
import { createImportService } from './import/import-service.ts';
import { EventBus } from './api/event-bus.ts';
import { hostAddresses } from './host-addresses.ts';
import { computeHealth, HEALTH_INTERVAL_MS, snapshotByKey } from './ingest/health.ts';
import { ListenerManager } from './ingest/listeners.ts';
import type { PacketSink } from './ingest/sink.ts';
import {
  applyPatch,
  applySourcePatch,
  DEFAULT_LISTEN_HOST,
  defaultSettings,
  mergeStored,
  SETTINGS_KEYS,
  withPortOverrides,
} from './settings/settings.ts';
import { SipCapture } from './sip/capture.ts';
import { ReaderPool, readAnswer } from './reads/reader-pool.ts';
import { enforceRetention, retentionPolicyFromSettings } from './store/retention.ts';
import { loadSettings } from './store/settings-repo.ts';
import { openStore, type Store } from './store/index.ts';
import { APP_VERSION } from './version.ts';

/** How often retention runs: each pass is bounded, so a minute keeps the file near its cap without busy work. */
export const RETENTION_INTERVAL_MS = 60_000;
/** The first pass waits until start-up traffic has settled. */
export const RETENTION_FIRST_PASS_MS = 10_000;

/** Counter history is kept at this resolution; finer is what the live status bar is for. */
export const HEALTH_SAMPLE_EVERY_MS = 10_000;

export interface CoreOptions {
  dataDir: string;
  version?: string;
  /** Per-run overrides from the command line; 0 asks the OS for a free port. */
  ports?: Partial<Record<SourceName, number>>;
  listenHost?: string;
  log?: (line: string) => void;
  /** Seals stored AMI secrets; default a 0600 key file in the data dir (web mode). */
  amiKeyProvider?: SecretKeyProvider;
  /** Sinks by source; sources without one still bind and count packets. */
  sinks?: Partial<Record<SourceName, PacketSink>>;
}

export interface Notification {
  title: string;
  body: string;
  severity: 'info' | 'warning' | 'critical';
}

export interface Core {
  readonly version: string;
  readonly dataDir: string;
  readonly store: Store;
  handle(name: string, params: unknown): Promise<RpcResult<unknown>>;
  subscribe<K extends EventName>(name: K, cb: (payload: Events[K]) => void): () => void;
  onNotify(cb: (n: Notification) => void): () => void;
  listeners(): ListenerStatus[];
  /** Folder of exported trace files (web mode serves them for download from here only). */
  readonly exportsDir: string;
  /** Web uploads: starts a streaming import of a capture or bundle file. */
  importStream(
    source: AsyncIterable<Buffer>,
    meta: { fileName: string; totalBytes: number; name?: string; passphrase?: string },
  ): Promise<RpcResult<{ importId: string }>>;
  stop(): Promise<void>;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? (() => {});
  const version = opts.version ?? APP_VERSION;
  const startedAt = Date.now();
  // The data dir holds secrets and traces: created private, before the lock file goes in.
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireDataDirLock(opts.dataDir);
  if (!lock.ok) throw new Error(lock.message);
  let store: Store;
  try {
    store = await openStore({ dataDir: opts.dataDir });
  } catch (err) {
    lock.release();
    throw err;
  }
  const bus = new EventBus();
  const notifyListeners = new Set<(n: Notification) => void>();

  const { settings: persistedAtStart, problems } = mergeStored(
    defaultSettings(DEFAULT_LISTEN_HOST),
    loadSettings(store.reader, (problem) => log(`settings: ${problem}`)),
  );
  for (const p of problems) log(`settings: ${p}`);
  let persisted: Settings = persistedAtStart;
  let effective: Settings = withPortOverrides(persisted, opts.ports ?? {}, opts.listenHost);

  const sip = new SipCapture({
    writer: store.writer,
    correlationHeaders: () => effective.correlationHeaders,
    authKey: () => effective.hepAuthKey,
    onCalls: (calls) => bus.publish('calls.delta', { calls }),
  });
  sip.start();
  // Searches, call detail and KPIs run in the reader thread: a long scan must not hold live traffic.
  const reads = new ReaderPool(store.dbPath);
  const readerReady = await reads.start();
  if (!readerReady.ok) log(readerReady.message);
  /**
   * Reads see every message and call the live view has already shown: call rows are written
   * every 250 ms, so a read first hands pending rows to the writer and waits for the commit.
   */
  const syncCalls = async (): Promise<void> => {
    sip.flushCalls();
    await store.writer.flush();
  };
  const sipSource = (): { host: string; port: number } => {
    const l = listenerManager.statusOf('sip')[0];
    return { host: l?.host ?? '0.0.0.0', port: l?.port ?? 0 };
  };
  const listenerManager = new ListenerManager({ hep: sip.hepSink, sip: sip.plainSipSink(sipSource), ...opts.sinks });
  await listenerManager.apply(effective.sources);
  for (const l of listenerManager.status()) {
    if (l.state === 'error') log(`listener ${l.name}/${l.proto}: ${l.error}`);
  }

  store.writer.onError((message) => log(`store: ${message}`));

  async function persist(key: keyof typeof SETTINGS_KEYS, value: unknown): Promise<RpcResult<true>> {
    const r = await store.writer.run('settings.put', { key: SETTINGS_KEYS[key], value: JSON.stringify(value) });
    return r.ok ? { ok: true, result: true } : fail('unavailable', `settings could not be saved: ${r.message}`);
  }

  function sourceViews(): SourceView[] {
    return effective.sources.map((config) => ({ config, listeners: listenerManager.statusOf(config.name) }));
  }

  const handlers: Handlers = {
    status: () => ({
      version,
      uptimeSec: Math.floor((Date.now() - startedAt) / 1000),
      dataDir: opts.dataDir,
      dbBytes: store.dbBytes(),
      listeners: listenerManager.status(),
      hostAddresses: hostAddresses(),
    }),
    'settings.get': () => effective,
    'settings.save': async (patch) => {
      const next = applyPatch(persisted, patch);
      for (const key of ['theme', 'retention', 'correlationHeaders', 'hepAuthKey'] as const) {
        if (patch[key] === undefined) continue;
        const saved = await persist(key, next[key]);
        if (!saved.ok) return saved;
      }
      persisted = next;
      effective = applyPatch(effective, patch);
      // A lower limit takes effect now, not at the next scheduled pass.
      if (patch.retention) void runRetention();
      return effective;
    },
    'sources.list': () => sourceViews(),
    'calls.search': async (q) => {
      await syncCalls();
      return readAnswer(await reads.run('calls.search', q));
    },
    'calls.get': async (q) => {
      await syncCalls();
      const r = await reads.run('calls.get', q);
      if (!r.ok) return r;
      return r.result ?? fail('not_found', `no call with Call-ID ${q.callId}`);
    },
    'messages.search': async (q) => {
      await syncCalls();
      return readAnswer(await reads.run('messages.search', q));
    },
    'sip.stats': async (q) => {
      await syncCalls();
      return reads.run('sip.stats', { q, nowUs: Date.now() * 1000 });
    },
    'sources.save': async (patch) => {
      const nextPersisted = applySourcePatch(persisted, patch);
      const saved = await persist('sources', nextPersisted.sources);
      if (!saved.ok) return saved;
      persisted = nextPersisted;
      effective = applySourcePatch(effective, patch);
      await listenerManager.apply(effective.sources);
      return sourceViews();
    },
  };

  const exporter = createExportService({ reader: store.reader, dataDir: opts.dataDir, appVersion: version });
  const importer = createImportService({
    store,
    dataDir: opts.dataDir,
    onProgress: (p) => bus.publish('import.progress', p),
    correlationHeaders: () => effective.correlationHeaders,
    log,
  });
  Object.assign(handlers, {
    'export.snapshot': async (p) => {
      await syncCalls();
      const onProgress = exportProgressReporter(p.exportId, (e) => bus.publish('export.progress', e));
      const r = await exporter.snapshot(p, onProgress);
      // Web mode serves the file here; the desktop app saves it through a native dialog instead.
      return r.ok ? { ...r.result, downloadUrl: `/api/exports/${encodeURIComponent(r.result.fileName)}` } : r;
    },
    'export.preview': async (p) => {
      await syncCalls();
      return exporter.preview(p);
    },
    'import.file': (p) => importer.importFile(p),
    'import.cancel': ({ importId }) => ({ cancelled: importer.cancel(importId) }),
    'captures.list': () => importer.list(),
    'captures.delete': ({ id }) => importer.delete(id),
  } satisfies Handlers);

  const ami = createAmiService({
    store,
    reads,
    dataDir: opts.dataDir,
    publish: (name, payload) => bus.publish(name, payload),
    log,
    ...(opts.amiKeyProvider ? { keyProvider: opts.amiKeyProvider } : {}),
  });
  Object.assign(handlers, ami.handlers);

  const dispatch = createDispatcher(handlers, (name, err) =>
    log(`request ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  );

  let previous = snapshotByKey(listenerManager.status());
  let lastTick = Date.now();
  let lastSample = 0;
  const healthTimer = setInterval(() => {
    const now = Date.now();
    const current = listenerManager.status();
    bus.publish('ingest.health', computeHealth(previous, current, now - lastTick, now * 1000, store.dbBytes()));
    if (now - lastSample >= HEALTH_SAMPLE_EVERY_MS) {
      lastSample = now;
      for (const l of current) {
        if (l.state !== 'listening') continue;
        store.writer.append('health.sample', {
          at: now * 1000,
          source: l.name,
          proto: l.proto,
          received: l.received,
          decoded: l.decoded,
          malformed: l.malformed,
          dropped: l.dropped,
          stored: l.stored,
        });
      }
    }
    previous = snapshotByKey(current);
    lastTick = now;
  }, HEALTH_INTERVAL_MS);
  healthTimer.unref();

  let retentionRunning = false;
  const runRetention = async (): Promise<void> => {
    if (retentionRunning) return;
    retentionRunning = true;
    try {
      const report = await enforceRetention(store, retentionPolicyFromSettings(effective.retention));
      if (report.stopped === 'error') log(`retention: ${report.error}`);
      else if (report.deletedByAge + report.deletedBySize > 0) {
        log(`retention: deleted ${report.deletedByAge} rows by age and ${report.deletedBySize} by size`);
      }
    } finally {
      retentionRunning = false;
    }
  };
  const retentionFirst = setTimeout(() => void runRetention(), RETENTION_FIRST_PASS_MS);
  const retentionTimer = setInterval(() => void runRetention(), RETENTION_INTERVAL_MS);
  retentionFirst.unref();
  retentionTimer.unref();

  let stopped = false;
  return {
    version,
    dataDir: opts.dataDir,
    store,
    handle: dispatch,
    subscribe: (name, cb) => bus.subscribe(name, cb),
    onNotify(cb) {
      notifyListeners.add(cb);
      return () => notifyListeners.delete(cb);
    },
    listeners: () => listenerManager.status(),
    exportsDir: path.join(opts.dataDir, EXPORTS_DIR_NAME),
    importStream: (source, meta) => importer.importStream(source, meta),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(healthTimer);
      clearTimeout(retentionFirst);
      clearInterval(retentionTimer);
      await listenerManager.stop();
      await ami.stop();
      await importer.stop();
      sip.stop();
      await reads.close();
      await store.close();
      lock.release();
    },
  };
}
