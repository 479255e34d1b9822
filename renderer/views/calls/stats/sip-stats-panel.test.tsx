import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientProvider } from '../../../client/client-context.tsx';
import type { FakeClient } from '../../../client/fake-client.ts';
import { sipStats } from '../../../testing/fake-calls.ts';
import { fakeCore, resetStores } from '../../../testing/fake-data.ts';
import type { TimeRange } from '../list/call-filter.ts';
import { STATS_REFRESH_MS, SipStatsPanel } from './sip-stats-panel.tsx';

function renderPanel(client: FakeClient, range: TimeRange = 'all', onRange = vi.fn()) {
  return render(
    <ClientProvider client={client}>
      <SipStatsPanel range={range} onRange={onRange} />
    </ClientProvider>,
  );
}

describe('SIP statistics panel', () => {
  beforeEach(() => {
    resetStores();
    // jsdom has no canvas: the chart is skipped and the numbers stay readable around it.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('renders ratios and delays the core could not compute as a dash', async () => {
    const empty = sipStats({
      invites: 0,
      answered: 0,
      asr: null,
      ser: null,
      seer: null,
      isa: null,
      scr: null,
      srdP50Ms: null,
      srdP95Ms: null,
      pddP50Ms: null,
      rrdP50Ms: null,
      responseCodes: [],
      userAgents: [],
      byPair: [],
    });
    renderPanel(fakeCore({ 'sip.stats': empty }));
    await screen.findByTestId('stats-kpis');
    for (const id of ['asr', 'ser', 'seer', 'isa', 'scr', 'srd-p50', 'srd-p95', 'pdd-p50']) {
      expect(screen.getByTestId(`kpi-${id}`).textContent).toMatch(/—$/);
    }
    expect(screen.getByTestId('kpi-registers').textContent).toContain('RRD p50 —');
    expect(screen.getByText('No responses in this range.')).toBeTruthy();
  });

  it('renders the KPIs, top user agents and the source -> destination table', async () => {
    renderPanel(fakeCore({ 'sip.stats': sipStats() }));
    await screen.findByTestId('stats-kpis');
    expect(screen.getByTestId('kpi-asr').textContent).toBe('ASR60.0 %');
    expect(screen.getByTestId('kpi-seer').textContent).toBe('SEER76.0 %');
    expect(screen.getByTestId('kpi-isa').textContent).toBe('ISA0 %');
    expect(screen.getByTestId('kpi-srd-p95').textContent).toBe('SRD p95210 ms');
    expect(screen.getByTestId('kpi-invites').textContent).toBe('INVITEs5030 answered');
    expect(screen.getByText('SIPp/Linux')).toBeTruthy();
    const pairs = screen.getByTestId('stats-pairs');
    expect(pairs.querySelector('tbody tr')?.textContent).toBe('127.0.0.1127.0.0.1503060.0 %');
    expect(screen.getByRole('img', { name: 'Response codes by count' })).toBeTruthy();
  });

  it('asks for the chosen time range and refreshes every few seconds', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-07-24T12:00:00Z'));
    const client = fakeCore({ 'sip.stats': sipStats() });
    const onRange = vi.fn();
    renderPanel(client, '15m', onRange);
    await waitFor(() => expect(client.calls.filter((c) => c.name === 'sip.stats')).toHaveLength(1));
    const nowUs = Date.UTC(2026, 6, 24, 12) * 1000;
    expect(client.calls[0]?.params).toEqual({ from: nowUs - 15 * 60 * 1_000_000 });
    act(() => {
      vi.advanceTimersByTime(STATS_REFRESH_MS);
    });
    await waitFor(() => expect(client.calls.filter((c) => c.name === 'sip.stats')).toHaveLength(2));
    fireEvent.click(screen.getByTestId('stats-range-all'));
    expect(onRange).toHaveBeenCalledWith('all');
  });
});
