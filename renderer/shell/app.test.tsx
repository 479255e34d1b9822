import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VIEW_IDS } from '../state/route.ts';
import { fakeCore, health, listener, resetStores } from '../testing/fake-data.ts';
import { App } from './app.tsx';

describe('App shell', () => {
  beforeEach(resetStores);
  afterEach(cleanup);

  it('renders a nav item for every view with its shortcut in the tooltip', () => {
    render(<App client={fakeCore()} />);
    VIEW_IDS.forEach((view, i) => {
      const item = screen.getByTestId(`nav-${view}`);
      expect(item.getAttribute('href')).toBe(`#/${view}`);
      expect(item.getAttribute('title')).toContain(`(${i + 1})`);
    });
  });

  it('opens the view named in the URL hash', async () => {
    window.history.replaceState(null, '', '/#/metrics');
    render(<App client={fakeCore()} />);
    expect(await screen.findByTestId('view-metrics')).toBeTruthy();
    expect(screen.getByTestId('nav-metrics').getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Metrics');
  });

  it('falls back to Calls for an unknown route and rewrites the hash', async () => {
    window.history.replaceState(null, '', '/#/nowhere');
    render(<App client={fakeCore()} />);
    expect(await screen.findByTestId('view-calls')).toBeTruthy();
    expect(window.location.hash).toBe('#/calls');
  });

  it('switches views when the hash changes and when a digit key is pressed', async () => {
    render(<App client={fakeCore()} />);
    expect(screen.getByTestId('view-calls')).toBeTruthy();

    act(() => {
      window.location.hash = '#/logs';
    });
    expect(await screen.findByTestId('view-logs')).toBeTruthy();

    fireEvent.keyDown(window, { key: '7' });
    expect(await screen.findByTestId('view-sources')).toBeTruthy();
    expect(window.location.hash).toBe('#/sources');

    fireEvent.keyDown(window, { key: '2' });
    expect(await screen.findByTestId('view-channels')).toBeTruthy();
    expect(screen.queryByTestId('view-sources')).toBeNull();
  });

  it('ignores digit keys typed into a field', async () => {
    window.history.replaceState(null, '', '/#/sources');
    render(<App client={fakeCore()} />);
    const port = await screen.findAllByLabelText('Port');
    fireEvent.keyDown(port[0] as HTMLElement, { key: '1' });
    expect(screen.getByTestId('view-sources')).toBeTruthy();
  });

  it('shows each view with its empty state', async () => {
    render(<App client={fakeCore()} />);
    for (const view of VIEW_IDS.filter((v) => v !== 'sources')) {
      act(() => {
        window.location.hash = `#/${view}`;
      });
      const root = await screen.findByTestId(`view-${view}`);
      expect(within(root).getByTestId(`empty-${view}`)).toBeTruthy();
    }
  });

  it('renders a pushed ingest.health payload in the status bar', async () => {
    const client = fakeCore();
    render(<App client={client} />);
    act(() => {
      client.emit(
        'ingest.health',
        health(
          [
            {
              ...listener({ name: 'hep', proto: 'udp', malformed: 17, dropped: 3 }),
              receivedPerSec: 412.4,
              malformedPerSec: 0,
              droppedPerSec: 0,
            },
            {
              ...listener({ name: 'hep', proto: 'tcp', state: 'error', error: 'port 9060/tcp is already in use' }),
              receivedPerSec: 0,
              malformedPerSec: 0,
              droppedPerSec: 0,
            },
            {
              ...listener({ name: 'sip', proto: 'udp', state: 'off' }),
              receivedPerSec: 0,
              malformedPerSec: 0,
              droppedPerSec: 0,
            },
          ],
          1536 * 1024 * 1024,
        ),
      );
    });
    const bar = screen.getByTestId('status-bar');
    const udp = within(bar).getByTestId('health-hep-udp');
    expect(udp.textContent?.trim()).toBe('hep/udp 412/s 17 mal 3 drop');
    expect(within(udp).getByTestId('malformed').textContent).toBe('17');
    expect(within(udp).getByTestId('dropped').textContent).toBe('3');
    expect(udp.querySelector('.dot--listening')).not.toBeNull();
    const tcp = within(bar).getByTestId('health-hep-tcp');
    expect(tcp.textContent).toContain('port 9060/tcp is already in use');
    expect(tcp.querySelector('.dot--error')).not.toBeNull();
    expect(within(bar).queryByTestId('health-sip-udp')).toBeNull();
    expect(within(bar).getByTestId('health-db').textContent).toBe('1.50 GiB');
  });

  it('shows the connection state of the client', async () => {
    const client = fakeCore();
    render(<App client={client} />);
    const state = screen.getByTestId('connection-state');
    expect(state.textContent).toBe('Connected');
    act(() => client.setConnection('closed'));
    expect(state.textContent).toContain('Disconnected');
  });

  it('reloads settings when the connection comes back', async () => {
    const client = fakeCore();
    render(<App client={client} />);
    await waitFor(() => expect(client.calls.filter((c) => c.name === 'settings.get')).toHaveLength(1));
    act(() => client.setConnection('closed'));
    act(() => client.setConnection('open'));
    await waitFor(() => expect(client.calls.filter((c) => c.name === 'settings.get')).toHaveLength(2));
  });

  it('shows the time zone in the header', () => {
    render(<App client={fakeCore()} />);
    expect(screen.getByTestId('time-zone').textContent).toMatch(/^UTC[+-]\d{2}:\d{2}/);
  });

  it('applies a chosen theme at once and saves it', async () => {
    const client = fakeCore({ 'settings.save': (p) => ({ ...fakeSettingsTheme(p.theme) }) });
    render(<App client={client} />);
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    fireEvent.click(screen.getByTestId('theme-light'));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(screen.getByTestId('theme-light').getAttribute('aria-checked')).toBe('true');
    await waitFor(() => expect(client.calls).toContainEqual({ name: 'settings.save', params: { theme: 'light' } }));
  });

  it('explains how to get a valid link when the host refuses the token', () => {
    const client = fakeCore();
    render(<App client={client} />);
    act(() => client.rejectAuth('invalid-token'));
    const screenEl = screen.getByTestId('token-rejected');
    expect(screenEl.textContent).toContain("This link's token is not valid");
    expect(screenEl.textContent).toContain('npm run web');
    expect(screen.queryByTestId('status-bar')).toBeNull();
  });
});

function fakeSettingsTheme(theme: 'system' | 'dark' | 'light' | undefined) {
  return {
    theme: theme ?? 'system',
    retention: { maxAgeDays: 30, maxBytes: 1024 ** 3 },
    correlationHeaders: [],
    hepAuthKey: null,
    sources: [],
  };
}
