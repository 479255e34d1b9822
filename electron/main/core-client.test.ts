import { describe, expect, it } from 'vitest';
import type { ClientFrame } from '../../shared/contract.ts';
import { createCoreClient } from './core-client.ts';

/** An in-memory channel: what main posts on port2 shows up in `frames`; `reply` plays the core. */
function harness() {
  const frames: ClientFrame[] = [];
  const connected: string[] = [];
  let onMessage: ((data: unknown) => void) | null = null;
  let n = 0;
  const client = createCoreClient<string>({
    createChannel: () => {
      n += 1;
      return { port1: `core-${n}`, port2: `main-${n}` };
    },
    connectCore: (port) => {
      connected.push(port);
      return true;
    },
    closePort: () => undefined,
    listen: (_port, cb) => {
      onMessage = cb;
      return { postMessage: (frame) => frames.push(frame) };
    },
  });
  const reply = (data: unknown): void => onMessage?.(data);
  return { client, frames, connected, reply };
}

describe('main core client', () => {
  it('connects as soon as a core is ready and sends queued calls there', async () => {
    const h = harness();
    const pending = h.client.invoke('settings.get', {});
    expect(h.frames).toEqual([]);
    h.client.coreChanged(true);
    expect(h.connected).toEqual(['core-1']);
    expect(h.frames.map((f) => f.name)).toEqual(['settings.get']);
    h.reply({ type: 'res', id: h.frames[0]!.id, ok: true, result: { theme: 'dark' } });
    await expect(pending).resolves.toEqual({ ok: true, result: { theme: 'dark' } });
  });

  it('reconnects after a core restart and fails the call that was in flight', async () => {
    const h = harness();
    h.client.coreChanged(true);
    const lost = h.client.invoke('status', {});
    h.client.coreChanged(false);
    h.client.coreChanged(true);
    expect(h.connected).toEqual(['core-1', 'core-2']);
    await expect(lost).resolves.toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('refuses a run-time request name the contract does not list, without sending it', async () => {
    const h = harness();
    h.client.coreChanged(true);
    await expect(h.client.invokeByName('captures.bogus', { path: '/tmp/x.pcap' })).resolves.toMatchObject({
      ok: false,
      code: 'bad_request',
    });
    expect(h.frames).toEqual([]);
  });

  it('delivers pushed events to subscribers', () => {
    const h = harness();
    h.client.coreChanged(true);
    const seen: unknown[] = [];
    h.client.subscribe('ingest.health', (payload) => seen.push(payload));
    h.reply({ type: 'event', name: 'ingest.health', payload: { at: 1, dbBytes: 2, listeners: [] } });
    expect(seen).toEqual([{ at: 1, dbBytes: 2, listeners: [] }]);
  });
});
