// The live model against real Asterisk 22.10.1 recordings: queue-calls.ami and status-lists.ami
// were recorded on two connections to the same PBX at the same time, so the channel board rebuilt
// from events must equal the CoreShowChannels answer taken mid-run.
import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../message.ts';
import { recordedLists, replayAmiFixture, type TimedMessage } from './fixture-replay.ts';
import { AmiLiveModel } from './live-model.ts';
import { ev, snapshot } from './test-events.ts';

const PBX = 'pbx1';
const queueCalls = replayAmiFixture('queue-calls');
const sipCalls = replayAmiFixture('sip-calls');
const statusLists = replayAmiFixture('status-lists');

/** status-lists.ami's actions by ActionID (its .ts.jsonl `tx` lines), in the names protocol/resync.ts uses. */
const STATUS_LIST_ACTIONS = {
  'rec-5': 'CoreShowChannels',
  'rec-8': 'QueueStatus',
  'rec-13': 'PJSIPShowEndpoints',
  'rec-14': 'PJSIPShowEndpoint',
  'rec-21': 'DeviceStateList',
  'rec-23': 'BridgeList',
};
const lists = recordedLists(statusLists, STATUS_LIST_ACTIONS);
/** When the CoreShowChannels answer arrived. */
const listedAt = statusLists.find((x) => x.msg.name === 'CoreShowChannel')!.atUs;

const uniqueidOf = (m: AmiMessage): string => m.fields.find(([k]) => k === 'Uniqueid')![1];

function feed(m: AmiLiveModel, session: readonly TimedMessage[], untilUs = Infinity): void {
  for (const { msg, atUs } of session) {
    if (atUs > untilUs) break;
    m.apply(PBX, msg, atUs);
  }
}

describe('channel board from real recordings', () => {
  it('ends sip-calls.ami with no live channel or bridge, and one history row per Hangup', () => {
    const m = new AmiLiveModel();
    feed(m, sipCalls);
    expect(m.channels(PBX)).toEqual([]);
    expect(m.bridges(PBX)).toEqual([]);
    const ended = m.takeEndedChannels();
    const hangups = sipCalls.filter((x) => x.msg.name === 'Hangup').map((x) => uniqueidOf(x.msg));
    expect(ended.map((e) => e.uniqueid).sort()).toEqual(hangups.sort());
    for (const e of ended) expect(e.endedAt).toBeGreaterThanOrEqual(e.createdAt);
    const bob = ended.find((e) => e.channel.startsWith('PJSIP/bob-'))!;
    expect(bob).toMatchObject({ cause: 16, causeTxt: 'Normal Clearing' });
    expect(bob.answeredAt).toBeDefined();
  });

  it('ends queue-calls.ami with no live channel, bridge or waiting caller', () => {
    const m = new AmiLiveModel();
    feed(m, queueCalls);
    expect(m.channels(PBX)).toEqual([]);
    expect(m.bridges(PBX)).toEqual([]);
    expect(m.calls(PBX)).toEqual([]);
    expect(m.queues(PBX).flatMap((q) => q.callers)).toEqual([]);
    expect(m.takeEndedChannels()).toHaveLength(queueCalls.filter((x) => x.msg.name === 'Hangup').length);
  });

  it('holds exactly the channels and bridges the PBX listed at the same moment on another connection', () => {
    const m = new AmiLiveModel();
    feed(m, queueCalls, listedAt);
    const listed = lists.CoreShowChannels!.map(uniqueidOf).sort();
    expect(listed).toHaveLength(12);
    expect(
      m
        .channels(PBX)
        .map((c) => c.uniqueid)
        .sort(),
    ).toEqual(listed);
    // Each CoreShowChannel's BridgeId names the bridge the model has the channel in.
    for (const item of lists.CoreShowChannels!) {
      const bridgeId = item.fields.find(([k]) => k === 'BridgeId')![1];
      const ch = m.channels(PBX).find((c) => c.uniqueid === uniqueidOf(item))!;
      expect(ch.bridgeId ?? '').toBe(bridgeId);
    }
    expect(
      m
        .bridges(PBX)
        .map((b) => b.id)
        .sort(),
    ).toEqual(lists.BridgeList!.map((b) => b.fields.find(([k]) => k === 'BridgeUniqueid')![1]).sort());
  });

  it('groups each bridged queue call by linkedid: caller leg, agent leg and their Local halves', () => {
    const m = new AmiLiveModel();
    feed(m, queueCalls, listedAt);
    for (const b of m.bridges(PBX)) {
      expect(b.channels).toHaveLength(2);
      const chans = m.channels(PBX).filter((c) => b.channels.includes(c.uniqueid));
      expect(new Set(chans.map((c) => c.linkedid)).size).toBe(1);
    }
    const call = m.calls(PBX).find((c) => c.linkedid === '1795251773.0')!;
    // Originate's Local/support@callers (;1 and ;2) and the queue's Local/100@agents (;1 and ;2).
    expect(call.channels.map((c) => c.channel)).toEqual([
      'Local/support@callers-00000000;1',
      'Local/support@callers-00000000;2',
      'Local/100@agents-00000001;1',
      'Local/100@agents-00000001;2',
    ]);
    expect(call.channels.every((c) => c.state === 'Up' && c.answeredAt !== undefined)).toBe(true);
  });

  it('a resync from status-lists.ami replaces the channels exactly and drops a ghost', () => {
    const m = new AmiLiveModel();
    // A channel whose Hangup was never seen (say, lost with a dropped connection).
    m.apply(PBX, ev('Newchannel', snapshot('1795250000.99')), listedAt - 60_000_000);
    feed(m, queueCalls, listedAt - 2_000_000);
    m.takeChannelDeltas();
    m.resync(PBX, lists, listedAt);
    const listed = lists.CoreShowChannels!.map(uniqueidOf).sort();
    expect(
      m
        .channels(PBX)
        .map((c) => c.uniqueid)
        .sort(),
    ).toEqual(listed);
    const [delta] = m.takeChannelDeltas();
    expect(delta).toMatchObject({ pbx: PBX, reset: true, removed: [] });
    expect(delta!.channels.map((c) => c.uniqueid).sort()).toEqual(listed);
    expect(delta!.bridges).toHaveLength(3);
    // No history row for the ghost: its end time is unknown.
    expect(m.takeEndedChannels().some((e) => e.uniqueid === '1795250000.99')).toBe(false);
  });

  it('a resync dates channels it did not know from their Duration and keeps the times of those it did', () => {
    const fresh = new AmiLiveModel();
    fresh.resync(PBX, lists, listedAt);
    const agent = fresh.channels(PBX).find((c) => c.uniqueid === '1795251774.2')!;
    // CoreShowChannel Duration 00:00:04.
    expect(agent.createdAt).toBe(listedAt - 4_000_000);
    expect(agent).toMatchObject({
      channel: 'Local/100@agents-00000001;1',
      application: 'AppQueue',
      bridgeId: '2a890f11-9a14-43b1-ac6e-84b334c2f559',
    });

    const known = new AmiLiveModel();
    feed(known, queueCalls, listedAt);
    const before = known.channels(PBX).find((c) => c.uniqueid === '1795251774.2')!;
    known.resync(PBX, lists, listedAt);
    expect(known.channels(PBX).find((c) => c.uniqueid === '1795251774.2')!.createdAt).toBe(before.createdAt);
  });

  it('a list that could not be read keeps that part; an empty one drops it', () => {
    const m = new AmiLiveModel();
    feed(m, queueCalls, listedAt);
    const { CoreShowChannels: _denied, ...rest } = lists;
    m.resync(PBX, rest, listedAt);
    expect(m.channels(PBX)).toHaveLength(12);
    m.resync(PBX, { CoreShowChannels: [] }, listedAt);
    expect(m.channels(PBX)).toEqual([]);
  });
});

describe('queues and members from real recordings', () => {
  it('shows members paused with reason and since, and the time in pause once unpaused', () => {
    const m = new AmiLiveModel();
    const pause = queueCalls.find(
      (x) => x.msg.name === 'QueueMemberPause' && x.msg.fields.some(([k, v]) => k === 'PausedReason' && v === 'coffee'),
    )!;
    feed(m, queueCalls, pause.atUs);
    const bob = m
      .queues(PBX)
      .find((q) => q.name === 'support')!
      .members.find((x) => x.name === 'Bob')!;
    expect(bob).toMatchObject({ paused: true, pausedReason: 'coffee', pausedSince: pause.atUs, state: 'paused' });
    const atPause = m.agents(PBX, pause.atUs + 3_000_000).find((a) => a.name === 'Bob')!;
    expect(atPause).toMatchObject({ state: 'paused', pausedReason: 'coffee', pausedForSec: 3 });
    expect(atPause.pauseByReason).toEqual([{ reason: 'coffee', seconds: 3 }]);

    feed(
      m,
      queueCalls.filter((x) => x.atUs > pause.atUs),
    );
    const after = m
      .queues(PBX)
      .find((q) => q.name === 'support')!
      .members.find((x) => x.name === 'Bob')!;
    expect(after.paused).toBe(false);
    expect(after.pausedReason).toBeUndefined();
  });

  it('marks the members rung for a caller as ringing and puts the caller in the queue with position and join time', () => {
    const m = new AmiLiveModel();
    // Up to the fourth AgentCalled of the first caller (ringall rings Alice, Bob, Carol, Dan).
    const fourth = queueCalls.filter((x) => x.msg.name === 'AgentCalled')[3]!;
    for (const x of queueCalls.slice(0, queueCalls.indexOf(fourth) + 1)) m.apply(PBX, x.msg, x.atUs);
    const support = m.queues(PBX).find((q) => q.name === 'support')!;
    const join = queueCalls.find((x) => x.msg.name === 'QueueCallerJoin')!;
    expect(support.callers).toEqual([
      {
        uniqueid: '1795251773.1',
        channel: 'Local/support@callers-00000000;2',
        callerIdNum: '5551001',
        callerIdName: 'Caller One',
        position: 1,
        joinedAt: join.atUs,
      },
    ]);
    expect(
      support.members
        .filter((x) => x.state === 'ringing')
        .map((x) => x.name)
        .sort(),
    ).toEqual(['Alice', 'Bob', 'Carol', 'Dan']);
    expect(support.today.waiting).toBe(1);
    expect(support.today.longestWaitSec).toBeCloseTo((fourth.atUs - join.atUs) / 1e6, 6);
  });

  it('a resync from QueueStatus lists every member, paused ones since their LastPause', () => {
    const m = new AmiLiveModel();
    m.resync(PBX, lists, listedAt);
    const q = Object.fromEntries(m.queues(PBX).map((x) => [x.name, x]));
    expect(q.support!.members.map((x) => x.name)).toEqual(['Alice', 'Bob', 'Carol', 'Dan']);
    expect(q.sales!.members.map((x) => x.name)).toEqual(['Alice', 'Dave', 'Erin', 'Frank']);
    expect(q.support!.strategy).toBe('ringall');
    expect(q.support!.members.find((x) => x.name === 'Bob')).toMatchObject({
      paused: true,
      pausedReason: 'coffee',
      pausedSince: 1795251776_000_000,
      state: 'paused',
    });
    // Frank is paused by queues.conf since start, with no reason.
    expect(q.sales!.members.find((x) => x.name === 'Frank')).toMatchObject({
      paused: true,
      pausedSince: 1795251768_000_000,
    });
    expect(q.sales!.today).toMatchObject({
      agentsPaused: 1,
      agentsOnCall: 3,
      agentsAvailable: 0,
      agentsUnavailable: 0,
    });
    // The pauses it revealed become facts, so the history knows them too.
    expect(
      m
        .takeQueueFacts()
        .filter((f) => f.event === 'PAUSE')
        .map((f) => [f.memberName, f.reason, f.ts]),
    ).toEqual([
      ['Bob', 'coffee', 1795251776_000_000],
      ['Frank', '', 1795251768_000_000],
    ]);
  });
});

describe('endpoints from real recordings', () => {
  it('follows contact reachability and qualify round trip from ContactStatus', () => {
    const m = new AmiLiveModel();
    const firstContact = sipCalls.find((x) => x.msg.name === 'ContactStatus')!;
    feed(m, sipCalls, firstContact.atUs);
    expect(m.endpoints(PBX).find((e) => e.name === 'carol')).toEqual({
      pbx: PBX,
      name: 'carol',
      state: 'Reachable',
      contacts: [{ uri: 'sip:carol@127.0.0.1:5073', status: 'Reachable', rttMs: 0.698 }],
    });
    feed(
      m,
      sipCalls.filter((x) => x.atUs > firstContact.atUs),
    );
    const end = Object.fromEntries(m.endpoints(PBX).map((e) => [e.name, e]));
    expect(end.carol).toMatchObject({
      state: 'Unavailable',
      contacts: [{ uri: 'sip:carol@127.0.0.1:5073', status: 'Unreachable' }],
    });
    // alice's contact was removed when her registration ended.
    expect(end.alice).toMatchObject({ state: 'Unavailable', contacts: [] });
    expect(end.bob!.state).toBe('Not in use');
  });

  it('rebuilds endpoints from the PJSIP lists and device states', () => {
    const m = new AmiLiveModel();
    m.resync(PBX, lists, listedAt);
    const eps = Object.fromEntries(m.endpoints(PBX).map((e) => [e.name, e]));
    expect(Object.keys(eps).sort()).toEqual(['alice', 'bob', 'carol', 'sipp']);
    expect(eps.bob).toMatchObject({
      state: 'Not in use',
      contacts: [{ uri: 'sip:bob@127.0.0.1:5072', status: 'Unknown' }],
    });
    // PJSIPShowEndpoint carol answered ContactStatusDetail Status Unreachable, RoundtripUsec N/A.
    expect(eps.carol).toEqual({
      pbx: PBX,
      name: 'carol',
      state: 'Unavailable',
      contacts: [{ uri: 'sip:carol@127.0.0.1:5073', status: 'Unreachable' }],
    });
    expect(eps.alice!.contacts).toEqual([]);
  });
});
