// The settings model: defaults, merging what the store holds (which may be partial, old or
// corrupt), and applying patches. Pure; the core persists through the store writer.
import {
  DEFAULT_PORTS,
  SOURCE_NAMES,
  type RetentionSettings,
  type Settings,
  type SourceConfig,
  type SourceName,
  type Theme,
} from '../../../shared/domain.ts';
import {
  RetentionSchema,
  SourceConfigSchema,
  ThemeSchema,
  type SettingsPatchSchema,
} from '../../../shared/contract.ts';
import type { z } from 'zod';

/** A laptop with a few weeks of traces fits; the user raises it in Sources. */
export const DEFAULT_RETENTION: RetentionSettings = { maxAgeDays: 14, maxBytes: 2 * 1024 * 1024 * 1024 };
export const DEFAULT_CORRELATION_HEADERS = ['X-CID', 'X-Call-ID'];

/** Which transports each source listens on out of the box (syslog and StatsD are usually UDP, HEP agents use both). */
const DEFAULT_TRANSPORTS: Record<SourceName, { udp: boolean; tcp: boolean; enabled: boolean }> = {
  hep: { udp: true, tcp: true, enabled: true },
  sip: { udp: true, tcp: false, enabled: false },
  statsd: { udp: true, tcp: true, enabled: true },
  syslog: { udp: true, tcp: true, enabled: true },
};

export function defaultSettings(bindHost: string): Settings {
  return {
    theme: 'system',
    retention: { ...DEFAULT_RETENTION },
    correlationHeaders: [...DEFAULT_CORRELATION_HEADERS],
    hepAuthKey: null,
    sources: SOURCE_NAMES.map((name) => ({
      name,
      host: bindHost,
      port: DEFAULT_PORTS[name],
      ...DEFAULT_TRANSPORTS[name],
    })),
  };
}

/** Keys under which settings are stored, one row each so a corrupt value spoils only itself. */
export const SETTINGS_KEYS = {
  theme: 'theme',
  retention: 'retention',
  correlationHeaders: 'correlationHeaders',
  hepAuthKey: 'hepAuthKey',
  sources: 'sources',
} as const;

/** Overlays stored values on the defaults, keeping only values that still pass the schema. */
export function mergeStored(
  defaults: Settings,
  stored: Record<string, unknown>,
): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const out: Settings = structuredClone(defaults);
  const theme = ThemeSchema.safeParse(stored[SETTINGS_KEYS.theme]);
  if (stored[SETTINGS_KEYS.theme] !== undefined) {
    if (theme.success) out.theme = theme.data as Theme;
    else problems.push('stored theme is invalid; using the default');
  }
  if (stored[SETTINGS_KEYS.retention] !== undefined) {
    const r = RetentionSchema.safeParse(stored[SETTINGS_KEYS.retention]);
    if (r.success) out.retention = r.data;
    else problems.push('stored retention is invalid; using the default');
  }
  const ch = stored[SETTINGS_KEYS.correlationHeaders];
  if (Array.isArray(ch) && ch.every((h) => typeof h === 'string' && h.length > 0))
    out.correlationHeaders = ch as string[];
  const key = stored[SETTINGS_KEYS.hepAuthKey];
  if (key === null || (typeof key === 'string' && key.length > 0)) out.hepAuthKey = key;
  const sources = stored[SETTINGS_KEYS.sources];
  if (Array.isArray(sources)) {
    for (const raw of sources) {
      const s = SourceConfigSchema.safeParse(raw);
      if (!s.success) {
        problems.push('a stored source configuration is invalid; it was ignored');
        continue;
      }
      const i = out.sources.findIndex((x) => x.name === s.data.name);
      if (i >= 0) out.sources[i] = s.data as SourceConfig;
    }
  }
  return { settings: out, problems };
}

export function applyPatch(current: Settings, patch: z.infer<typeof SettingsPatchSchema>): Settings {
  return {
    ...current,
    ...(patch.theme ? { theme: patch.theme } : {}),
    ...(patch.retention ? { retention: { ...current.retention, ...patch.retention } } : {}),
    ...(patch.correlationHeaders ? { correlationHeaders: [...patch.correlationHeaders] } : {}),
    ...(patch.hepAuthKey !== undefined ? { hepAuthKey: patch.hepAuthKey } : {}),
  };
}

export function applySourcePatch(current: Settings, patch: Partial<SourceConfig> & { name: SourceName }): Settings {
  return {
    ...current,
    sources: current.sources.map((s) => (s.name === patch.name ? { ...s, ...patch } : s)),
  };
}

/** Listeners exist to receive from PBXs on the network, so they bind every interface by default (the HTTP/WS API stays on 127.0.0.1). */
export const DEFAULT_LISTEN_HOST = '0.0.0.0';

/** Command-line flags (ports, --listen-host) win over stored values for this run only (they are not persisted). */
export function withPortOverrides(
  settings: Settings,
  ports: Partial<Record<SourceName, number>>,
  host?: string,
): Settings {
  return {
    ...settings,
    sources: settings.sources.map((s) => ({
      ...s,
      ...(ports[s.name] !== undefined ? { port: ports[s.name] as number } : {}),
      ...(host !== undefined ? { host } : {}),
    })),
  };
}
