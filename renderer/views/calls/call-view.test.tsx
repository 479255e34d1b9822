import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientProvider } from '../../client/client-context.tsx';
import type { FakeClient } from '../../client/fake-client.ts';
import { formatClock } from '../../format/clock.ts';
import { callSummary, proxiedCall } from '../../testing/fake-calls.ts';
import { fakeCore, resetStores } from '../../testing/fake-data.ts';
import { hashForCall } from './call-route.ts';
import { CallsView } from './calls-view.tsx';

function openCallView(client: FakeClient, callId: string) {
  window.history.replaceState(null, '', `/${hashForCall(callId)}`);
  return render(
    <ClientProvider client={client}>
      <CallsView />
    </ClientProvider>,
  );
}

async function arrows(count: number): Promise<HTMLElement[]> {
  await waitFor(() => expect(screen.getAllByTestId('ladder-arrow')).toHaveLength(count));
  return screen.getAllByTestId('ladder-arrow');
}

describe('Call view', () => {
  beforeEach(resetStores);
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('draws one column per host and one arrow per message with its label, time and gap', async () => {
    const detail = proxiedCall();
    openCallView(fakeCore({ 'calls.get': detail }), detail.call.callId);
    const drawn = await arrows(14);
    const hosts = screen.getAllByTestId('ladder-host');
    expect(hosts.map((h) => h.textContent)).toEqual([
      '10.0.0.10:5060',
      '10.0.0.1:5060Kamailio 5.6.4',
      '10.0.0.20:5060',
    ]);
    const labels = drawn.map((a) => within(a).getByTestId('ladder-label').textContent);
    expect(labels).toEqual([
      'INVITE (SDP)',
      '100 Trying',
      'INVITE (SDP)',
      'INVITE (SDP)retrans',
      '180 Ringing',
      '180 Ringing',
      '200 OK (SDP)',
      '200 OK (SDP)',
      'ACK',
      'ACK',
      'BYE',
      'BYE',
      '200 OK',
      '200 OK',
    ]);
    const second = drawn[1]!;
    expect(second.textContent).toContain(formatClock(detail.ladder.arrows[1]!.ts));
    expect(second.textContent).toContain('+1.2 ms');
    // Colour class by kind: request, 1xx, 2xx.
    expect(drawn[0]!.getAttribute('class')).toContain('ladder-row--request');
    expect(drawn[1]!.getAttribute('class')).toContain('ladder-row--1xx');
    expect(drawn[6]!.getAttribute('class')).toContain('ladder-row--2xx');
    // 100 Trying goes from the proxy (column 2) back to the caller (column 1).
    const line = second.querySelector('line.ladder-line') as SVGLineElement;
    expect(Number(line.getAttribute('x1'))).toBeGreaterThan(Number(line.getAttribute('x2')));
  });

  it('shows the header and KPI strip of the call', async () => {
    const detail = proxiedCall();
    openCallView(fakeCore({ 'calls.get': detail }), detail.call.callId);
    await arrows(14);
    expect(screen.getByTestId('call-parties').textContent).toBe('1001+4930123456');
    expect(screen.getByTestId('call-id').textContent).toContain(detail.call.callId);
    expect(within(screen.getByTestId('call-id')).getByRole('button', { name: /copy/i })).toBeTruthy();
    expect(screen.getByTestId('call-kpi-final').textContent).toBe('Final response200 OK');
    expect(screen.getByTestId('call-kpi-srd').textContent).toBe('SRD85 ms');
    expect(screen.getByTestId('call-kpi-duration').textContent).toBe('Duration1:03');
    expect(screen.getByTestId('call-kpi-retransmissions').textContent).toBe('Retrans.1');
    expect(screen.getByTestId('call-kpi-ending').textContent).toBe('Ended byCaller hung up');
  });

  it('shows the raw SIP of the clicked arrow, highlighted, with its SDP summary', async () => {
    const detail = proxiedCall();
    openCallView(fakeCore({ 'calls.get': detail }), detail.call.callId);
    const drawn = await arrows(14);
    fireEvent.click(drawn[6]!);
    const pane = screen.getByTestId('message-pane');
    const raw = within(pane).getByTestId('raw-sip');
    expect(raw.textContent).toBe(detail.messages[6]!.raw.replace(/\r\n/g, '\n'));
    expect(raw.querySelector('.sip-start')?.textContent).toBe('SIP/2.0 200 OK');
    expect([...raw.querySelectorAll('.sip-hname')].map((n) => n.textContent)).toContain('Call-ID');
    expect([...raw.querySelectorAll('.sdp-key')].map((n) => n.textContent)).toContain('m');
    const sdp = within(pane).getByTestId('sdp-summary');
    expect(sdp.textContent).toContain('10.0.0.20');
    expect(sdp.textContent).toContain('port 52000');
    expect(sdp.textContent).toContain('PCMA, telephone-event');
    expect(sdp.textContent).toContain('sendrecv');
    expect(drawn[6]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.click(drawn[1]!);
    expect(within(screen.getByTestId('message-pane')).getByTestId('raw-sip').textContent).toContain(
      'SIP/2.0 100 Trying',
    );
    expect(within(screen.getByTestId('message-pane')).queryByTestId('sdp-summary')).toBeNull();
  });

  it('marks a retransmission dashed with a retrans tag, in the ladder and the message pane', async () => {
    const detail = proxiedCall();
    openCallView(fakeCore({ 'calls.get': detail }), detail.call.callId);
    const drawn = await arrows(14);
    const retrans = drawn.filter((a) => a.dataset.retransmission === 'true');
    expect(retrans).toHaveLength(1);
    expect(retrans[0]).toBe(drawn[3]);
    expect(retrans[0]!.getAttribute('class')).toContain('ladder-row--retrans');
    expect(retrans[0]!.querySelector('.ladder-retrans')?.textContent).toBe('retrans');
    expect(drawn[2]!.querySelector('.ladder-retrans')).toBeNull();
    fireEvent.click(retrans[0]!);
    expect(within(screen.getByTestId('message-pane')).getByText('retransmission')).toBeTruthy();
  });

  it('moves between messages with the arrow keys and goes back with Escape', async () => {
    const detail = proxiedCall();
    openCallView(
      fakeCore({ 'calls.get': detail, 'calls.search': { items: [detail.call], nextCursor: null } }),
      detail.call.callId,
    );
    const drawn = await arrows(14);
    expect(drawn[0]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(window, { key: 'ArrowDown' });
    fireEvent.keyDown(window, { key: 'ArrowDown' });
    expect(screen.getAllByTestId('ladder-arrow')[2]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(window, { key: 'ArrowUp' });
    expect(screen.getByTestId('raw-sip').textContent).toContain('SIP/2.0 100 Trying');
    fireEvent.keyDown(window, { key: 'End' });
    expect(screen.getAllByTestId('ladder-arrow')[13]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(window.location.hash).toBe('#/calls');
    expect(await screen.findByTestId('calls-table')).toBeTruthy();
  });

  it('shows a legend when linked legs are merged on the ladder', async () => {
    const a = proxiedCall('leg-a@pbx');
    const b = proxiedCall('leg-b@pbx');
    const merged = {
      ...a,
      legs: [callSummary({ callId: 'leg-b@pbx' })],
      messages: [...a.messages, ...b.messages.map((m) => ({ ...m, id: m.id + 100 }))],
      ladder: {
        hosts: a.ladder.hosts,
        arrows: [...a.ladder.arrows, ...b.ladder.arrows.map((x) => ({ ...x, messageId: x.messageId + 100 }))],
      },
    };
    openCallView(fakeCore({ 'calls.get': merged }), 'leg-a@pbx');
    await arrows(28);
    expect(screen.getByTestId('call-legs').textContent).toBe('leg-a@pbxleg-b@pbx');
    expect(screen.getAllByTestId('ladder-arrow')[20]!.querySelector('.ladder-leg--1')).not.toBeNull();
  });

  it('exports the call with its legs from the header, and Escape closes the dialog before leaving the call', async () => {
    const detail = { ...proxiedCall('leg-a@pbx'), legs: [callSummary({ callId: 'leg-b@pbx' })] };
    const client = fakeCore({
      'calls.get': detail,
      'export.preview': { calls: 2, messages: 28, redactions: [] },
    });
    openCallView(client, 'leg-a@pbx');
    await arrows(14);
    fireEvent.click(screen.getByTestId('call-export'));
    const dialog = await screen.findByTestId('export-dialog');
    expect(within(dialog).getByText('This call with its linked legs · Call-ID leg-a@pbx')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('export-counts').textContent).toBe('2 calls, 28 messages'));
    expect(client.calls.find((c) => c.name === 'export.preview')?.params).toMatchObject({
      callIds: ['leg-a@pbx', 'leg-b@pbx'],
    });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByTestId('export-dialog')).toBeNull();
    expect(screen.getByTestId('call-view')).toBeTruthy();
  });

  it('says so when no call has that Call-ID', async () => {
    openCallView(fakeCore({ 'calls.get': () => ({ ok: false, code: 'not_found', message: 'no call' }) }), 'gone@x');
    expect((await screen.findByTestId('call-missing')).textContent).toContain('gone@x');
  });

  it('fetches a call in progress again when a delta for it arrives', async () => {
    const detail = proxiedCall();
    const client = fakeCore({ 'calls.get': detail });
    openCallView(client, detail.call.callId);
    await arrows(14);
    vi.useFakeTimers();
    act(() => {
      client.emit('calls.delta', { calls: [callSummary({ callId: 'someone-else' })] });
      client.emit('calls.delta', { calls: [detail.call] });
      client.emit('calls.delta', { calls: [detail.call] });
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1100);
    });
    expect(client.calls.filter((c) => c.name === 'calls.get')).toHaveLength(2);
  });
});
