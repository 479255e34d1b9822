import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceView } from '../../../shared/contract.ts';
import { ClientProvider } from '../../client/client-context.tsx';
import type { FakeClient } from '../../client/fake-client.ts';
import { bindClient } from '../../state/client-bindings.ts';
import { useSettingsStore } from '../../state/settings-store.ts';
import { GiB, fakeCore, listener, resetStores, sourceConfigs, sourceViews } from '../../testing/fake-data.ts';
import { SourcesView } from './sources-view.tsx';

function renderSources(client: FakeClient) {
  const unbind = bindClient(client);
  const view = render(
    <ClientProvider client={client}>
      <SourcesView />
    </ClientProvider>,
  );
  return { ...view, unbind };
}

async function hepCard(): Promise<HTMLElement> {
  return screen.findByTestId('source-hep');
}

describe('Sources view', () => {
  let unbind: () => void = () => undefined;
  beforeEach(resetStores);
  afterEach(() => {
    unbind();
    cleanup();
  });

  it('shows one card per source with its bind address, port and socket state', async () => {
    ({ unbind } = renderSources(fakeCore()));
    for (const name of ['hep', 'sip', 'statsd', 'syslog'])
      expect(await screen.findByTestId(`source-${name}`)).toBeTruthy();
    const hep = await hepCard();
    expect(within(hep).getByText(/Kamailio siptrace, heplify, Asterisk res_hep/)).toBeTruthy();
    expect((within(hep).getByLabelText('Bind address') as HTMLInputElement).value).toBe('0.0.0.0');
    expect((within(hep).getByLabelText('Port') as HTMLInputElement).value).toBe('9060');
    expect(within(hep).getByTestId('listener-udp').textContent).toContain('Listening');
    expect(within(hep).getByTestId('listener-tcp').textContent).toContain('Off');
  });

  it('shows a port-in-use error returned by sources.save in the card', async () => {
    const client = fakeCore({
      'sources.save': (p): SourceView[] =>
        sourceViews(sourceConfigs({ hep: { port: p.port ?? 9060 } })).map((v) =>
          v.config.name === 'hep'
            ? {
                ...v,
                listeners: [
                  listener({
                    name: 'hep',
                    proto: 'udp',
                    port: 5060,
                    state: 'error',
                    error: 'port 5060/udp is already in use',
                  }),
                ],
              }
            : v,
        ),
    });
    ({ unbind } = renderSources(client));
    const hep = await hepCard();
    fireEvent.change(within(hep).getByLabelText('Port'), { target: { value: '5060' } });
    fireEvent.click(within(hep).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(within(hep).getByTestId('listener-udp').textContent).toContain('port 5060/udp is already in use'),
    );
    expect(within(hep).getByTestId('listener-udp').textContent).toContain('Error');
    expect(within(hep).getByText('Saved, but a socket could not be opened')).toBeTruthy();
    expect(client.calls).toContainEqual({
      name: 'sources.save',
      params: { name: 'hep', host: '0.0.0.0', port: 5060, udp: true, tcp: false },
    });
    // The empty states' snippets follow the saved port.
    expect(useSettingsStore.getState().settings?.sources.find((s) => s.name === 'hep')?.port).toBe(5060);
  });

  it('shows a refused save inline and keeps the edit', async () => {
    const client = fakeCore();
    client.handle('sources.save', () => ({
      ok: false,
      code: 'bad_request',
      message: 'invalid params for sources.save: host: Too big',
    }));
    ({ unbind } = renderSources(client));
    const hep = await hepCard();
    fireEvent.change(within(hep).getByLabelText('Port'), { target: { value: '9070' } });
    fireEvent.click(within(hep).getByRole('button', { name: 'Save' }));
    expect(await within(hep).findByTestId('source-hep-error')).toBeTruthy();
    expect(within(hep).getByTestId('source-hep-error').textContent).toContain('host: Too big');
    expect((within(hep).getByLabelText('Port') as HTMLInputElement).value).toBe('9070');
  });

  it('refuses a port outside 1-65535 before saving', async () => {
    const client = fakeCore();
    ({ unbind } = renderSources(client));
    const hep = await hepCard();
    fireEvent.change(within(hep).getByLabelText('Port'), { target: { value: '70000' } });
    expect(within(hep).getByText(/Port must be a whole number from 1 to 65535/)).toBeTruthy();
    const save = within(hep).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.submit(save.closest('form') as HTMLFormElement);
    expect(client.calls.some((c) => c.name === 'sources.save')).toBe(false);
  });

  it('saves the enabled switch at once', async () => {
    const client = fakeCore({
      'sources.save': (p) => sourceViews(sourceConfigs({ hep: { enabled: p.enabled ?? true } })),
    });
    ({ unbind } = renderSources(client));
    const hep = await hepCard();
    fireEvent.click(within(hep).getByRole('switch'));
    await waitFor(() =>
      expect(client.calls).toContainEqual({ name: 'sources.save', params: { name: 'hep', enabled: false } }),
    );
    await waitFor(() => expect((within(hep).getByRole('switch') as HTMLInputElement).checked).toBe(false));
  });

  it('keeps an unsaved port edit when the enabled switch is toggled', async () => {
    const client = fakeCore({
      'sources.save': (p) => sourceViews(sourceConfigs({ hep: { enabled: p.enabled ?? true } })),
    });
    ({ unbind } = renderSources(client));
    const hep = await hepCard();
    fireEvent.change(within(hep).getByLabelText('Port'), { target: { value: '9070' } });
    fireEvent.click(within(hep).getByRole('switch'));
    await waitFor(() => expect((within(hep).getByRole('switch') as HTMLInputElement).checked).toBe(false));
    expect((within(hep).getByLabelText('Port') as HTMLInputElement).value).toBe('9070');
    expect((within(hep).getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('saves retention limits through settings.save', async () => {
    const client = fakeCore({
      'settings.save': (p) => ({
        theme: 'dark' as const,
        retention: { maxAgeDays: p.retention?.maxAgeDays ?? 30, maxBytes: p.retention?.maxBytes ?? 2 * GiB },
        correlationHeaders: [],
        hepAuthKey: null,
        sources: sourceConfigs(),
      }),
    });
    ({ unbind } = renderSources(client));
    const card = await screen.findByTestId('retention');
    fireEvent.change(within(card).getByLabelText('Keep data for'), { target: { value: '14' } });
    fireEvent.change(within(card).getByLabelText('Cap the database at'), { target: { value: '512' } });
    fireEvent.change(within(card).getByLabelText('Size unit'), { target: { value: 'MiB' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(client.calls).toContainEqual({
        name: 'settings.save',
        params: { retention: { maxAgeDays: 14, maxBytes: 512 * 1024 ** 2 } },
      }),
    );
    expect(await within(card).findByText('Saved')).toBeTruthy();
  });

  it('offers a retry when the sources cannot be loaded', async () => {
    const client = fakeCore();
    client.handle('sources.list', () => ({ ok: false, code: 'unavailable', message: 'PBXScope is not reachable' }));
    ({ unbind } = renderSources(client));
    expect(await screen.findByText(/Could not load the sources: PBXScope is not reachable/)).toBeTruthy();
    client.handle('sources.list', sourceViews());
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('source-hep')).toBeTruthy();
  });
});
