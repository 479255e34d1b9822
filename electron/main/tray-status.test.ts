import { describe, expect, it } from 'vitest';
import type { IngestHealth, ListenerHealth } from '../../shared/domain.ts';
import { MAX_TRAY_TOOLTIP_CHARS, trayTooltip } from './tray-status.ts';

function listener(over: Partial<ListenerHealth>): ListenerHealth {
  return {
    name: 'hep',
    proto: 'udp',
    host: '0.0.0.0',
    port: 9060,
    state: 'listening',
    received: 0,
    decoded: 0,
    malformed: 0,
    dropped: 0,
    stored: 0,
    receivedPerSec: 0,
    malformedPerSec: 0,
    droppedPerSec: 0,
    ...over,
  };
}

function health(listeners: ListenerHealth[]): IngestHealth {
  return { at: 0, dbBytes: 0, listeners };
}

describe('trayTooltip', () => {
  it('says the engine is starting', () => {
    expect(trayTooltip('PBXScope', { state: 'starting', failures: 0 }, null)).toBe(
      'PBXScope: starting the capture engine…',
    );
  });

  it('shows the version until the first health report arrives', () => {
    expect(trayTooltip('PBXScope', { state: 'ready', version: '0.1.0', failures: 0 }, null)).toBe(
      'PBXScope 0.1.0: running',
    );
  });

  it('sums listeners and message rates from the health report', () => {
    const report = health([
      listener({ receivedPerSec: 120.4 }),
      listener({ proto: 'tcp', receivedPerSec: 10 }),
      listener({ name: 'statsd', state: 'error', error: 'port 8125/udp is already in use' }),
    ]);
    expect(trayTooltip('PBXScope', { state: 'ready', failures: 0 }, report)).toBe(
      'PBXScope: 2 listeners up, 1 failing, 130 msg/s',
    );
  });

  it('flags dropped packets', () => {
    const report = health([listener({ receivedPerSec: 5000, droppedPerSec: 12 })]);
    expect(trayTooltip('PBXScope', { state: 'ready', failures: 0 }, report)).toBe(
      'PBXScope: 1 listener up, 5000 msg/s, dropping',
    );
  });

  it('tells when the engine will restart and why it stopped', () => {
    const status = {
      state: 'restarting' as const,
      failures: 2,
      retryInMs: 1500,
      lastError: 'the core exited with code 1',
    };
    expect(trayTooltip('PBXScope', status, null)).toBe(
      'PBXScope: engine restarting in 2 s (the core exited with code 1)',
    );
  });

  it('keeps a long failure reason within the Windows tooltip limit', () => {
    const tip = trayTooltip('PBXScope', { state: 'failed', failures: 7, lastError: 'x'.repeat(500) }, null);
    expect(tip.length).toBe(MAX_TRAY_TOOLTIP_CHARS);
    expect(tip.startsWith('PBXScope: engine stopped: xxx')).toBe(true);
    expect(tip.endsWith('…')).toBe(true);
  });
});
