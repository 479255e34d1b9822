import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AmiChannel, AmiConnectionInfo, ChannelsDelta } from '../../../shared/contract.ts';
import { ClientProvider } from '../../client/client-context.tsx';
import type { FakeClient } from '../../client/fake-client.ts';
import { bindClient } from '../../state/client-bindings.ts';
import { PBX_A, PBX_B, amiChannel, amiConnection, queueCallChannels } from '../../testing/fake-ami.ts';
import { fakeCore, resetStores } from '../../testing/fake-data.ts';
import { ChannelsView } from './channels-view.tsx';

/** jsdom has no layout: give scroll boxes a viewport so the virtualizer renders rows. */
const VIEWPORT_HEIGHT = 600;

function renderChannels(client: FakeClient) {
  const unbind = bindClient(client);
  const view = render(
    <ClientProvider client={client}>
      <ChannelsView />
    </ClientProvider>,
  );
  return { ...view, unbind };
}

function coreWith(connections: AmiConnectionInfo[], channels: AmiChannel[] = [], bridges = queueCallChannels().bridge) {
  return fakeCore({
    'ami.connections.list': connections,
    'channels.list': { channels, bridges: channels.some((c) => c.bridgeId === bridges.id) ? [bridges] : [] },
    'ami.events.search': { items: [], nextCursor: null },
    'ami.action': { response: 'Success', message: 'Channel Hungup' },
  });
}

function uniqueids(): string[] {
  return screen.queryAllByTestId('channel-row').map((r) => r.dataset.uniqueid ?? '');
}

function delta(patch: Partial<ChannelsDelta>): ChannelsDelta {
  return { pbx: PBX_A, reset: false, channels: [], removed: [], bridges: [], removedBridges: [], ...patch };
}

describe('Channels view', () => {
  let unbind: () => void = () => undefined;
  beforeEach(() => {
    resetStores();
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(VIEWPORT_HEIGHT);
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(1200);
  });
  afterEach(() => {
    unbind();
    cleanup();
    vi.restoreAllMocks();
  });

  it('shows the empty state with the way to add a PBX when none is configured', async () => {
    ({ unbind } = renderChannels(coreWith([])));
    expect(await screen.findByTestId('empty-channels')).toBeTruthy();
    expect(screen.getByTestId('channels-add-pbx').getAttribute('href')).toBe('#/sources');
  });

  it('groups live channels into their call with its bridge, in creation order, with CLI-style columns', async () => {
    const { channels } = queueCallChannels();
    ({ unbind } = renderChannels(coreWith([amiConnection()], channels)));
    await waitFor(() => expect(uniqueids()).toEqual(['1795251773.0', '1795251773.1', '1795251773.3']));
    const groups = screen.getAllByTestId('call-group');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.dataset.linkedid).toBe('1795251773.0');
    expect(groups[0]!.textContent).toContain('3 channels');
    expect(groups[0]!.textContent).toContain('bridged 2 channels (simple_bridge)');
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual([
      'Channel',
      'State',
      'Caller ID',
      'Connected to',
      'Location',
      'Application(Data)',
      'Duration',
      'Bridge',
      'Actions',
    ]);
    const agentLeg = screen.getAllByTestId('channel-row')[2]!;
    expect(agentLeg.textContent).toContain('Local/100@agents-00000001;1');
    expect(agentLeg.textContent).toContain('support@agents:1');
    expect(agentLeg.textContent).toContain('AppQueue((Outgoing Line))');
    expect(within(agentLeg).getByText('Up').dataset.state).toBe('Up');
    expect(screen.getByTestId('channels-counts').textContent).toContain('3 active channels · 1 call');
  });

  it('applies a channels.delta incrementally within one animation frame', async () => {
    const { channels } = queueCallChannels();
    const client = coreWith([amiConnection()], channels);
    ({ unbind } = renderChannels(client));
    await waitFor(() => expect(uniqueids()).toHaveLength(3));
    act(() => {
      client.emit('channels.delta', [
        delta({
          channels: [
            { ...channels[0]!, state: 'Ringing' },
            amiChannel({
              uniqueid: '1795251790.9',
              linkedid: '1795251790.9',
              channel: 'PJSIP/bob-0000002a',
              createdAt: channels[0]!.createdAt + 9_000_000,
            }),
          ],
          removed: ['1795251773.3'],
        }),
      ]);
    });
    await waitFor(() => expect(uniqueids()).toEqual(['1795251773.0', '1795251773.1', '1795251790.9']));
    expect(screen.getAllByTestId('channel-row')[0]!.dataset.state).toBe('Ringing');
    expect(screen.getAllByTestId('call-group')).toHaveLength(2);
  });

  it('replaces every channel of a PBX on a reset delta and leaves the other PBX alone', async () => {
    const a = queueCallChannels(PBX_A, '1795251773').channels;
    const b = [
      amiChannel({ pbx: PBX_B, uniqueid: '1700000000.5', linkedid: '1700000000.5', channel: 'PJSIP/carol-00000001' }),
    ];
    const client = coreWith(
      [amiConnection(), amiConnection({ id: PBX_B, name: 'Branch', color: '#f59e0b' })],
      [...a, ...b],
    );
    ({ unbind } = renderChannels(client));
    await waitFor(() => expect(uniqueids()).toHaveLength(4));
    const survivor = amiChannel({
      uniqueid: '1795251800.1',
      linkedid: '1795251800.1',
      channel: 'PJSIP/alice-00000007',
      createdAt: a[0]!.createdAt - 1,
    });
    act(() => {
      client.emit('channels.delta', [delta({ reset: true, channels: [survivor] })]);
    });
    await waitFor(() => expect(uniqueids().sort()).toEqual(['1700000000.5', '1795251800.1']));
    // With two PBXs the PBX column and the PBX filter appear.
    expect(screen.getAllByRole('columnheader')[0]!.textContent).toBe('PBX');
    fireEvent.change(screen.getByTestId('channels-pbx'), { target: { value: PBX_B } });
    await waitFor(() => expect(uniqueids()).toEqual(['1700000000.5']));
  });

  it('offers no hang-up where the PBX is read-only', async () => {
    ({ unbind } = renderChannels(coreWith([amiConnection({ actionsEnabled: false })], queueCallChannels().channels)));
    await waitFor(() => expect(uniqueids()).toHaveLength(3));
    expect(screen.queryAllByTestId('hangup-button')).toHaveLength(0);
    fireEvent.mouseDown(screen.getAllByTestId('channel-row')[0]!);
    fireEvent.keyDown(screen.getByTestId('channel-board'), { key: 'Delete' });
    expect(screen.queryByTestId('hangup-dialog')).toBeNull();
  });

  it('hangs up only after confirmation and shows what the PBX answered', async () => {
    const client = coreWith([amiConnection({ actionsEnabled: true })], queueCallChannels().channels);
    ({ unbind } = renderChannels(client));
    await waitFor(() => expect(screen.getAllByTestId('hangup-button')).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId('hangup-button')[1]!);
    const dialog = screen.getByTestId('hangup-dialog');
    expect(dialog.textContent).toContain('Local/support@callers-00000000;2');
    expect(client.calls.some((c) => c.name === 'ami.action')).toBe(false);
    fireEvent.click(within(dialog).getByTestId('ami-action-confirm'));
    await waitFor(() =>
      expect(within(dialog).getByTestId('ami-action-answer').textContent).toContain('Success: Channel Hungup'),
    );
    expect(client.calls.filter((c) => c.name === 'ami.action').map((c) => c.params)).toEqual([
      { action: 'hangup', pbx: PBX_A, channel: 'Local/support@callers-00000000;2' },
    ]);
  });

  it('opens the hang-up confirmation with Delete on the channel selected by the keyboard', async () => {
    ({ unbind } = renderChannels(coreWith([amiConnection({ actionsEnabled: true })], queueCallChannels().channels)));
    await waitFor(() => expect(uniqueids()).toHaveLength(3));
    const grid = screen.getByTestId('channel-board');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(screen.getAllByTestId('channel-row')[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(grid, { key: 'Delete' });
    expect(screen.getByTestId('hangup-dialog').textContent).toContain('Local/support@callers-00000000;2');
    fireEvent.keyDown(screen.getByTestId('hangup-dialog'), { key: 'Escape' });
    expect(screen.queryByTestId('hangup-dialog')).toBeNull();
  });

  it('filters by free text and keeps the whole matching call', async () => {
    const { channels } = queueCallChannels();
    const other = amiChannel({
      uniqueid: '1795251795.1',
      linkedid: '1795251795.1',
      channel: 'PJSIP/dave-00000003',
      callerIdNum: '2001',
      callerIdName: 'Dave',
      context: 'from-internal',
    });
    ({ unbind } = renderChannels(coreWith([amiConnection()], [...channels, other])));
    await waitFor(() => expect(uniqueids()).toHaveLength(4));
    fireEvent.change(screen.getByTestId('channels-filter'), { target: { value: 'agents-00000001' } });
    await waitFor(() => expect(uniqueids()).toEqual(['1795251773.0', '1795251773.1', '1795251773.3']));
    fireEvent.change(screen.getByTestId('channels-filter'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('channels-context'), { target: { value: 'from-internal' } });
    await waitFor(() => expect(uniqueids()).toEqual(['1795251795.1']));
  });

  it('says the PBX is connected and idle when it has no channel', async () => {
    ({ unbind } = renderChannels(coreWith([amiConnection()])));
    const idle = await screen.findByTestId('calls-idle');
    expect(idle.textContent).toContain('No calls right now');
    expect(within(idle).getByTestId('ami-status').textContent).toBe('Connected');
  });

  it('says why no PBX is connected', async () => {
    ({ unbind } = renderChannels(coreWith([amiConnection({ status: 'failed', lastError: 'authentication failed' })])));
    const offline = await screen.findByTestId('calls-offline');
    expect(offline.textContent).toContain('No PBX connected');
    expect(offline.textContent).toContain('authentication failed');
  });
});
