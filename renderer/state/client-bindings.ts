// Connects the small stores to a MonitorClient: connection state, auth, health stream, and a fresh
// load of settings + status on every (re)connection (the host may have restarted with new ports).
import type { MonitorClient } from '../client/monitor-client.ts';
import { useConnectionStore } from './connection-store.ts';
import { useHealthStore } from './health-store.ts';
import { useSettingsStore } from './settings-store.ts';
import { setThemeChoice } from './theme-store.ts';

export function bindClient(client: MonitorClient): () => void {
  let disposed = false;
  const offs: Array<() => void> = [];

  offs.push(
    client.onConnection((state) => {
      useConnectionStore.setState({ state });
      if (state === 'open') void load();
    }),
  );
  if (client.onAuthRejected) {
    offs.push(client.onAuthRejected((reason) => useConnectionStore.setState({ authRejected: reason })));
  }
  offs.push(client.subscribe('ingest.health', (health) => useHealthStore.setState({ health })));

  async function load(): Promise<void> {
    const [settings, status] = await Promise.all([client.invoke('settings.get', {}), client.invoke('status', {})]);
    if (disposed) return;
    if (!settings.ok) {
      useSettingsStore.setState({ loadError: settings.message });
      return;
    }
    setThemeChoice(settings.result.theme);
    useSettingsStore.setState({
      settings: settings.result,
      loadError: null,
      ...(status.ok ? { status: status.result } : {}),
    });
    // Until the first health event, the status answer is the best picture of the listeners.
    if (status.ok && !useHealthStore.getState().health) {
      const s = status.result;
      useHealthStore.setState({
        health: {
          at: Date.now() * 1000,
          dbBytes: s.dbBytes,
          listeners: s.listeners.map((l) => ({ ...l, receivedPerSec: 0, malformedPerSec: 0, droppedPerSec: 0 })),
        },
      });
    }
  }

  return () => {
    disposed = true;
    for (const off of offs) off();
  };
}
