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
  duplicates?: number;
  authFailures?: number;
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
  /** HEP packets must carry this auth key (chunk 0x0e) when set; others are dropped and counted. */
  hepAuthKey: string | null;
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

// ---------- SIP capture ----------

/** INVITE dialogs move through trying/ringing/answered/ended or end failed/cancelled; other transactions end completed/failed/timeout. */
export type CallState =
  'trying' | 'ringing' | 'answered' | 'ended' | 'failed' | 'cancelled' | 'pending' | 'completed' | 'timeout';

export interface CallSummary {
  callId: string;
  /** The method that opened it: INVITE, REGISTER, OPTIONS, SUBSCRIBE, MESSAGE, NOTIFY... */
  method: string;
  state: CallState;
  /** µs UTC. */
  startedAt: number;
  ringingAt?: number;
  answeredAt?: number;
  endedAt?: number;
  updatedAt: number;
  finalCode?: number;
  finalReason?: string;
  /** Reason header or who hung up, for the KPI strip. */
  endReason?: string;
  endedBy?: 'caller' | 'callee';
  from: string;
  to: string;
  fromUri?: string;
  toUri?: string;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  userAgent?: string;
  messageCount: number;
  retransmissions: number;
  /** RFC 6076 Session Request Delay (first 18x/2xx, or the failure response), ms. */
  srdMs?: number;
  /** Post-dial delay: INVITE to first 18x, ms. */
  pddMs?: number;
  /** Answer to BYE, ms. */
  durationMs?: number;
  /** RFC 6076 Registration Request Delay (first REGISTER to its 2xx, challenge included), ms. */
  rrdMs?: number;
  /** Links legs of one call: HEP correlation id or X-CID-style header value. */
  correlationId?: string;
  captureId?: number;
  node?: string;
  /** 0 = live capture; other values name an imported capture. */
  capture: number;
}

export interface SipMessageRow {
  id: number;
  ts: number;
  callId: string;
  method?: string;
  status?: number;
  reason?: string;
  cseq: number;
  cseqMethod: string;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  transport: TransportProto;
  captureId?: number;
  node?: string;
  correlationId?: string;
  retransmission: boolean;
  malformed?: string;
  raw: string;
}

export interface SdpSummaryView {
  connection: string;
  media: { type: string; port: number; proto: string; codecs: string[]; direction: string }[];
}

export interface LadderHost {
  /** ip:port */
  key: string;
  label: string;
}

export interface LadderArrow {
  messageId: number;
  from: number;
  to: number;
  label: string;
  ts: number;
  deltaMs: number;
  retransmission: boolean;
  callId: string;
  kind: 'request' | 'response';
  status?: number;
}

export interface LadderModel {
  hosts: LadderHost[];
  arrows: LadderArrow[];
}

export interface CallDetail {
  call: CallSummary;
  legs: CallSummary[];
  messages: (SipMessageRow & { sdp?: SdpSummaryView })[];
  ladder: LadderModel;
}

export interface SipStats {
  from: number;
  to: number;
  invites: number;
  answered: number;
  /** Answer-seizure ratio, %. */
  asr: number | null;
  /** RFC 6076 ratios, %. */
  ser: number | null;
  seer: number | null;
  isa: number | null;
  scr: number | null;
  srdP50Ms: number | null;
  srdP95Ms: number | null;
  pddP50Ms: number | null;
  registers: number;
  rrdP50Ms: number | null;
  responseCodes: { code: number; count: number }[];
  userAgents: { userAgent: string; count: number }[];
  byPair: { src: string; dst: string; invites: number; answered: number; asr: number | null }[];
}

// ---------- trace snapshots ----------

export type ExportFormat = 'pcap' | 'text' | 'html' | 'bundle';

/** What to mask before a trace leaves the building. Every mask is consistent: the same value always gets the same mask. */
export interface RedactOptions {
  /** User parts of URIs and phone numbers (From, To, Contact, R-URI, PAI, Diversion...). */
  numbers?: boolean;
  /** IPv4/IPv6 addresses in headers, bodies and the packet headers of a pcap. */
  ips?: boolean;
  /** Authorization / Proxy-Authorization / WWW- and Proxy-Authenticate digest fields. */
  auth?: boolean;
  /** SDP connection and origin addresses. */
  sdp?: boolean;
}

export interface RedactionPreviewItem {
  kind: 'number' | 'ip' | 'auth' | 'sdp';
  original: string;
  masked: string;
  count: number;
}

export interface ExportResult {
  /** Absolute path in the data dir's exports folder. */
  path: string;
  fileName: string;
  bytes: number;
  calls: number;
  messages: number;
  /** Web mode: GET this (with the token) to download the file. */
  downloadUrl: string;
}

/** How far an export is: `done` of `total` work units (a message rendered; a bundle renders each twice). */
export interface ExportProgress {
  exportId: string;
  done: number;
  total: number;
}

export type ImportState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ImportProgress {
  importId: string;
  fileName: string;
  state: ImportState;
  bytesRead: number;
  totalBytes: number;
  messages: number;
  calls: number;
  /** Set when state is 'failed': names the problem ("truncated capture: record 812 ends past the file"). */
  error?: string;
  /** The capture the import created (browse it with `capture` in calls.search). */
  captureId?: number;
  /**
   * Imports of a file on the core's machine (`import.file`: the desktop's File > Open Capture, a
   * script): its path, so a window can try a failed one again, e.g. with a bundle's passphrase.
   */
  path?: string;
}

export interface CaptureInfo {
  id: number;
  name: string;
  format: 'pcap' | 'pcapng' | 'bundle';
  importedAt: number;
  fileBytes: number;
  messages: number;
  calls: number;
  firstTs: number | null;
  lastTs: number | null;
}

// ---------- Asterisk AMI ----------

export type AmiConnectionStatus =
  'disabled' | 'connecting' | 'authenticating' | 'syncing' | 'connected' | 'reconnecting' | 'failed';

export interface AmiConnectionInfo {
  id: string;
  name: string;
  host: string;
  port: number;
  username: string;
  tls: boolean;
  /** Verify the PBX's certificate (on unless the user opted out for a self-signed PBX). */
  tlsVerify: boolean;
  /** Colour tag of this PBX in every view (#rrggbb). */
  color: string;
  /** Hangup and queue pause/unpause are offered only when enabled (read-only by default). */
  actionsEnabled: boolean;
  enabled: boolean;
  status: AmiConnectionStatus;
  /** Readable, e.g. "authentication failed", "connection refused", "no answer to Ping for 30 s". */
  lastError?: string;
  reconnectInSec?: number;
  amiVersion?: string;
  asteriskVersion?: string;
  connectedAt?: number;
  eventsReceived: number;
  /** The secret is never returned; this says whether one is stored. */
  hasSecret: boolean;
}

export interface AmiChannel {
  pbx: string;
  uniqueid: string;
  linkedid: string;
  channel: string;
  /** Down, Rsrvd, OffHook, Dialing, Ring, Ringing, Up, Busy... */
  state: string;
  callerIdNum: string;
  callerIdName: string;
  connectedLineNum: string;
  connectedLineName: string;
  context: string;
  exten: string;
  priority: string;
  application: string;
  appData: string;
  accountCode: string;
  bridgeId?: string;
  /** µs UTC. */
  createdAt: number;
  answeredAt?: number;
}

export interface AmiBridge {
  pbx: string;
  id: string;
  type: string;
  technology: string;
  channels: string[];
}

export interface ChannelsDelta {
  pbx: string;
  /** True after a (re)sync: everything of this PBX not in `channels` is gone. */
  reset: boolean;
  channels: AmiChannel[];
  removed: string[];
  bridges: AmiBridge[];
  removedBridges: string[];
}

export interface QueueCaller {
  uniqueid: string;
  channel: string;
  callerIdNum: string;
  callerIdName: string;
  position: number;
  joinedAt: number;
}

export type MemberState = 'available' | 'ringing' | 'in-call' | 'paused' | 'unavailable';

export interface QueueMember {
  interface: string;
  name: string;
  stateInterface: string;
  /** AST_DEVICE_* code as sent (0 unknown, 1 not in use, 2 in use, 3 busy, 5 unavailable, 6 ringing...). */
  status: number;
  state: MemberState;
  paused: boolean;
  pausedReason?: string;
  pausedSince?: number;
  inCall: boolean;
  callsTaken: number;
  lastCall?: number;
  penalty: number;
}

export interface QueueKpis {
  offered: number;
  answered: number;
  /** Callers who hung up while waiting (not timeouts, not empty-queue exits, not short abandons). */
  abandoned: number;
  shortAbandoned: number;
  timedOut: number;
  /** Answered within `serviceLevelSec`, over answered + abandoned, %. */
  serviceLevelPct: number | null;
  serviceLevelSec: number;
  abandonPct: number | null;
  asaSec: number | null;
  ahtSec: number | null;
  longestWaitSec: number | null;
  waiting: number;
  agentsAvailable: number;
  agentsOnCall: number;
  agentsPaused: number;
  agentsUnavailable: number;
}

export interface QueueLive {
  pbx: string;
  name: string;
  strategy?: string;
  callers: QueueCaller[];
  members: QueueMember[];
  /** KPIs since local midnight. */
  today: QueueKpis;
}

export interface AgentStats {
  pbx: string;
  interface: string;
  name: string;
  queues: string[];
  state: MemberState;
  pausedReason?: string;
  pausedForSec?: number;
  calls: number;
  ahtSec: number | null;
  missed: number;
  pauseByReason: { reason: string; seconds: number }[];
}

export interface AmiEndpoint {
  pbx: string;
  name: string;
  /** Reachable, Unreachable, Unavailable, Not in use, In use... as the PBX reports it. */
  state: string;
  contacts: { uri: string; status: string; rttMs?: number }[];
}

export interface AmiEventRow {
  id: number;
  pbx: string;
  ts: number;
  name: string;
  /** Every header in order, repeated keys kept. */
  fields: [string, string][];
}
