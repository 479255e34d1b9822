import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../shared/domain.ts';
import { ListenerManager } from './listeners.ts';

const managers: ListenerManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

function cfg(over: Partial<SourceConfig> = {}): SourceConfig {
  return { name: 'hep', enabled: true, host: '127.0.0.1', port: 0, udp: true, tcp: true, ...over };
}

async function until(fn: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ListenerManager', () => {
  it('binds UDP and TCP on the same free port and counts what arrives on each', async () => {
    const m = new ListenerManager({});
    managers.push(m);
    await m.apply([cfg()]);
    const [udp, tcp] = m.status();
    expect(udp).toMatchObject({ proto: 'udp', state: 'listening' });
    expect(tcp).toMatchObject({ proto: 'tcp', state: 'listening', port: udp!.port });
    expect(udp!.recvBufferBytes).toBeGreaterThan(200_000);

    const s = dgram.createSocket('udp4');
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => s.send('x', udp!.port, '127.0.0.1', () => r()));
    s.close();
    const c = net.connect(tcp!.port, '127.0.0.1');
    await new Promise<void>((r) => c.once('connect', () => r()));
    c.write('hello');
    await until(() => m.status()[0]!.received === 5 && m.status()[1]!.received >= 1);
    c.destroy();
  });

  it('reports a port already in use as a readable error and keeps the other sources running', async () => {
    const blocker = dgram.createSocket('udp4');
    await new Promise<void>((r) => blocker.bind(0, '127.0.0.1', () => r()));
    const busy = blocker.address().port;
    const m = new ListenerManager({});
    managers.push(m);
    await m.apply([cfg({ port: busy, tcp: false }), cfg({ name: 'statsd', tcp: false })]);
    const [hep, statsd] = m.status();
    expect(hep).toMatchObject({ state: 'error', error: `port ${busy}/udp is already in use by another program` });
    expect(statsd).toMatchObject({ state: 'listening' });
    blocker.close();
  });

  it('rebinds a changed source live and keeps its counters monotonic', async () => {
    const m = new ListenerManager({});
    managers.push(m);
    await m.apply([cfg({ tcp: false })]);
    const first = m.status()[0]!;
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.send('x', first.port, '127.0.0.1', () => r()));
    await until(() => m.status()[0]!.received === 1);
    await m.apply([cfg({ tcp: false, enabled: false })]);
    expect(m.status()[0]).toMatchObject({ state: 'off', received: 1 });
    await m.apply([cfg({ tcp: false })]);
    const again = m.status()[0]!;
    expect(again.state).toBe('listening');
    await new Promise<void>((r) => s.send('x', again.port, '127.0.0.1', () => r()));
    await until(() => m.status()[0]!.received === 2);
    s.close();
  });
});
