// Realistic AMI answers for component tests: PBX connections, channels of a queue call (names and
// ids as the recorded Asterisk 22 sessions have them), queues with KPIs, agents, endpoints, events.
import type {
  AgentStats,
  AmiBridge,
  AmiChannel,
  AmiConnectionInfo,
  AmiEndpoint,
  AmiEventRow,
  QueueKpis,
  QueueLive,
  QueueMember,
} from '../../shared/contract.ts';

/** 2026-07-24 12:00:00 UTC in µs. */
export const AMI_BASE_US = Date.UTC(2026, 6, 24, 12, 0, 0) * 1000;
export const PBX_A = 'pbx-a';
export const PBX_B = 'pbx-b';

export function amiConnection(patch: Partial<AmiConnectionInfo> = {}): AmiConnectionInfo {
  return {
    id: PBX_A,
    name: 'Lab PBX',
    host: '192.0.2.10',
    port: 5038,
    username: 'pbxscope',
    tls: false,
    tlsVerify: true,
    color: '#4f8cff',
    actionsEnabled: false,
    enabled: true,
    status: 'connected',
    amiVersion: '11.0.0',
    asteriskVersion: '22.10.1',
    connectedAt: AMI_BASE_US,
    eventsReceived: 1238,
    hasSecret: true,
    ...patch,
  };
}

export function amiChannel(patch: Partial<AmiChannel> = {}): AmiChannel {
  return {
    pbx: PBX_A,
    uniqueid: '1795251773.0',
    linkedid: '1795251773.0',
    channel: 'Local/support@callers-00000000;2',
    state: 'Up',
    callerIdNum: '5551001',
    callerIdName: 'Caller One',
    connectedLineNum: '100',
    connectedLineName: 'Alice',
    context: 'callers',
    exten: 'support',
    priority: '3',
    application: 'Queue',
    appData: 'support',
    accountCode: '',
    createdAt: AMI_BASE_US,
    answeredAt: AMI_BASE_US + 2_000_000,
    ...patch,
  };
}

/** A queue call as Asterisk shows it: the caller's Local pair and the agent's, two of them bridged. */
export function queueCallChannels(pbx = PBX_A, base = '1795251773'): { channels: AmiChannel[]; bridge: AmiBridge } {
  const linkedid = `${base}.0`;
  const bridgeId = `f05f3044-313e-4e14-b2a9-${base.slice(-6)}b5fed19f`;
  const channels = [
    amiChannel({
      pbx,
      uniqueid: `${base}.0`,
      linkedid,
      channel: 'Local/support@callers-00000000;1',
      context: 'callers',
      application: 'Wait',
      appData: '30',
      createdAt: AMI_BASE_US,
    }),
    amiChannel({
      pbx,
      uniqueid: `${base}.1`,
      linkedid,
      channel: 'Local/support@callers-00000000;2',
      bridgeId,
      createdAt: AMI_BASE_US + 1000,
    }),
    amiChannel({
      pbx,
      uniqueid: `${base}.3`,
      linkedid,
      channel: 'Local/100@agents-00000001;1',
      context: 'agents',
      exten: 'support',
      priority: '1',
      application: 'AppQueue',
      appData: '(Outgoing Line)',
      callerIdNum: '100',
      callerIdName: 'Alice',
      connectedLineNum: '5551001',
      connectedLineName: 'Caller One',
      bridgeId,
      createdAt: AMI_BASE_US + 2000,
    }),
  ];
  return {
    channels,
    bridge: {
      pbx,
      id: bridgeId,
      type: 'basic',
      technology: 'simple_bridge',
      channels: [channels[1]!.channel, channels[2]!.channel],
    },
  };
}

export function queueKpis(patch: Partial<QueueKpis> = {}): QueueKpis {
  return {
    offered: 25,
    answered: 22,
    abandoned: 2,
    shortAbandoned: 1,
    timedOut: 0,
    serviceLevelPct: 88,
    serviceLevelSec: 20,
    abandonPct: 8,
    asaSec: 14,
    ahtSec: 185,
    longestWaitSec: 47,
    waiting: 2,
    agentsAvailable: 3,
    agentsOnCall: 1,
    agentsPaused: 1,
    agentsUnavailable: 0,
    ...patch,
  };
}

export function queueMember(patch: Partial<QueueMember> = {}): QueueMember {
  return {
    interface: 'Local/100@agents/n',
    name: 'Alice',
    stateInterface: 'Local/100@agents',
    status: 1,
    state: 'available',
    paused: false,
    inCall: false,
    callsTaken: 2,
    penalty: 0,
    ...patch,
  };
}

export function queueLive(patch: Partial<QueueLive> = {}): QueueLive {
  return {
    pbx: PBX_A,
    name: 'support',
    strategy: 'ringall',
    callers: [],
    members: [queueMember()],
    today: queueKpis(),
    ...patch,
  };
}

export function agentStats(patch: Partial<AgentStats> = {}): AgentStats {
  return {
    pbx: PBX_A,
    interface: 'Local/100@agents/n',
    name: 'Alice',
    queues: ['sales', 'support'],
    state: 'available',
    calls: 2,
    ahtSec: 4,
    missed: 0,
    pauseByReason: [],
    ...patch,
  };
}

export function amiEndpoint(patch: Partial<AmiEndpoint> = {}): AmiEndpoint {
  return {
    pbx: PBX_A,
    name: 'bob',
    state: 'Not in use',
    contacts: [{ uri: 'sip:bob@192.0.2.72:5060', status: 'Reachable', rttMs: 12.4 }],
    ...patch,
  };
}

let eventId = 0;
export function amiEvent(name: string, fields: [string, string][] = [], patch: Partial<AmiEventRow> = {}): AmiEventRow {
  eventId++;
  return {
    id: eventId,
    pbx: PBX_A,
    ts: AMI_BASE_US + eventId * 1000,
    name,
    fields: [['Event', name], ['Privilege', 'call,all'], ...fields],
    ...patch,
  };
}
