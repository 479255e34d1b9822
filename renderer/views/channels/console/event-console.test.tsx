import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AmiEventRow } from '../../../../shared/contract.ts';
import { ClientProvider } from '../../../client/client-context.tsx';
import type { FakeClient } from '../../../client/fake-client.ts';
import { bindClient } from '../../../state/client-bindings.ts';
import { AMI_BASE_US, amiConnection, amiEvent } from '../../../testing/fake-ami.ts';
import { fakeCore, resetStores } from '../../../testing/fake-data.ts';
import { ChannelsView } from '../channels-view.tsx';
import { ConsoleFeed } from './console-feed.ts';

const VIEWPORT_HEIGHT = 600;

function newchannel(uniqueid: string): AmiEventRow {
  return amiEvent('Newchannel', [
    ['Channel', `PJSIP/alice-${uniqueid}`],
    ['Uniqueid', uniqueid],
  ]);
}

function lines(): string[] {
  return screen.queryAllByTestId('console-line').map((l) => l.dataset.event ?? '');
}

async function openConsole(client: FakeClient): Promise<() => void> {
  const unbind = bindClient(client);
  render(
    <ClientProvider client={client}>
      <ChannelsView />
    </ClientProvider>,
  );
  fireEvent.click(await screen.findByTestId('channels-tab-console'));
  return unbind;
}

describe('ConsoleFeed', () => {
  it('keeps collecting while paused, shows the frozen list and counts what arrived', async () => {
    const client = fakeCore({ 'ami.events.search': { items: [], nextCursor: null } });
    const feed = new ConsoleFeed(client, 3);
    const stop = feed.start();
    await vi.waitFor(() => expect(feed.view.ready).toBe(true));
    client.emit('ami.events.tail', { events: [newchannel('1'), newchannel('2')] });
    feed.pause();
    client.emit('ami.events.tail', { events: [newchannel('3'), newchannel('4')] });
    expect(feed.view.events.map((e) => e.fields[3]![1])).toEqual(['1', '2']);
    expect(feed.view.newSincePause).toBe(2);
    feed.resume();
    // The cap holds: the oldest went when the fourth arrived.
    expect(feed.view.events.map((e) => e.fields[3]![1])).toEqual(['2', '3', '4']);
    expect(feed.view.newSincePause).toBe(0);
    stop();
  });

  it('starts with the newest stored events, oldest first, before the live ones', async () => {
    const stored = [
      amiEvent('Hangup', [], { ts: AMI_BASE_US + 2 }),
      amiEvent('Newchannel', [], { ts: AMI_BASE_US + 1 }),
    ];
    let answer: (v: { items: AmiEventRow[]; nextCursor: null }) => void = () => undefined;
    const client = fakeCore({
      'ami.events.search': () => new Promise((r) => (answer = (v) => r({ ok: true, result: v }))),
    });
    const feed = new ConsoleFeed(client);
    feed.start();
    client.emit('ami.events.tail', { events: [amiEvent('DialBegin', [], { ts: AMI_BASE_US + 3 })] });
    expect(feed.view.events).toHaveLength(0);
    answer({ items: stored, nextCursor: null });
    await vi.waitFor(() => expect(feed.view.events.map((e) => e.name)).toEqual(['Newchannel', 'Hangup', 'DialBegin']));
  });
});

describe('AMI event console', () => {
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

  function core(): FakeClient {
    return fakeCore({
      'ami.connections.list': [amiConnection()],
      'channels.list': { channels: [], bridges: [] },
      'ami.events.search': (p) => ({
        items:
          p.limit === 200 && !p.name
            ? []
            : [
                amiEvent('Hangup', [
                  ['Uniqueid', '1795251773.0'],
                  ['Cause-txt', 'Normal Clearing'],
                ]),
              ],
        nextCursor: null,
      }),
    });
  }

  it('scrolls events by as they arrive and pauses with "N new" until resumed', async () => {
    const client = core();
    unbind = await openConsole(client);
    await screen.findByTestId('console-empty');
    act(() =>
      client.emit('ami.events.tail', {
        events: [newchannel('1795251773.0'), amiEvent('QueueCallerJoin', [['Queue', 'support']])],
      }),
    );
    await waitFor(() => expect(lines()).toEqual(['Newchannel', 'QueueCallerJoin']));
    expect(screen.getAllByTestId('console-line')[0]!.textContent).toContain('Channel: PJSIP/alice-1795251773.0');

    fireEvent.click(screen.getByTestId('console-pause'));
    act(() => client.emit('ami.events.tail', { events: [amiEvent('Hangup'), amiEvent('Cdr'), amiEvent('Hangup')] }));
    await waitFor(() => expect(screen.getByTestId('console-new').textContent).toBe('3 new'));
    expect(lines()).toEqual(['Newchannel', 'QueueCallerJoin']);

    fireEvent.keyDown(window, { key: 'p' });
    await waitFor(() => expect(lines()).toEqual(['Newchannel', 'QueueCallerJoin', 'Hangup', 'Cdr', 'Hangup']));
    expect(screen.queryByTestId('console-new')).toBeNull();
  });

  it('filters by event name and text, and shows every field of a clicked event', async () => {
    const client = core();
    unbind = await openConsole(client);
    act(() =>
      client.emit('ami.events.tail', {
        events: [
          newchannel('1.1'),
          amiEvent('QueueCallerJoin', [['Queue', 'support']]),
          amiEvent('QueueCallerLeave', [['Queue', 'sales']]),
        ],
      }),
    );
    await waitFor(() => expect(lines()).toHaveLength(3));
    fireEvent.change(screen.getByTestId('console-name'), { target: { value: 'queue' } });
    await waitFor(() => expect(lines()).toEqual(['QueueCallerJoin', 'QueueCallerLeave']));
    fireEvent.change(screen.getByTestId('console-text'), { target: { value: 'sales' } });
    await waitFor(() => expect(lines()).toEqual(['QueueCallerLeave']));
    fireEvent.mouseDown(screen.getAllByTestId('console-line')[0]!);
    const detail = screen.getByTestId('event-detail');
    expect(within(detail).getByText('Queue').nextSibling?.textContent).toBe('sales');
    expect(within(detail).getByText('Privilege')).toBeTruthy();
  });

  it('searches stored events through ami.events.search', async () => {
    const client = core();
    unbind = await openConsole(client);
    fireEvent.click(await screen.findByTestId('console-history'));
    const history = screen.getByTestId('ami-history');
    fireEvent.change(within(history).getByLabelText('Event name'), { target: { value: 'Hangup' } });
    fireEvent.change(within(history).getByLabelText('Uniqueid'), { target: { value: '1795251773.0' } });
    fireEvent.click(within(history).getByTestId('history-search'));
    await waitFor(() => expect(screen.getAllByTestId('console-line').map((l) => l.dataset.event)).toEqual(['Hangup']));
    const search = client.calls.filter((c) => c.name === 'ami.events.search').at(-1)!.params as Record<string, unknown>;
    expect(search).toMatchObject({ name: 'Hangup', uniqueid: '1795251773.0', limit: 200, cursor: null });
    expect(typeof search.from).toBe('number');
  });
});
