import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AmiConnectionInfo, QueueLive } from '../../../shared/contract.ts';
import { ClientProvider } from '../../client/client-context.tsx';
import type { FakeClient } from '../../client/fake-client.ts';
import { bindClient } from '../../state/client-bindings.ts';
import { PBX_A, agentStats, amiConnection, queueKpis, queueLive } from '../../testing/fake-ami.ts';
import { fakeCore, resetStores } from '../../testing/fake-data.ts';
import { QueuesView } from './queues-view.tsx';

function renderQueues(client: FakeClient) {
  const unbind = bindClient(client);
  const view = render(
    <ClientProvider client={client}>
      <QueuesView />
    </ClientProvider>,
  );
  return { ...view, unbind };
}

const IDLE_QUEUE_KPIS = queueKpis({
  offered: 0,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  serviceLevelPct: null,
  abandonPct: null,
  asaSec: null,
  ahtSec: null,
  longestWaitSec: null,
  waiting: 0,
});

function coreWith(connections: AmiConnectionInfo[], queues: QueueLive[]) {
  return fakeCore({
    'ami.connections.list': connections,
    'queues.list': queues,
    'agents.list': [
      agentStats(),
      agentStats({
        interface: 'Local/202@agents/n',
        name: 'Frank',
        queues: ['sales'],
        state: 'paused',
        pausedReason: 'lunch',
        pausedForSec: 125,
        calls: 0,
        ahtSec: null,
        missed: 3,
      }),
    ],
    'queues.stats': [
      { pbx: PBX_A, queue: 'support', kpi: queueKpis({ offered: 9, serviceLevelPct: 55.5, serviceLevelSec: 30 }) },
    ],
    'ami.action': { response: 'Success', message: 'Interface paused successfully' },
  });
}

function tile(name: string): HTMLElement {
  const found = screen.getAllByTestId('queue-tile').find((t) => t.dataset.queue === name);
  if (!found) throw new Error(`no tile for ${name}`);
  return found;
}

describe('Queues wallboard', () => {
  let unbind: () => void = () => undefined;
  beforeEach(resetStores);
  afterEach(() => {
    unbind();
    cleanup();
  });

  it('shows the empty state when no PBX is configured', async () => {
    ({ unbind } = renderQueues(coreWith([], [])));
    expect(await screen.findByTestId('empty-queues')).toBeTruthy();
  });

  it("shows each queue's KPIs as big tiles and a dash where there is nothing to divide by", async () => {
    const now = Date.now() * 1000;
    const support = queueLive({
      callers: [
        {
          uniqueid: 'u2',
          channel: 'Local/support@callers-7;2',
          callerIdNum: '5551007',
          callerIdName: 'Caller Seven',
          position: 2,
          joinedAt: now - 20_000_000,
        },
        {
          uniqueid: 'u1',
          channel: 'Local/support@callers-3;2',
          callerIdNum: '5551003',
          callerIdName: 'Caller Three',
          position: 1,
          joinedAt: now - 47_000_000,
        },
      ],
    });
    const sales = queueLive({ name: 'sales', strategy: 'rrmemory', today: IDLE_QUEUE_KPIS });
    ({ unbind } = renderQueues(coreWith([amiConnection()], [support, sales])));
    await waitFor(() => expect(screen.getAllByTestId('queue-tile')).toHaveLength(2));
    // Sorted by name: sales, then support.
    expect(screen.getAllByTestId('queue-tile').map((t) => t.dataset.queue)).toEqual(['sales', 'support']);
    const s = tile('support');
    expect(within(s).getByTestId('kpi-waiting').textContent).toBe('2Waiting');
    expect(within(s).getByTestId('kpi-longest').textContent).toMatch(/^0:4[78]Longest wait$/);
    expect(within(s).getByTestId('kpi-sla').textContent).toBe('88 %SLA 20 s');
    expect(within(s).getByTestId('kpi-abandon').textContent).toBe('8 %Abandoned');
    expect(within(s).getByTestId('kpi-asa').textContent).toBe('0:14ASA');
    expect(within(s).getByTestId('kpi-aht').textContent).toBe('3:05AHT');
    expect(within(s).getByTestId('kpi-counts').textContent).toContain('25 offered');
    expect(within(s).getByTestId('kpi-available').textContent).toBe('3available');
    expect(within(s).getByTestId('kpi-paused').textContent).toBe('1paused');
    // First in line first.
    expect(
      within(s)
        .getAllByRole('listitem')
        .map((li) => li.textContent)
        .slice(-2)[0],
    ).toContain('Caller Three');

    const idle = tile('sales');
    for (const id of ['kpi-longest', 'kpi-sla', 'kpi-abandon', 'kpi-asa', 'kpi-aht'])
      expect(within(idle).getByTestId(id).textContent?.startsWith('—')).toBe(true);
    expect(within(idle).getByTestId('kpi-waiting').textContent).toBe('0Waiting');
  });

  it('replaces the board with each queues.snapshot', async () => {
    const client = coreWith([amiConnection()], [queueLive()]);
    ({ unbind } = renderQueues(client));
    await waitFor(() => expect(screen.getAllByTestId('queue-tile')).toHaveLength(1));
    act(() => client.emit('queues.snapshot', [queueLive({ today: queueKpis({ offered: 26, agentsOnCall: 2 }) })]));
    await waitFor(() => expect(within(tile('support')).getByTestId('kpi-counts').textContent).toContain('26 offered'));
    expect(within(tile('support')).getByTestId('kpi-oncall').textContent).toBe('2on call');
  });

  it('asks the core for the period figures of another range and service-level threshold', async () => {
    const client = coreWith([amiConnection()], [queueLive()]);
    ({ unbind } = renderQueues(client));
    await waitFor(() => expect(screen.getAllByTestId('queue-tile')).toHaveLength(1));
    fireEvent.change(screen.getByTestId('queues-sl'), { target: { value: '30' } });
    await waitFor(() => expect(within(tile('support')).getByTestId('kpi-sla').textContent).toBe('56 %SLA 30 s'));
    const stats = client.calls.filter((c) => c.name === 'queues.stats').at(-1)?.params as Record<string, number>;
    expect(stats.serviceLevelSec).toBe(30);
    expect(stats.from).toBeLessThanOrEqual(Date.now() * 1000);
    fireEvent.click(screen.getByTestId('queues-range-hour'));
    await waitFor(() => {
      const p = client.calls.filter((c) => c.name === 'queues.stats').at(-1)?.params as Record<string, number>;
      expect(Date.now() * 1000 - p.from!).toBeGreaterThanOrEqual(3600 * 1_000_000 - 5_000_000);
    });
  });

  it('lists agents with pause reason, time in pause, calls, AHT and missed', async () => {
    ({ unbind } = renderQueues(coreWith([amiConnection()], [queueLive()])));
    await waitFor(() => expect(screen.getAllByTestId('agent-row')).toHaveLength(2));
    const frank = screen.getAllByTestId('agent-row').find((r) => r.dataset.agent === 'Frank')!;
    expect(frank.textContent).toContain('Paused');
    expect(frank.textContent).toContain('lunch');
    expect(within(frank).getByTestId('paused-for').textContent).toMatch(/^2:0[5-7]$/);
    expect(frank.textContent).toContain('—');
    const alice = screen.getAllByTestId('agent-row').find((r) => r.dataset.agent === 'Alice')!;
    expect(alice.textContent).toContain('0:04');
  });

  it('offers pause and unpause only where the PBX allows actions', async () => {
    ({ unbind } = renderQueues(coreWith([amiConnection({ actionsEnabled: false })], [queueLive()])));
    await waitFor(() => expect(screen.getAllByTestId('agent-row')).toHaveLength(2));
    expect(screen.queryByTestId('pause-button')).toBeNull();
    expect(screen.queryByTestId('unpause-button')).toBeNull();
  });

  it('pauses an agent with a reason after confirmation and shows the PBX answer', async () => {
    const client = coreWith([amiConnection({ actionsEnabled: true })], [queueLive()]);
    ({ unbind } = renderQueues(client));
    await waitFor(() => expect(screen.getAllByTestId('pause-button')).toHaveLength(1));
    expect(screen.getAllByTestId('unpause-button')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('pause-button'));
    const dialog = screen.getByTestId('pause-dialog');
    fireEvent.change(within(dialog).getByTestId('pause-reason'), { target: { value: 'training' } });
    fireEvent.change(within(dialog).getByTestId('pause-queue'), { target: { value: 'support' } });
    fireEvent.click(within(dialog).getByTestId('ami-action-confirm'));
    await waitFor(() =>
      expect(within(dialog).getByTestId('ami-action-answer').textContent).toContain('Interface paused successfully'),
    );
    expect(client.calls.filter((c) => c.name === 'ami.action').map((c) => c.params)).toEqual([
      { action: 'queuePause', pbx: PBX_A, interface: 'Local/100@agents/n', queue: 'support', reason: 'training' },
    ]);
  });

  it('turns into a full-window wallboard with F and back with Escape', async () => {
    ({ unbind } = renderQueues(coreWith([amiConnection()], [queueLive()])));
    await waitFor(() => expect(screen.getAllByTestId('queue-tile')).toHaveLength(1));
    expect(screen.getByTestId('view-queues').dataset.wallboard).toBe('off');
    fireEvent.keyDown(window, { key: 'f' });
    expect(screen.getByTestId('view-queues').dataset.wallboard).toBe('on');
    expect(screen.getByTestId('view-queues').className).toContain('queues--wallboard');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.getByTestId('view-queues').dataset.wallboard).toBe('off');
  });
});
