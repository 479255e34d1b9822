import { describe, expect, it, vi } from 'vitest';
import type { ClientFrame } from '../../shared/contract.ts';
import type { PbxscopeApi } from './bridge.ts';
import { PORT_CHANNEL, SAVE_EXPORT_CHANNEL } from './channels.ts';

// What the preload registers with the (mocked) Electron renderer APIs.
const exposed = new Map<string, unknown>();
const ipcListeners = new Map<string, (event: { ports: unknown[] }) => void>();
const invoked: Array<{ channel: string; args: unknown[] }> = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    on: (channel: string, listener: (event: { ports: unknown[] }) => void) => ipcListeners.set(channel, listener),
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return { ok: true, result: { saved: true, path: '/home/ops/x.pcap' } };
    },
  },
}));

await import('./index.ts');
const api = exposed.get('pbxscope') as PbxscopeApi;

/** The renderer's end of the MessageChannel as the preload sees it (a DOM MessagePort). */
function fakePort() {
  return {
    sent: [] as ClientFrame[],
    closed: false,
    onmessage: null as ((message: { data: unknown }) => void) | null,
    postMessage(frame: ClientFrame) {
      this.sent.push(frame);
    },
    close() {
      this.closed = true;
    },
  };
}

describe('preload entry', () => {
  it('exposes only invoke, subscribe, saveExport and the platform on window.pbxscope', () => {
    expect([...exposed.keys()]).toEqual(['pbxscope']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'platform', 'saveExport', 'subscribe']);
    expect(api.platform).toBe('electron');
  });

  it('asks main to save an export on its one channel, passing only the file name', async () => {
    await expect(api.saveExport!('pbxscope-1.pcap')).resolves.toEqual({
      ok: true,
      result: { saved: true, path: '/home/ops/x.pcap' },
    });
    expect(invoked).toEqual([{ channel: SAVE_EXPORT_CHANNEL, args: ['pbxscope-1.pcap'] }]);
    await expect(api.saveExport!({ toString: () => 'x' } as unknown as string)).resolves.toMatchObject({ ok: false });
    expect(invoked).toHaveLength(1);
  });

  it('listens for the port on the one pbxscope channel only', () => {
    expect([...ipcListeners.keys()]).toEqual([PORT_CHANNEL]);
  });

  it('sends calls made before the port arrives once main hands it over, and answers through it', async () => {
    const answer = api.invoke('status', {});
    const port = fakePort();
    ipcListeners.get(PORT_CHANNEL)!({ ports: [port] });
    expect(port.sent.map((f) => f.name)).toEqual(['status']);
    port.onmessage!({ data: { type: 'res', id: port.sent[0]!.id, ok: true, result: { version: '9' } } });
    await expect(answer).resolves.toEqual({ ok: true, result: { version: '9' } });
  });

  it('closes the previous port when a new one arrives after a core restart', () => {
    const first = fakePort();
    const second = fakePort();
    ipcListeners.get(PORT_CHANNEL)!({ ports: [first] });
    ipcListeners.get(PORT_CHANNEL)!({ ports: [second] });
    expect(first.closed).toBe(true);
    expect(second.closed).toBe(false);
  });

  it('passes pushed events to subscribers as the bare payload', () => {
    const port = fakePort();
    ipcListeners.get(PORT_CHANNEL)!({ ports: [port] });
    const seen: unknown[][] = [];
    const off = api.subscribe('alerts.changed', (...args: unknown[]) => seen.push(args));
    port.onmessage!({ data: { type: 'event', name: 'alerts.changed', payload: { firing: [] } } });
    off();
    port.onmessage!({ data: { type: 'event', name: 'alerts.changed', payload: { firing: [] } } });
    expect(seen).toEqual([[{ firing: [] }]]);
  });

  it('ignores a port message that carries no port', () => {
    expect(() => ipcListeners.get(PORT_CHANNEL)!({ ports: [] })).not.toThrow();
  });
});
