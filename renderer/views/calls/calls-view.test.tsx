import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientProvider } from '../../client/client-context.tsx';
import { LOOPBACK_NOTE } from '../../onboarding/send-target.ts';
import { bindClient } from '../../state/client-bindings.ts';
import { fakeCore, health, listener, resetStores, settings, sourceConfigs, status } from '../../testing/fake-data.ts';
import type { FakeClient } from '../../client/fake-client.ts';
import { CallsView } from './calls-view.tsx';

function renderCalls(client: FakeClient) {
  const unbind = bindClient(client);
  const view = render(
    <ClientProvider client={client}>
      <CallsView />
    </ClientProvider>,
  );
  return { ...view, unbind };
}

describe('Calls empty state', () => {
  beforeEach(resetStores);
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('fills the snippets with the configured HEP port and this machine’s address', async () => {
    const client = fakeCore({
      'settings.get': settings({ sources: sourceConfigs({ hep: { port: 9999 } }) }),
      status: status({ hostAddresses: ['192.168.1.20', '10.0.0.4'] }),
    });
    const { unbind } = renderCalls(client);
    // The empty state waits for the first calls.search answer: it is shown only when there is no call at all.
    const empty = await screen.findByTestId('empty-calls');
    const kamailio = await within(empty).findByTestId('snippet-kamailio-siptrace');
    expect(kamailio.textContent).toContain('"sip:192.168.1.20:9999"');
    expect(within(empty).getByTestId('snippet-asterisk-hep').textContent).toContain(
      'capture_address = 192.168.1.20:9999',
    );
    expect(empty.textContent).toContain('192.168.1.20:9999');
    unbind();
  });

  it('fills the snippets with the port the listener bound when the source is configured with port 0', async () => {
    const client = fakeCore({
      'settings.get': settings({ sources: sourceConfigs({ hep: { port: 0, tcp: true } }) }),
      status: status({
        hostAddresses: ['192.168.1.20'],
        listeners: [
          listener({ name: 'hep', proto: 'udp', port: 40123 }),
          listener({ name: 'hep', proto: 'tcp', port: 40123 }),
        ],
      }),
    });
    const { unbind } = renderCalls(client);
    const empty = await screen.findByTestId('empty-calls');
    await waitFor(() =>
      expect(within(empty).getByTestId('snippet-asterisk-hep').textContent).toContain(
        'capture_address = 192.168.1.20:40123',
      ),
    );
    expect(empty.textContent).toContain('192.168.1.20:40123');
    expect(empty.textContent).not.toContain(':0\n');
    expect(within(empty).getByTestId('snippet-heplify').textContent).toContain('-hs 192.168.1.20:40123');
    unbind();
  });

  it('falls back to the configured port while no socket of the source is listening', async () => {
    const client = fakeCore({
      'settings.get': settings({ sources: sourceConfigs({ hep: { port: 9070 } }) }),
      status: status({
        listeners: [
          listener({ name: 'hep', proto: 'udp', port: 9070, state: 'error', error: 'port 9070/udp is already in use' }),
        ],
      }),
    });
    const { unbind } = renderCalls(client);
    expect((await screen.findByTestId('snippet-asterisk-hep')).textContent).toContain(
      'capture_address = 192.168.1.20:9070',
    );
    unbind();
  });

  it('warns that a loopback listener cannot receive from another machine', async () => {
    const client = fakeCore({ 'settings.get': settings({ sources: sourceConfigs({ hep: { host: '127.0.0.1' } }) }) });
    const { unbind } = renderCalls(client);
    expect(await screen.findByText(LOOPBACK_NOTE)).toBeTruthy();
    expect(screen.getByTestId('snippet-asterisk-hep').textContent).toContain('capture_address = 127.0.0.1:9060');
    unbind();
  });

  it('works before the host reports its addresses, with a note to replace the loopback address', async () => {
    const noAddresses = status();
    delete noAddresses.hostAddresses;
    const { unbind } = renderCalls(fakeCore({ status: noAddresses }));
    expect(await screen.findByText(/could not list this machine's network addresses/)).toBeTruthy();
    unbind();
  });

  it('says when the HEP source is off or its socket failed', async () => {
    const client = fakeCore({ 'settings.get': settings({ sources: sourceConfigs({ hep: { enabled: false } }) }) });
    const { unbind } = renderCalls(client);
    expect(await screen.findByText(/source is turned off/)).toBeTruthy();
    client.emit(
      'ingest.health',
      health([
        {
          ...listener({ name: 'hep', proto: 'udp', state: 'error', error: 'port 9060/udp is already in use' }),
          receivedPerSec: 0,
          malformedPerSec: 0,
          droppedPerSec: 0,
        },
      ]),
    );
    expect(await screen.findByText(/port 9060\/udp is already in use/)).toBeTruthy();
    unbind();
  });

  it('copies a snippet and says so', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    vi.stubGlobal('isSecureContext', true);
    const { unbind } = renderCalls(fakeCore());
    const snippet = await screen.findByTestId('snippet-asterisk-hep');
    fireEvent.click(within(snippet).getByRole('button', { name: /copy/i }));
    await waitFor(() => expect(within(snippet).getByRole('button').textContent).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining('capture_address = 192.168.1.20:9060'));
    unbind();
  });
});
