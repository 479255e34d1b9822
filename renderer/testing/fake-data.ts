// Realistic canned answers for component tests, and a reset of every module-level store.
import type { IngestHealth, ListenerStatus, Settings, SourceConfig, SourceView } from '../../shared/contract.ts';
import { FakeClient, type FakeHandlers } from '../client/fake-client.ts';
import { useConnectionStore } from '../state/connection-store.ts';
import { useHealthStore } from '../state/health-store.ts';
import { useNavStore } from '../state/nav-store.ts';
import { DEFAULT_VIEW } from '../state/route.ts';
import { useSettingsStore, type HostStatus } from '../state/settings-store.ts';
import { useThemeStore } from '../state/theme-store.ts';

export const GiB = 1024 ** 3;

export function sourceConfigs(
  patch: Partial<Record<SourceConfig['name'], Partial<SourceConfig>>> = {},
): SourceConfig[] {
  const base: SourceConfig[] = [
    { name: 'hep', enabled: true, host: '0.0.0.0', port: 9060, udp: true, tcp: false },
    { name: 'sip', enabled: false, host: '0.0.0.0', port: 5065, udp: true, tcp: false },
    { name: 'statsd', enabled: true, host: '0.0.0.0', port: 8125, udp: true, tcp: false },
    { name: 'syslog', enabled: true, host: '0.0.0.0', port: 5514, udp: true, tcp: false },
  ];
  return base.map((s) => ({ ...s, ...patch[s.name] }));
}

export function settings(patch: Partial<Settings> = {}): Settings {
  return {
    theme: 'dark',
    retention: { maxAgeDays: 30, maxBytes: 2 * GiB },
    correlationHeaders: ['X-CID'],
    hepAuthKey: null,
    sources: sourceConfigs(),
    ...patch,
  };
}

export function listener(patch: Partial<ListenerStatus> & Pick<ListenerStatus, 'name' | 'proto'>): ListenerStatus {
  return {
    host: '0.0.0.0',
    port: 9060,
    state: 'listening',
    received: 0,
    decoded: 0,
    malformed: 0,
    dropped: 0,
    stored: 0,
    ...patch,
  };
}

export function status(patch: Partial<HostStatus> = {}): HostStatus {
  return {
    version: '0.1.0',
    uptimeSec: 60,
    dataDir: '/home/ops/.config/PBXScope',
    dbBytes: 5 * 1024 * 1024,
    listeners: [],
    hostAddresses: ['192.168.1.20'],
    ...patch,
  };
}

export function sourceViews(configs: SourceConfig[] = sourceConfigs()): SourceView[] {
  return configs.map((config) => ({
    config,
    listeners:
      config.enabled && config.udp
        ? [listener({ name: config.name, proto: 'udp', host: config.host, port: config.port })]
        : [],
  }));
}

export function health(listeners: IngestHealth['listeners'], dbBytes = 1536 * 1024 * 1024): IngestHealth {
  return { at: Date.now() * 1000, dbBytes, listeners };
}

/** A client answering settings.get, status and sources.list like a freshly started core. */
export function fakeCore(handlers: FakeHandlers = {}): FakeClient {
  return new FakeClient({
    'settings.get': settings(),
    status: status(),
    'sources.list': sourceViews(),
    // A core that has captured nothing yet, and has no imported capture.
    'calls.search': { items: [], nextCursor: null },
    'captures.list': [],
    ...handlers,
  });
}

/** Stores are module singletons: put every one back to its first state between tests. */
export function resetStores(): void {
  useNavStore.setState({ view: DEFAULT_VIEW });
  useConnectionStore.setState({ state: 'connecting', authRejected: null });
  useHealthStore.setState({ health: null });
  useSettingsStore.setState({ settings: null, status: null, loadError: null });
  useThemeStore.setState({ choice: 'system', prefersDark: true });
  localStorage.clear();
  window.history.replaceState(null, '', '/');
}
