import { describe, expect, it } from 'vitest';
import { PBX_A, PBX_B, amiChannel, queueCallChannels } from '../../../testing/fake-ami.ts';
import { channelMatcher } from './channel-filter.ts';
import { groupChannels, type ChannelRow } from './channel-groups.ts';
import { ChannelStore } from './channel-store.ts';

function rowsOf(store: ChannelStore, filter?: Parameters<typeof channelMatcher>[0]) {
  return groupChannels(store.snapshot(), filter ? channelMatcher(filter) : null).rows;
}

describe('channel store and call groups', () => {
  it('links channels of different Linkedids that share a bridge into one call (a transfer)', () => {
    const store = new ChannelStore();
    store.replaceAll(
      [
        amiChannel({ uniqueid: '1.1', linkedid: '1.1', bridgeId: 'br-1', createdAt: 10 }),
        amiChannel({ uniqueid: '2.1', linkedid: '2.1', bridgeId: 'br-1', createdAt: 20 }),
        amiChannel({ uniqueid: '2.2', linkedid: '2.1', createdAt: 30 }),
        amiChannel({ uniqueid: '3.1', linkedid: '3.1', createdAt: 15 }),
      ],
      [],
    );
    const rows = rowsOf(store);
    expect(rows.map((r) => (r.kind === 'call' ? `call ${r.linkedid}` : (r as ChannelRow).channel.uniqueid))).toEqual([
      'call 1.1',
      '1.1',
      '2.1',
      '2.2',
      'call 3.1',
      '3.1',
    ]);
  });

  it('never joins calls of two PBXs that happen to share ids', () => {
    const store = new ChannelStore();
    store.replaceAll([amiChannel({ pbx: PBX_A }), amiChannel({ pbx: PBX_B })], []);
    expect(rowsOf(store).filter((r) => r.kind === 'call')).toHaveLength(2);
  });

  it('applies upserts, removals and a reset per PBX, one version per batch', () => {
    const store = new ChannelStore();
    const { channels, bridge } = queueCallChannels();
    store.replaceAll([...channels, amiChannel({ pbx: PBX_B, uniqueid: 'b.1', linkedid: 'b.1' })], [bridge]);
    const before = store.version;
    store.applyDeltas([
      {
        pbx: PBX_A,
        reset: false,
        channels: [{ ...channels[0]!, state: 'Ring' }],
        removed: [channels[2]!.uniqueid],
        bridges: [],
        removedBridges: [bridge.id],
      },
      { pbx: PBX_B, reset: true, channels: [], removed: [], bridges: [], removedBridges: [] },
    ]);
    expect(store.version).toBe(before + 1);
    const snap = store.snapshot();
    expect(snap.channels.map((c) => c.uniqueid).sort()).toEqual([channels[0]!.uniqueid, channels[1]!.uniqueid].sort());
    expect(snap.channels.find((c) => c.uniqueid === channels[0]!.uniqueid)?.state).toBe('Ring');
    expect(snap.bridges.size).toBe(0);
    expect(store.snapshot()).toBe(snap);
  });

  it('shows a whole call when one of its channels matches, marking the others', () => {
    const store = new ChannelStore();
    store.replaceAll(queueCallChannels().channels, []);
    const rows = rowsOf(store, { pbx: '', context: 'agents', text: '' });
    const channelRows = rows.filter((r): r is ChannelRow => r.kind === 'channel');
    expect(channelRows).toHaveLength(3);
    expect(channelRows.map((r) => r.matches)).toEqual([false, false, true]);
    expect(rows[0]).toMatchObject({ kind: 'call', channels: 3, matching: 1 });
    expect(rowsOf(store, { pbx: '', context: 'nowhere', text: '' })).toEqual([]);
  });
});
