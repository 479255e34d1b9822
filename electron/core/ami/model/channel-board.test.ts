import { describe, expect, it } from 'vitest';
import { AmiLiveModel } from './live-model.ts';
import { at, ev, snapshot } from './test-events.ts';

const PBX = 'pbx1';
const bridge = (id: string, n: number) => ({
  BridgeUniqueid: id,
  BridgeType: 'basic',
  BridgeTechnology: 'simple_bridge',
  BridgeCreator: '<unknown>',
  BridgeName: '<unknown>',
  BridgeNumChannels: n,
});

const bob = (over: Record<string, string | number> = {}) =>
  snapshot('1.2', { Channel: 'PJSIP/bob-00000002', Linkedid: '1.1', Context: 'from-internal', Exten: 's', ...over });
const aliceUp = snapshot('1.1', {
  ChannelState: 6,
  ChannelStateDesc: 'Up',
  ConnectedLineNum: '1002',
  ConnectedLineName: 'Bob',
});
const bobUp = bob({ ChannelState: 6, ChannelStateDesc: 'Up' });

/** Alice (1.1) calls Bob (1.2) and they are bridged in b1. */
function bridgedCall(m: AmiLiveModel): void {
  m.apply(PBX, ev('Newchannel', snapshot('1.1')), at(0));
  m.apply(PBX, ev('Newexten', { ...snapshot('1.1'), Application: 'Dial', AppData: 'PJSIP/bob,30' }), at(0));
  m.apply(PBX, ev('Newchannel', bob()), at(0.1));
  m.apply(PBX, ev('Newstate', bobUp), at(3));
  m.apply(PBX, ev('Newstate', aliceUp), at(3));
  m.apply(PBX, ev('BridgeCreate', bridge('b1', 0)), at(3));
  m.apply(PBX, ev('BridgeEnter', { ...bridge('b1', 1), ...bobUp }), at(3));
  m.apply(PBX, ev('BridgeEnter', { ...bridge('b1', 2), ...aliceUp }), at(3));
}

describe('channel board', () => {
  it('tracks state, caller id, connected line, dialplan position, application and answer time', () => {
    const m = new AmiLiveModel();
    bridgedCall(m);
    const alice = m.channels(PBX).find((c) => c.uniqueid === '1.1')!;
    expect(alice).toMatchObject({
      channel: 'PJSIP/alice-1.1',
      state: 'Up',
      callerIdNum: '1001',
      callerIdName: 'Alice',
      connectedLineNum: '1002',
      connectedLineName: 'Bob',
      context: 'internal',
      exten: '100',
      application: 'Dial',
      appData: 'PJSIP/bob,30',
      createdAt: at(0),
      answeredAt: at(3),
      bridgeId: 'b1',
    });
    // `<unknown>` is how AMI says "none".
    expect(m.channels(PBX).find((c) => c.uniqueid === '1.2')!.connectedLineNum).toBe('');
  });

  it('keeps bridges with their channels and groups the call by linkedid', () => {
    const m = new AmiLiveModel();
    bridgedCall(m);
    expect(m.bridges(PBX)).toEqual([
      { pbx: PBX, id: 'b1', type: 'basic', technology: 'simple_bridge', channels: ['1.2', '1.1'] },
    ]);
    expect(m.calls(PBX).map((c) => [c.linkedid, c.channels.map((x) => x.uniqueid)])).toEqual([['1.1', ['1.1', '1.2']]]);
  });

  it('batches changes: one entry per changed channel, removals and bridges, then nothing', () => {
    const m = new AmiLiveModel();
    bridgedCall(m);
    const [d] = m.takeChannelDeltas();
    expect(d!.reset).toBe(false);
    expect(d!.channels.map((c) => c.uniqueid).sort()).toEqual(['1.1', '1.2']);
    expect(d!.bridges.map((b) => b.id)).toEqual(['b1']);
    expect(m.takeChannelDeltas()).toEqual([]);
    // A channel born and gone between two takes is only a removal.
    m.apply(PBX, ev('Newchannel', snapshot('1.3')), at(4));
    m.apply(
      PBX,
      ev('Hangup', { ...snapshot('1.3'), Cause: 1, 'Cause-txt': 'Unallocated (unassigned) number' }),
      at(4.5),
    );
    expect(m.takeChannelDeltas()).toEqual([
      { pbx: PBX, reset: false, channels: [], removed: ['1.3'], bridges: [], removedBridges: [] },
    ]);
  });

  it('a hangup removes the channel from its bridge and gives a history row with cause and times', () => {
    const m = new AmiLiveModel();
    bridgedCall(m);
    m.takeChannelDeltas();
    m.apply(PBX, ev('BridgeLeave', { ...bridge('b1', 1), ...bobUp }), at(60));
    m.apply(PBX, ev('Hangup', { ...bobUp, Cause: 16, 'Cause-txt': 'Normal Clearing' }), at(60));
    expect(m.bridges(PBX)[0]!.channels).toEqual(['1.1']);
    expect(m.takeEndedChannels()).toEqual([
      {
        pbx: PBX,
        uniqueid: '1.2',
        linkedid: '1.1',
        channel: 'PJSIP/bob-00000002',
        callerIdNum: '1001',
        callerIdName: 'Alice',
        connectedLineNum: '',
        connectedLineName: '',
        accountCode: '',
        context: 'from-internal',
        exten: 's',
        createdAt: at(0.1),
        answeredAt: at(3),
        endedAt: at(60),
        cause: 16,
        causeTxt: 'Normal Clearing',
      },
    ]);
    const [d] = m.takeChannelDeltas();
    expect(d).toMatchObject({ removed: ['1.2'], bridges: [{ id: 'b1', channels: ['1.1'] }] });
  });

  it('the history row names where the channel entered the dialplan, not where it hung up', () => {
    const m = new AmiLiveModel();
    m.apply(PBX, ev('Newchannel', snapshot('2.1', { Context: 'public', Exten: '100' })), at(0));
    m.apply(
      PBX,
      ev('Newexten', {
        ...snapshot('2.1', { Context: 'public', Exten: '100' }),
        Application: 'Goto',
        AppData: 'callers,support,1',
      }),
      at(0),
    );
    m.apply(
      PBX,
      ev('Newexten', {
        ...snapshot('2.1', { Context: 'callers', Exten: 'support' }),
        Application: 'Queue',
        AppData: 'support',
      }),
      at(0),
    );
    m.apply(
      PBX,
      ev('Hangup', {
        ...snapshot('2.1', { Context: 'callers', Exten: 'support' }),
        Cause: 16,
        'Cause-txt': 'Normal Clearing',
      }),
      at(9),
    );
    expect(m.takeEndedChannels()[0]).toMatchObject({ context: 'public', exten: '100' });
  });

  it('events that arrive after a Hangup do not bring the channel back', () => {
    const m = new AmiLiveModel();
    bridgedCall(m);
    m.apply(PBX, ev('Hangup', { ...aliceUp, Cause: 16, 'Cause-txt': 'Normal Clearing' }), at(10));
    m.apply(PBX, ev('NewConnectedLine', aliceUp), at(10));
    m.apply(PBX, ev('Newstate', aliceUp), at(10));
    m.apply(PBX, ev('BridgeEnter', { ...bridge('b1', 2), ...aliceUp }), at(10));
    expect(m.channels(PBX).map((c) => c.uniqueid)).toEqual(['1.2']);
    expect(m.bridges(PBX)[0]!.channels).toEqual(['1.2']);
  });

  it('a bridge destroyed or merged away leaves no channel pointing at it', () => {
    const m = new AmiLiveModel();
    bridgedCall(m);
    m.apply(PBX, ev('Newchannel', snapshot('3.1')), at(5));
    m.apply(PBX, ev('BridgeEnter', { ...bridge('b2', 1), ...snapshot('3.1') }), at(5));
    m.apply(
      PBX,
      ev('BridgeMerge', {
        ToBridgeUniqueid: 'b1',
        ToBridgeType: 'basic',
        ToBridgeTechnology: 'simple_bridge',
        FromBridgeUniqueid: 'b2',
        FromBridgeType: 'basic',
        FromBridgeTechnology: 'simple_bridge',
      }),
      at(6),
    );
    expect(m.bridges(PBX)).toEqual([expect.objectContaining({ id: 'b1', channels: ['1.2', '1.1', '3.1'] })]);
    expect(m.channels(PBX).find((c) => c.uniqueid === '3.1')!.bridgeId).toBe('b1');
    m.takeChannelDeltas();
    m.apply(PBX, ev('BridgeDestroy', bridge('b1', 0)), at(7));
    expect(m.bridges(PBX)).toEqual([]);
    expect(m.channels(PBX).every((c) => c.bridgeId === undefined)).toBe(true);
    expect(m.takeChannelDeltas()[0]).toMatchObject({ removedBridges: ['b1'] });
  });

  it('keeps each PBX apart and a removed PBX ends with an empty reset', () => {
    const m = new AmiLiveModel();
    bridgedCall(m);
    m.apply('pbx2', ev('Newchannel', snapshot('1.1')), at(0));
    expect(m.channels('pbx2')).toHaveLength(1);
    expect(m.channels()).toHaveLength(3);
    m.takeChannelDeltas();
    m.removePbx(PBX);
    expect(m.channels()).toHaveLength(1);
    expect(m.takeChannelDeltas()).toEqual([
      { pbx: PBX, reset: true, channels: [], removed: [], bridges: [], removedBridges: [] },
    ]);
  });

  it('a Shutdown drops every channel of that PBX', () => {
    const m = new AmiLiveModel();
    bridgedCall(m);
    m.takeChannelDeltas();
    m.apply(PBX, ev('Shutdown', { Shutdown: 'Cleanly', Restart: 'True' }), at(20));
    expect(m.channels(PBX)).toEqual([]);
    expect(m.takeChannelDeltas()[0]).toMatchObject({ reset: true, channels: [], bridges: [] });
  });

  it('delta entries are copies: later events do not change a delta already taken', () => {
    const m = new AmiLiveModel();
    bridgedCall(m);
    const [d] = m.takeChannelDeltas();
    m.apply(PBX, ev('Newstate', { ...aliceUp, ChannelState: 7, ChannelStateDesc: 'Busy' }), at(5));
    expect(d!.channels.find((c) => c.uniqueid === '1.1')!.state).toBe('Up');
  });
});
