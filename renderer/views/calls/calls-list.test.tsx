import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallSummary, Page } from '../../../shared/contract.ts';
import { ClientProvider } from '../../client/client-context.tsx';
import type { FakeClient } from '../../client/fake-client.ts';
import { bindClient } from '../../state/client-bindings.ts';
import { callPage, callSummary, proxiedCall } from '../../testing/fake-calls.ts';
import { fakeCore, resetStores } from '../../testing/fake-data.ts';
import { CallsView } from './calls-view.tsx';

/** jsdom has no layout: give scroll boxes a viewport so the virtualizer renders rows. */
const VIEWPORT_HEIGHT = 600;

function renderCalls(client: FakeClient) {
  const unbind = bindClient(client);
  const view = render(
    <ClientProvider client={client}>
      <CallsView />
    </ClientProvider>,
  );
  return { ...view, unbind };
}

function page(items: CallSummary[], nextCursor: string | null = null): Page<CallSummary> {
  return { items, nextCursor };
}

function rows(): HTMLElement[] {
  return screen.queryAllByTestId('call-row');
}

function rowIds(): string[] {
  return rows().map((r) => r.dataset.callId ?? '');
}

function searches(client: FakeClient): Array<Record<string, unknown>> {
  return client.calls.filter((c) => c.name === 'calls.search').map((c) => c.params as Record<string, unknown>);
}

describe('Calls list', () => {
  beforeEach(() => {
    resetStores();
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(VIEWPORT_HEIGHT);
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(1200);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('renders the first page of calls.search as rows, newest first, with sngrep-like columns', async () => {
    const calls = callPage(3);
    const client = fakeCore({ 'calls.search': page(calls) });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rowIds()).toEqual(calls.map((c) => c.callId));
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual([
      'Start',
      'Method',
      'From',
      'To',
      'State',
      'Code',
      'Duration',
      'SRD / PDD',
      'Msgs',
      'Source',
      'Destination',
      'User agent',
    ]);
    const first = rows()[0]!;
    expect(first.textContent).toContain('INVITE');
    expect(first.textContent).toContain('10.0.0.10:5060');
    expect(first.textContent).toContain('1:03');
    expect(first.textContent).toContain('85 ms / 85 ms');
    expect(within(first).getByText('200').getAttribute('title')).toBe('200 OK');
    expect(within(first).getByTitle('1 retransmission').textContent).toBe('↻1');
    expect(within(first).getByText('Ended').dataset.state).toBe('ended');
    expect(screen.getByTestId('calls-count').textContent).toBe('3');
    expect(screen.getByTestId('calls-live').textContent).toBe('Live');
    expect(searches(client)[0]).toEqual({ limit: 500 });
    unbind();
  });

  it('adds a pushed call and updates a known one within one animation frame', async () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
    const [older] = callPage(1, () => ({
      state: 'ringing',
      finalCode: undefined,
      durationMs: undefined,
      answeredAt: undefined,
    }));
    const client = fakeCore({ 'calls.search': page([older!]) });
    const { unbind } = renderCalls(client);
    await act(async () => {
      await Promise.resolve();
      vi.advanceTimersToNextFrame();
    });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(within(rows()[0]!).getByText('Ringing')).toBeTruthy();

    const newer = callSummary({
      callId: 'fresh@10.0.0.10',
      startedAt: older!.startedAt + 5_000_000,
      updatedAt: older!.updatedAt + 5_000_000,
    });
    act(() => {
      client.emit('calls.delta', {
        calls: [
          newer,
          { ...older!, state: 'answered', updatedAt: older!.updatedAt + 1, answeredAt: older!.startedAt + 1 },
        ],
      });
    });
    // Nothing is committed until the frame: a burst of deltas costs one render.
    expect(rows()).toHaveLength(1);
    act(() => {
      vi.advanceTimersToNextFrame();
    });
    expect(rowIds()).toEqual(['fresh@10.0.0.10', older!.callId]);
    expect(within(rows()[1]!).getByText('In call')).toBeTruthy();
    unbind();
  });

  it('queries calls.search with q from the quick filter and filters pushed calls by the same rule', async () => {
    const all = callPage(3);
    const client = fakeCore({
      'calls.search': (p) => page(p.q ? all.filter((c) => c.from.includes(p.q as string)) : all),
    });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.change(screen.getByTestId('calls-quick-filter'), { target: { value: '1002' } });
    await waitFor(() => expect(searches(client).at(-1)).toEqual({ q: '1002', limit: 500 }));
    await waitFor(() => expect(rowIds()).toEqual([all[1]!.callId]));
    act(() => {
      client.emit('calls.delta', {
        calls: [
          callSummary({ callId: 'match', from: '1002', startedAt: all[0]!.startedAt + 1 }),
          callSummary({ callId: 'other', from: '2000' }),
        ],
      });
    });
    await waitFor(() => expect(rowIds()).toEqual(['match', all[1]!.callId]));
    expect(screen.getByTestId('calls-count').textContent).toBe('5');
    expect(screen.getByTestId('calls-shown').textContent).toBe('2');
    unbind();
  });

  it('says no calls match a filter, and the clear button brings every call back', async () => {
    const all = callPage(2);
    const client = fakeCore({ 'calls.search': (p) => page(p.q ? [] : all) });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.change(screen.getByTestId('calls-quick-filter'), { target: { value: 'nobody' } });
    const none = await screen.findByTestId('calls-no-match');
    expect(none.textContent).toContain('No calls match');
    expect(screen.queryByTestId('empty-calls')).toBeNull();
    fireEvent.click(within(none).getByRole('button', { name: 'Clear filter' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect((screen.getByTestId('calls-quick-filter') as HTMLInputElement).value).toBe('');
    unbind();
  });

  it('sends the structured filter fields to the core', async () => {
    const client = fakeCore({ 'calls.search': page(callPage(1)) });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.change(screen.getByTestId('filter-method'), { target: { value: 'INVITE' } });
    fireEvent.change(screen.getByTestId('filter-state'), { target: { value: 'failed' } });
    fireEvent.change(screen.getByTestId('filter-code'), { target: { value: '486' } });
    fireEvent.change(screen.getByTestId('filter-ip'), { target: { value: '10.0.0.1' } });
    await waitFor(() =>
      expect(searches(client).at(-1)).toEqual({
        method: 'INVITE',
        state: 'failed',
        finalCode: 486,
        ip: '10.0.0.1',
        limit: 500,
      }),
    );
    unbind();
  });

  it('moves the selection with the arrow keys and opens the call with Enter', async () => {
    const calls = callPage(3);
    const detail = proxiedCall(calls[1]!.callId);
    const client = fakeCore({ 'calls.search': page(calls), 'calls.get': detail });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(3));
    const grid = screen.getByTestId('calls-table');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await waitFor(() => expect(rows()[1]!.getAttribute('aria-selected')).toBe('true'));
    expect(grid.getAttribute('aria-activedescendant')).toBe(rows()[1]!.id);
    fireEvent.keyDown(grid, { key: 'ArrowUp' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(window.location.hash).toBe(`#/calls/${encodeURIComponent(calls[1]!.callId)}`);
    expect(await screen.findByTestId('call-view')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByTestId('ladder-arrow')).toHaveLength(detail.ladder.arrows.length));
    expect(client.calls).toContainEqual({ name: 'calls.get', params: { callId: calls[1]!.callId } });
    unbind();
  });

  it('ticks calls with Space, Ctrl+click and Shift+click, and exports exactly those', async () => {
    const calls = callPage(6);
    const client = fakeCore({
      'calls.search': page(calls),
      'export.preview': { calls: 4, messages: 56, redactions: [] },
    });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(6));
    const grid = screen.getByTestId('calls-table');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: ' ' });
    fireEvent.mouseDown(rows()[3]!, { ctrlKey: true });
    // From the cursor (row 3, moved by the Ctrl+click) down to row 5.
    fireEvent.mouseDown(rows()[5]!, { shiftKey: true });
    const ticked = (): string[] =>
      rows()
        .filter((r) => r.dataset.checked === 'true')
        .map((r) => r.dataset.callId ?? '');
    await waitFor(() => expect(ticked()).toEqual([0, 3, 4, 5].map((i) => calls[i]!.callId)));
    fireEvent.mouseDown(rows()[4]!, { metaKey: true });
    await waitFor(() => expect(ticked()).toEqual([0, 3, 5].map((i) => calls[i]!.callId)));
    expect(screen.getByTestId('calls-export').textContent).toBe('Export 3 selected…');
    fireEvent.click(screen.getByTestId('calls-export'));
    await screen.findByTestId('export-dialog');
    await waitFor(() =>
      expect(client.calls.filter((c) => c.name === 'export.preview').map((c) => c.params)).toEqual([
        {
          callIds: [0, 3, 5].map((i) => calls[i]!.callId),
          redact: { numbers: true, ips: true, auth: true, sdp: true },
        },
      ]),
    );
    fireEvent.keyDown(screen.getByTestId('export-dialog'), { key: 'Escape' });
    fireEvent.click(screen.getByTestId('calls-clear-selection'));
    await waitFor(() => expect(ticked()).toEqual([]));
    expect(screen.getByTestId('calls-export').textContent).toBe('Export…');
    unbind();
  });

  it('exports every call matching the filter when none is ticked', async () => {
    const calls = callPage(3);
    const client = fakeCore({
      'calls.search': page(calls),
      'export.preview': { calls: 1, messages: 14, redactions: [] },
    });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.change(screen.getByTestId('filter-method'), { target: { value: 'INVITE' } });
    await waitFor(() => expect(searches(client).at(-1)).toMatchObject({ method: 'INVITE' }));
    fireEvent.click(screen.getByTestId('calls-export'));
    expect(await screen.findByText('Every call matching the current filter')).toBeTruthy();
    await waitFor(() =>
      expect(client.calls.filter((c) => c.name === 'export.preview').map((c) => c.params)).toEqual([
        { query: { method: 'INVITE' }, redact: { numbers: true, ips: true, auth: true, sdp: true } },
      ]),
    );
    unbind();
  });

  it('opens a call on double-click', async () => {
    const calls = callPage(2);
    const client = fakeCore({ 'calls.search': page(calls), 'calls.get': proxiedCall(calls[0]!.callId) });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.doubleClick(rows()[0]!);
    expect(await screen.findByTestId('call-view')).toBeTruthy();
    unbind();
  });

  it('focuses the quick filter on "/" and clears it with Escape', async () => {
    const client = fakeCore({ 'calls.search': page(callPage(2)) });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.keyDown(document.body, { key: '/' });
    const box = screen.getByTestId('calls-quick-filter') as HTMLInputElement;
    expect(document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: '1001' } });
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(box.value).toBe('');
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(document.activeElement).toBe(screen.getByTestId('calls-table'));
    unbind();
  });

  it('pages in older calls through the cursor when the end of the list is reached', async () => {
    const all = callPage(6);
    const client = fakeCore({
      'calls.search': (p) => (p.cursor === 'older' ? page(all.slice(3)) : page(all.slice(0, 3), 'older')),
    });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(6));
    expect(searches(client).map((p) => p.cursor)).toEqual([undefined, 'older']);
    expect(screen.getByTestId('calls-end').textContent).toContain('All 6 calls loaded');
    unbind();
  });

  it('shows the empty state only while there is no call at all, and the table once one arrives', async () => {
    const client = fakeCore();
    const { unbind } = renderCalls(client);
    expect(await screen.findByTestId('empty-calls')).toBeTruthy();
    act(() => client.emit('calls.delta', { calls: [callSummary()] }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByTestId('empty-calls')).toBeNull();
    unbind();
  });

  it('renders 10,000 calls with only a screenful of rows in the DOM', async () => {
    const many = callPage(10_000);
    const client = fakeCore({ 'calls.search': page(many.slice(0, 500), 'more') });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    act(() => client.emit('calls.delta', { calls: many }));
    await waitFor(() => expect(screen.getByTestId('calls-count').textContent).toBe('10,000'));
    expect(rows().length).toBeLessThan(60);
    unbind();
  });

  it('shows the statistics tab', async () => {
    const client = fakeCore({ 'calls.search': page(callPage(1)) });
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.click(screen.getByTestId('calls-tab-stats'));
    expect(await screen.findByTestId('sip-stats')).toBeTruthy();
    unbind();
  });
});
