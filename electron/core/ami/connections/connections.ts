// Every saved PBX connection at once: persisted configs (secrets sealed), one AmiClient per enabled
// PBX, resync results and events tagged with the PBX id, a status list for the UI, connection tests,
// and the few write actions (hangup, queue pause) for PBXs where the user enabled them.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AmiConnectionInfo } from '../../../../shared/domain.ts';
import type { AmiActionSchema, AmiConnectionSaveSchema, AmiConnectionTestSchema } from '../../../../shared/contract.ts';
import type { AmiMessage } from '../message.ts';
import { amiField } from '../message.ts';
import { AmiClient, type AmiClientInfo, type AmiTiming } from '../protocol/client.ts';
import { probeAmi, type AmiProbeResult } from '../protocol/probe.ts';
import { runAmiResync, type AmiResyncResult } from '../protocol/resync.ts';
import { loadAmiConnections, saveAmiConnections, type StoredAmiConnection } from './config-file.ts';
import { fileKeyProvider, openSecret, sealSecret, type SecretKeyProvider } from './secret-box.ts';

export type AmiConnectionSaveParams = z.infer<typeof AmiConnectionSaveSchema>;
export type AmiConnectionTestParams = z.infer<typeof AmiConnectionTestSchema>;
export type AmiActionParams = z.infer<typeof AmiActionSchema>;

export type AmiActionOutcome =
  | { ok: true; response: 'Success' | 'Error'; message: string }
  | { ok: false; code: 'not_found' | 'actions_disabled' | 'not_connected' | 'timeout'; message: string };

export type AmiSaveOutcome =
  { ok: true; id: string } | { ok: false; code: 'not_found' | 'secret_required'; message: string };

export interface AmiConnectionsOptions {
  dataDir: string;
  /** Default: fileKeyProvider(dataDir) (web mode). The desktop app passes a safeStorage-backed one. */
  keyProvider?: SecretKeyProvider;
  onEvent(pbxId: string, msg: AmiMessage): void;
  /** After every (re)connect: each list replaces what the model knew of that kind (absent = could not be read). */
  onResync(pbxId: string, lists: Record<string, AmiMessage[]>, result: AmiResyncResult): void;
  /** Any connection's status changed; the whole list, secrets never included. */
  onStatus(list: AmiConnectionInfo[]): void;
  log(line: string): void;
  /** `Events:` sent at login; default `on`. */
  events?: string;
  timing?: Partial<AmiTiming>;
}

export interface AmiConnections {
  save(params: AmiConnectionSaveParams): Promise<AmiSaveOutcome>;
  list(): AmiConnectionInfo[];
  delete(id: string): Promise<{ deleted: boolean }>;
  test(params: AmiConnectionTestParams): Promise<AmiProbeResult>;
  action(pbxId: string, action: AmiActionParams): Promise<AmiActionOutcome>;
  stop(): Promise<void>;
}

/** Hues far apart on both themes, handed out in turn so two PBXs rarely share one. */
const PBX_COLORS = ['#4f8cff', '#f59e0b', '#10b981', '#ef4444', '#a855f7', '#06b6d4', '#ec4899', '#84cc16'];
/** AMI's plain port (manager.h DEFAULT_MANAGER_PORT); TLS is 5039. */
export const DEFAULT_AMI_PORT = 5038;

interface Live {
  client: AmiClient;
  asteriskVersion?: string;
  amiVersion?: string;
  /** A problem found before connecting (undecryptable secret). */
  problem?: string;
}

export function createAmiConnections(opts: AmiConnectionsOptions): AmiConnections {
  const keys = opts.keyProvider ?? fileKeyProvider(opts.dataDir);
  const loaded = loadAmiConnections(opts.dataDir);
  for (const p of loaded.problems) opts.log(`ami: ${p}`);
  let configs: StoredAmiConnection[] = loaded.connections;
  const live = new Map<string, Live>();
  let stopped = false;

  const infoOf = (c: StoredAmiConnection): AmiConnectionInfo => {
    const l = live.get(c.id);
    const s: AmiClientInfo = l?.client.info() ?? { status: 'disabled', eventsReceived: 0 };
    const info: AmiConnectionInfo = {
      id: c.id,
      name: c.name,
      host: c.host,
      port: c.port,
      username: c.username,
      tls: c.tls,
      tlsVerify: c.tlsVerify,
      color: c.color,
      actionsEnabled: c.actionsEnabled,
      enabled: c.enabled,
      status: l?.problem ? 'failed' : s.status,
      eventsReceived: s.eventsReceived,
      hasSecret: c.sealedSecret !== undefined,
    };
    const lastError = l?.problem ?? s.lastError;
    if (lastError) info.lastError = lastError;
    if (s.reconnectInSec !== undefined) info.reconnectInSec = s.reconnectInSec;
    const ami = l?.amiVersion ?? s.amiVersion;
    if (ami) info.amiVersion = ami;
    if (l?.asteriskVersion) info.asteriskVersion = l.asteriskVersion;
    if (s.connectedAt !== undefined) info.connectedAt = s.connectedAt;
    return info;
  };
  const list = (): AmiConnectionInfo[] => configs.map(infoOf);
  const emitStatus = (): void => {
    if (!stopped) opts.onStatus(list());
  };

  const secretOf = (c: StoredAmiConnection): { ok: true; secret: string } | { ok: false; error: string } => {
    if (c.sealedSecret === undefined)
      return { ok: false, error: 'no secret stored; enter it in the connection settings' };
    return openSecret(keys.getKey(), c.sealedSecret, c.id);
  };

  const start = (c: StoredAmiConnection): void => {
    if (!c.enabled || stopped) return;
    const secret = secretOf(c);
    const entry: Live = {
      client: new AmiClient({
        host: c.host,
        port: c.port,
        username: c.username,
        secret: secret.ok ? secret.secret : '',
        tls: c.tls,
        tlsVerify: c.tlsVerify,
        events: opts.events ?? 'on',
        ...(opts.timing ? { timing: opts.timing } : {}),
        resync: async (client) => {
          const result = await runAmiResync(client);
          if (live.get(c.id) !== entry) return;
          if (result.asteriskVersion) entry.asteriskVersion = result.asteriskVersion;
          if (result.amiVersion) entry.amiVersion = result.amiVersion;
          if (result.denied.length > 0) opts.log(`ami ${c.name}: not permitted to read ${result.denied.join(', ')}`);
          for (const f of result.failed) opts.log(`ami ${c.name}: ${f.action}: ${f.error}`);
          opts.onResync(c.id, result.lists, result);
        },
        onEvent: (msg) => {
          if (live.get(c.id) === entry) opts.onEvent(c.id, msg);
        },
        onStatus: () => {
          if (live.get(c.id) === entry) emitStatus();
        },
        log: (_level, text) => opts.log(`ami ${c.name}: ${text}`),
      }),
    };
    live.set(c.id, entry);
    if (!secret.ok) {
      // Never connect without the secret: a blank one is one more failed login on the PBX.
      entry.problem = secret.error;
      emitStatus();
      return;
    }
    entry.client.start();
  };

  const stopOne = async (id: string): Promise<void> => {
    const entry = live.get(id);
    if (!entry) return;
    live.delete(id);
    await entry.client.stop();
  };

  const persist = (): void => saveAmiConnections(opts.dataDir, configs);

  for (const c of configs) start(c);

  return {
    list,

    async save(params) {
      const existing = params.id !== undefined ? configs.find((c) => c.id === params.id) : undefined;
      if (params.id !== undefined && !existing)
        return { ok: false, code: 'not_found', message: `no AMI connection ${params.id}` };
      if (!existing && params.secret === undefined)
        return { ok: false, code: 'secret_required', message: 'a secret is required for a new connection' };
      const id = existing?.id ?? randomUUID();
      const next: StoredAmiConnection = {
        id,
        name: params.name,
        host: params.host,
        port: params.port,
        username: params.username,
        tls: params.tls ?? existing?.tls ?? false,
        tlsVerify: params.tlsVerify ?? existing?.tlsVerify ?? true,
        color: params.color ?? existing?.color ?? PBX_COLORS[configs.length % PBX_COLORS.length] ?? '#4f8cff',
        actionsEnabled: params.actionsEnabled ?? existing?.actionsEnabled ?? false,
        enabled: params.enabled ?? existing?.enabled ?? true,
      };
      const sealed =
        params.secret !== undefined ? sealSecret(keys.getKey(), params.secret, id) : existing?.sealedSecret;
      if (sealed !== undefined) next.sealedSecret = sealed;
      configs = existing ? configs.map((c) => (c.id === id ? next : c)) : [...configs, next];
      persist();
      // Saving a connection that failed is the user's retry: one more attempt, on their click.
      const failed = live.get(id)?.problem !== undefined || live.get(id)?.client.info().status === 'failed';
      if (failed || needsRestart(existing, next, params.secret !== undefined)) {
        await stopOne(id);
        start(next);
      }
      emitStatus();
      return { ok: true, id };
    },

    async delete(id) {
      if (!configs.some((c) => c.id === id)) return { deleted: false };
      configs = configs.filter((c) => c.id !== id);
      persist();
      await stopOne(id);
      emitStatus();
      return { deleted: true };
    },

    async test(params) {
      const saved = params.id !== undefined ? configs.find((c) => c.id === params.id) : undefined;
      if (params.id !== undefined && !saved) return { ok: false, error: `no AMI connection ${params.id}` };
      let secret = params.secret;
      if (secret === undefined && saved) {
        const opened = secretOf(saved);
        if (!opened.ok) return { ok: false, error: opened.error };
        secret = opened.secret;
      }
      const host = params.host ?? saved?.host;
      const username = params.username ?? saved?.username;
      if (host === undefined || username === undefined || secret === undefined)
        return { ok: false, error: 'host, username and secret are needed' };
      const tls = params.tls ?? saved?.tls ?? false;
      return probeAmi({
        host,
        port: params.port ?? saved?.port ?? DEFAULT_AMI_PORT,
        username,
        secret,
        tls,
        tlsVerify: params.tlsVerify ?? saved?.tlsVerify ?? true,
        ...(opts.timing ? { timing: opts.timing } : {}),
      });
    },

    async action(pbxId, action) {
      const config = configs.find((c) => c.id === pbxId);
      if (!config) return { ok: false, code: 'not_found', message: `no AMI connection ${pbxId}` };
      if (!config.actionsEnabled) {
        return {
          ok: false,
          code: 'actions_disabled',
          message: `actions are disabled for ${config.name}; enable them in its connection settings`,
        };
      }
      const client = live.get(pbxId)?.client;
      if (!client || client.info().status !== 'connected')
        return { ok: false, code: 'not_connected', message: `${config.name} is not connected` };
      const [name, fields] = amiActionFor(action);
      const reply = await client.send(name, fields);
      if (!reply.response) {
        const code = reply.error?.code === 'timeout' ? 'timeout' : 'not_connected';
        return { ok: false, code, message: reply.error?.message ?? 'no answer' };
      }
      return { ok: true, response: reply.ok ? 'Success' : 'Error', message: amiField(reply.response, 'Message') ?? '' };
    },

    async stop() {
      stopped = true;
      await Promise.all([...live.keys()].map(stopOne));
    },
  };
}

/** The AMI action for each UI action (Hangup needs write=system,call; QueuePause write=agent). */
function amiActionFor(action: AmiActionParams): [string, [string, string][]] {
  switch (action.action) {
    case 'hangup':
      return ['Hangup', [['Channel', action.channel]]];
    case 'queuePause':
    case 'queueUnpause': {
      const fields: [string, string][] = [
        ['Interface', action.interface],
        ['Paused', action.action === 'queuePause' ? 'true' : 'false'],
      ];
      if (action.queue) fields.push(['Queue', action.queue]);
      if (action.action === 'queuePause' && action.reason) fields.push(['Reason', action.reason]);
      return ['QueuePause', fields];
    }
  }
}

/** A name, colour or actions toggle changes nothing on the wire; anything else reconnects. */
function needsRestart(
  before: StoredAmiConnection | undefined,
  after: StoredAmiConnection,
  newSecret: boolean,
): boolean {
  if (!before || newSecret) return true;
  return (
    before.host !== after.host ||
    before.port !== after.port ||
    before.username !== after.username ||
    before.tls !== after.tls ||
    before.tlsVerify !== after.tlsVerify ||
    before.enabled !== after.enabled
  );
}
