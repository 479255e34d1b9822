// The one place a request or an event is named. IPC (Electron), WebSocket and HTTP all carry
// exactly these maps; every boundary validates params with `requestSchemas` and answers an
// `RpcResult` instead of throwing across it.
//
// `shared/` may import only `zod` (pure, platform-free) and its own files: no Node, no DOM.
import { z } from 'zod';
import {
  SOURCE_NAMES,
  type IngestHealth,
  type ListenerStatus,
  type Settings,
  type StatusResult,
  type AlertsChanged,
  type CallDetail,
  type CallSummary,
  type SipMessageRow,
  type SipStats,
  type CaptureInfo,
  type ExportResult,
  type ExportProgress,
  type ImportProgress,
  type RedactionPreviewItem,
  type AgentStats,
  type AmiChannel,
  type AmiBridge,
  type AmiConnectionInfo,
  type AmiEndpoint,
  type AmiEventRow,
  type ChannelsDelta,
  type QueueKpis,
  type QueueLive,
} from './domain.ts';

export * from './domain.ts';

// ---------- schemas (params of every request) ----------

const Empty = z.object({}).strict();

export const ThemeSchema = z.enum(['system', 'dark', 'light']);

export const SourceConfigSchema = z
  .object({
    name: z.enum(SOURCE_NAMES),
    enabled: z.boolean(),
    host: z.string().min(1).max(255),
    port: z.number().int().min(0).max(65535),
    udp: z.boolean(),
    tcp: z.boolean(),
  })
  .strict();

export const RetentionSchema = z
  .object({
    maxAgeDays: z.number().int().min(1).max(3650),
    maxBytes: z
      .number()
      .int()
      .min(16 * 1024 * 1024),
  })
  .strict();

export const SettingsPatchSchema = z
  .object({
    theme: ThemeSchema.optional(),
    retention: RetentionSchema.partial().optional(),
    /** Header names whose value links the legs of one call (X-CID, X-Call-ID, ...). */
    correlationHeaders: z.array(z.string().min(1).max(64)).max(16).optional(),
    hepAuthKey: z.string().min(1).max(128).nullable().optional(),
  })
  .strict();

export const SourceSaveSchema = SourceConfigSchema.partial().required({ name: true }).strict();

/** Page sizes: big enough for a screenful of a virtualized table, small enough to answer in a few ms. */
export const MAX_PAGE_SIZE = 1000;

const TimeRange = {
  /** µs UTC, inclusive. */
  from: z.number().int().nonnegative().optional(),
  /** µs UTC, exclusive. */
  to: z.number().int().nonnegative().optional(),
  /** 0 = live capture (default); another id = an imported capture. */
  capture: z.number().int().nonnegative().optional(),
};

export const CallsSearchSchema = z
  .object({
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    cursor: z.string().max(200).nullable().optional(),
    /** Quick filter: Call-ID, user or number, IP, user agent (substring). */
    q: z.string().max(200).optional(),
    callId: z.string().max(500).optional(),
    /** From or To user/number, substring. */
    user: z.string().max(200).optional(),
    /** Source or destination IP, exact. */
    ip: z.string().max(64).optional(),
    method: z.string().max(32).optional(),
    state: z.string().max(32).optional(),
    finalCode: z.number().int().min(100).max(699).optional(),
    userAgent: z.string().max(200).optional(),
    ...TimeRange,
  })
  .strict();

export const CallsGetSchema = z
  .object({ callId: z.string().min(1).max(500), capture: z.number().int().nonnegative().optional() })
  .strict();

export const MessagesSearchSchema = z
  .object({
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    cursor: z.string().max(200).nullable().optional(),
    callId: z.string().max(500).optional(),
    ip: z.string().max(64).optional(),
    method: z.string().max(32).optional(),
    status: z.number().int().min(100).max(699).optional(),
    /** Substring of the raw message (slow on large ranges: combine with a time range). */
    text: z.string().min(2).max(200).optional(),
    ...TimeRange,
  })
  .strict();

export const SipStatsSchema = z.object({ ...TimeRange }).strict();

export const RedactSchema = z
  .object({
    numbers: z.boolean().optional(),
    ips: z.boolean().optional(),
    auth: z.boolean().optional(),
    sdp: z.boolean().optional(),
  })
  .strict();

/** Calls named one by one, or everything a search matches (filters + time range). */
const ExportSelection = {
  callIds: z.array(z.string().min(1).max(500)).min(1).max(10_000).optional(),
  query: CallsSearchSchema.omit({ limit: true, cursor: true }).optional(),
  capture: z.number().int().nonnegative().optional(),
};

export const ExportSnapshotSchema = z
  .object({
    ...ExportSelection,
    format: z.enum(['pcap', 'text', 'html', 'bundle']),
    redact: RedactSchema.optional(),
    /** Bundles only: encrypt with AES-256-GCM under a key derived by scrypt. */
    passphrase: z.string().min(8).max(1024).optional(),
    /** A name the caller picks; `export.progress` events of this export carry it. */
    exportId: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((p) => p.callIds !== undefined || p.query !== undefined, { message: 'name callIds or a query' })
  .refine((p) => p.passphrase === undefined || p.format === 'bundle', { message: 'only bundles can be encrypted' });

export const ExportPreviewSchema = z
  .object({ ...ExportSelection, redact: RedactSchema })
  .strict()
  .refine((p) => p.callIds !== undefined || p.query !== undefined, { message: 'name callIds or a query' });

export const ImportFileSchema = z
  .object({
    /** A file on the machine running the core (desktop: from the open dialog; scripts). Web uploads use POST /api/import. */
    path: z.string().min(1).max(4096),
    /** Capture name shown in the UI; defaults to the file name. */
    name: z.string().min(1).max(200).optional(),
    /** Bundles encrypted with a passphrase. */
    passphrase: z.string().min(1).max(1024).optional(),
  })
  .strict();

const Pbx = { pbx: z.string().min(1).max(64).optional() };

export const AmiConnectionSaveSchema = z
  .object({
    /** Omit to create; pass to edit. */
    id: z.string().min(1).max(64).optional(),
    name: z.string().min(1).max(80),
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535),
    username: z.string().min(1).max(128),
    /** Required when creating; omit when editing to keep the stored one. */
    secret: z.string().min(1).max(1024).optional(),
    tls: z.boolean().optional(),
    tlsVerify: z.boolean().optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
    actionsEnabled: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const AmiConnectionTestSchema = z
  .object({
    id: z.string().min(1).max(64).optional(),
    host: z.string().min(1).max(255).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    username: z.string().min(1).max(128).optional(),
    secret: z.string().min(1).max(1024).optional(),
    tls: z.boolean().optional(),
    tlsVerify: z.boolean().optional(),
  })
  .strict();

export const QueueStatsSchema = z
  .object({
    ...Pbx,
    queue: z.string().max(128).optional(),
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    serviceLevelSec: z.number().int().min(1).max(3600).optional(),
  })
  .strict();

export const AmiEventsSearchSchema = z
  .object({
    ...Pbx,
    name: z.string().max(64).optional(),
    text: z.string().min(2).max(200).optional(),
    uniqueid: z.string().max(64).optional(),
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    cursor: z.string().max(200).nullable().optional(),
  })
  .strict();

export const AmiActionSchema = z.discriminatedUnion('action', [
  z
    .object({ action: z.literal('hangup'), pbx: z.string().min(1).max(64), channel: z.string().min(1).max(256) })
    .strict(),
  z
    .object({
      action: z.literal('queuePause'),
      pbx: z.string().min(1).max(64),
      queue: z.string().max(128).optional(),
      interface: z.string().min(1).max(256),
      reason: z.string().max(128).optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('queueUnpause'),
      pbx: z.string().min(1).max(64),
      queue: z.string().max(128).optional(),
      interface: z.string().min(1).max(256),
    })
    .strict(),
]);

export const requestSchemas = {
  status: Empty,
  'settings.get': Empty,
  'settings.save': SettingsPatchSchema,
  'sources.list': Empty,
  'sources.save': SourceSaveSchema,
  'calls.search': CallsSearchSchema,
  'calls.get': CallsGetSchema,
  'messages.search': MessagesSearchSchema,
  'sip.stats': SipStatsSchema,
  'export.snapshot': ExportSnapshotSchema,
  'export.preview': ExportPreviewSchema,
  'import.file': ImportFileSchema,
  'import.cancel': z.object({ importId: z.string().min(1).max(100) }).strict(),
  'captures.list': Empty,
  'captures.delete': z.object({ id: z.number().int().positive() }).strict(),
  'ami.connections.save': AmiConnectionSaveSchema,
  'ami.connections.list': Empty,
  'ami.connections.delete': z.object({ id: z.string().min(1).max(64) }).strict(),
  'ami.connections.test': AmiConnectionTestSchema,
  'channels.list': z.object({ ...Pbx }).strict(),
  'queues.list': z.object({ ...Pbx }).strict(),
  'queues.stats': QueueStatsSchema,
  'agents.list': QueueStatsSchema,
  'endpoints.list': z.object({ ...Pbx }).strict(),
  'ami.events.search': AmiEventsSearchSchema,
  'ami.action': AmiActionSchema,
} as const;

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

// ---------- the maps ----------

export interface Requests {
  status: (params: Record<string, never>) => StatusResult;
  'settings.get': (params: Record<string, never>) => Settings;
  'settings.save': (params: z.infer<typeof SettingsPatchSchema>) => Settings;
  /** Each source's saved config with the live state of its sockets. */
  'sources.list': (params: Record<string, never>) => SourceView[];
  /** Persists the change and applies it live; a port in use comes back in `listeners[].error`. */
  'sources.save': (params: z.infer<typeof SourceSaveSchema>) => SourceView[];
  /** Calls and transactions, newest first, keyset-paged. */
  'calls.search': (params: z.infer<typeof CallsSearchSchema>) => Page<CallSummary>;
  /** A call with its linked legs, every message (raw included) and its ladder. */
  'calls.get': (params: z.infer<typeof CallsGetSchema>) => CallDetail;
  'messages.search': (params: z.infer<typeof MessagesSearchSchema>) => Page<SipMessageRow>;
  'sip.stats': (params: z.infer<typeof SipStatsSchema>) => SipStats;
  /** Writes a trace file into the data dir's exports folder. */
  'export.snapshot': (params: z.infer<typeof ExportSnapshotSchema>) => ExportResult;
  /** What a redacted export would mask, before it is written. */
  'export.preview': (params: z.infer<typeof ExportPreviewSchema>) => {
    calls: number;
    messages: number;
    redactions: RedactionPreviewItem[];
  };
  /** Starts a streaming import; follow it with `import.progress` events. */
  'import.file': (params: z.infer<typeof ImportFileSchema>) => { importId: string };
  'import.cancel': (params: { importId: string }) => { cancelled: boolean };
  'captures.list': (params: Record<string, never>) => CaptureInfo[];
  /** Removes an imported capture and everything it holds. */
  'captures.delete': (params: { id: number }) => { deleted: boolean };
  'ami.connections.save': (params: z.infer<typeof AmiConnectionSaveSchema>) => { id: string };
  /** Each PBX connection with a readable status and last error; secrets are never returned. */
  'ami.connections.list': (params: Record<string, never>) => AmiConnectionInfo[];
  'ami.connections.delete': (params: { id: string }) => { deleted: boolean };
  /** One login attempt with these settings (or a saved connection's), then logoff. */
  'ami.connections.test': (params: z.infer<typeof AmiConnectionTestSchema>) => {
    ok: boolean;
    amiVersion?: string;
    asteriskVersion?: string;
    error?: string;
  };
  'channels.list': (params: { pbx?: string }) => { channels: AmiChannel[]; bridges: AmiBridge[] };
  'queues.list': (params: { pbx?: string }) => QueueLive[];
  'queues.stats': (params: z.infer<typeof QueueStatsSchema>) => { pbx: string; queue: string; kpi: QueueKpis }[];
  'agents.list': (params: z.infer<typeof QueueStatsSchema>) => AgentStats[];
  'endpoints.list': (params: { pbx?: string }) => AmiEndpoint[];
  'ami.events.search': (params: z.infer<typeof AmiEventsSearchSchema>) => Page<AmiEventRow>;
  /** Only for connections with actions enabled; answers with the PBX's own response. */
  'ami.action': (params: z.infer<typeof AmiActionSchema>) => { response: 'Success' | 'Error'; message: string };
}

export interface SourceView {
  config: z.infer<typeof SourceConfigSchema>;
  listeners: ListenerStatus[];
}

export interface Events {
  /** Pushed about once a second: per-listener counters and rates, DB size. */
  'ingest.health': IngestHealth;
  'alerts.changed': AlertsChanged;
  /** Calls created or changed since the last batch (about every 100 ms while traffic flows). */
  'calls.delta': { calls: CallSummary[] };
  'import.progress': ImportProgress;
  /** While an `export.snapshot` given an `exportId` is written (a few times a second). */
  'export.progress': ExportProgress;
  /** One entry per PBX that changed in the batch. */
  'channels.delta': ChannelsDelta[];
  /** Every queue of every PBX, at most about once a second while something changes. */
  'queues.snapshot': QueueLive[];
  /** Connection list whenever a status changes. */
  'ami.status': AmiConnectionInfo[];
  /** Raw events for the live console, batched. */
  'ami.events.tail': { events: AmiEventRow[] };
}

export type RequestName = keyof Requests;
export type EventName = keyof Events;
export type ParamsOf<K extends RequestName> = Parameters<Requests[K]>[0];
export type ResultOf<K extends RequestName> = ReturnType<Requests[K]>;

export const REQUEST_NAMES = Object.keys(requestSchemas) as RequestName[];
export const EVENT_NAMES = [
  'ingest.health',
  'alerts.changed',
  'calls.delta',
  'import.progress',
  'export.progress',
  'channels.delta',
  'queues.snapshot',
  'ami.status',
  'ami.events.tail',
] as const satisfies readonly EventName[];

// Compile-time proof that the schema map and the Requests map name the same requests.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
const requestMapsAgree: SameKeys<typeof requestSchemas, Requests> = true;
void requestMapsAgree;
type EventsListed = Exclude<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : false;
const eventMapsAgree: EventsListed = true;
void eventMapsAgree;

export function isRequestName(name: string): name is RequestName {
  return Object.prototype.hasOwnProperty.call(requestSchemas, name);
}
export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}

// ---------- results: errors are values across every boundary ----------

export type ErrorCode = 'bad_request' | 'not_found' | 'unauthorized' | 'unavailable' | 'conflict' | 'internal';

export type RpcResult<T> = { ok: true; result: T } | { ok: false; code: ErrorCode; message: string };

export function ok<T>(result: T): RpcResult<T> {
  return { ok: true, result };
}
export function fail(code: ErrorCode, message: string): { ok: false; code: ErrorCode; message: string } {
  return { ok: false, code, message };
}

/** Validates params for `name`; the message names the offending field so a script author can fix it. */
export function parseParams<K extends RequestName>(name: K, raw: unknown): RpcResult<ParamsOf<K>> {
  const parsed = requestSchemas[name].safeParse(raw ?? {});
  if (parsed.success) return ok(parsed.data as ParamsOf<K>);
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(params)'}: ${i.message}`)
    .join('; ');
  return fail('bad_request', `invalid params for ${name}: ${issues}`);
}

// ---------- wire frames (WebSocket and MessagePort carry the same frames) ----------

export type ClientFrame = { type: 'req'; id: number; name: string; params: unknown };
export type ServerFrame =
  ({ type: 'res'; id: number } & RpcResult<unknown>) | { type: 'event'; name: EventName; payload: unknown };
