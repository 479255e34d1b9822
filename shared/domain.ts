// Domain types and protocol constants shared by every process. Pure types and literals only.

/** Every kind of network input the app listens for. */
export const SOURCE_NAMES = ['hep', 'sip', 'statsd', 'syslog'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export type TransportProto = 'udp' | 'tcp';

/** Well-known defaults: HEP 9060 (Homer/heplify convention), StatsD 8125, plain SIP mirror 5065, syslog 5514 (unprivileged). */
export const DEFAULT_PORTS: Record<SourceName, number> = {
  hep: 9060,
  sip: 5065,
  statsd: 8125,
  syslog: 5514,
};

export const SOURCE_LABELS: Record<SourceName, string> = {
  hep: 'HEP capture (Kamailio siptrace, heplify, Asterisk res_hep)',
  sip: 'Plain SIP mirror (siptrace with hep_mode_on off)',
  statsd: 'StatsD metrics',
  syslog: 'Syslog (RFC 3164 / 5424)',
};

export interface SourceConfig {
  name: SourceName;
  enabled: boolean;
  host: string;
  port: number;
  udp: boolean;
  tcp: boolean;
}

export type ListenerState = 'listening' | 'off' | 'error' | 'starting';

/** One socket (a source on one transport) and its counters since the app started. */
export interface ListenerStatus {
  name: SourceName;
  proto: TransportProto;
  host: string;
  port: number;
  state: ListenerState;
  /** Readable reason when state is 'error', e.g. "port 9060/udp is already in use". */
  error?: string;
  received: number;
  decoded: number;
  malformed: number;
  dropped: number;
  stored: number;
  /** Kernel receive buffer actually granted (UDP), bytes. */
  recvBufferBytes?: number;
}

export interface StatusResult {
  version: string;
  uptimeSec: number;
  dataDir: string;
  dbBytes: number;
  listeners: ListenerStatus[];
  /** This machine's non-loopback addresses, for the "send data here" snippets. */
  hostAddresses?: string[];
}

/** A listener's counters plus rates over the last health interval. */
export interface ListenerHealth extends ListenerStatus {
  receivedPerSec: number;
  malformedPerSec: number;
  droppedPerSec: number;
}

export interface IngestHealth {
  /** Microseconds UTC. */
  at: number;
  dbBytes: number;
  listeners: ListenerHealth[];
}

export type Theme = 'system' | 'dark' | 'light';

export interface RetentionSettings {
  maxAgeDays: number;
  maxBytes: number;
}

export interface Settings {
  theme: Theme;
  retention: RetentionSettings;
  correlationHeaders: string[];
  sources: SourceConfig[];
}

export interface AlertSummary {
  id: string;
  rule: string;
  severity: 'info' | 'warning' | 'critical';
  state: 'firing' | 'resolved';
  since: number;
  message: string;
}

export interface AlertsChanged {
  firing: AlertSummary[];
}
