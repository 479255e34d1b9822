// Free UDP ports on loopback, found by bind-and-release, and a wait for another process to bind
// one. Other people run SIP labs on this machine (5060/5070/5080...), so nothing here is fixed.
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const HOST = '127.0.0.1';
/** A port whose neighbour (+2, sipp's video media socket) is taken is retried; this many tries is plenty. */
const MAX_NEIGHBOUR_TRIES = 20;
/** How often /proc/net/udp is re-read while waiting for a child to bind. */
const BIND_POLL_MS = 50;

function bind(port: number): Promise<dgram.Socket | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(null);
    });
    s.bind(port, HOST, () => resolve(s));
  });
}

/**
 * `count` distinct free ports. For each, `neighbours` offsets (e.g. [2]) must be free too.
 * All sockets are held until every port is chosen, so no two answers collide.
 */
export async function freeUdpPorts(count: number, neighbours: readonly number[] = []): Promise<number[]> {
  const held: dgram.Socket[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      let found = false;
      for (let attempt = 0; attempt < MAX_NEIGHBOUR_TRIES && !found; attempt++) {
        const base = await bind(0);
        if (!base) throw new Error(`cannot bind any UDP port on ${HOST}`);
        held.push(base);
        const port = base.address().port;
        const extra: dgram.Socket[] = [];
        for (const offset of neighbours) {
          const s = await bind(port + offset);
          if (!s) break;
          extra.push(s);
        }
        held.push(...extra);
        found = extra.length === neighbours.length;
        if (found) ports.push(port);
      }
      if (!found)
        throw new Error(
          `no free UDP port with free neighbours ${neighbours.join(',')} after ${MAX_NEIGHBOUR_TRIES} tries`,
        );
    }
    return ports;
  } finally {
    await Promise.all(held.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

/** freeUdpPorts with a name for each port, e.g. { proxy: 40123, uac: 40871 }. */
export async function freeUdpPortsByName<K extends string>(
  names: readonly K[],
  neighbours: readonly number[] = [],
): Promise<Record<K, number>> {
  const ports = await freeUdpPorts(names.length, neighbours);
  return Object.fromEntries(names.map((name, i) => [name, ports[i]])) as Record<K, number>;
}

/** True when some socket is bound to 127.0.0.1:port (or the wildcard) over UDP/IPv4. */
export function udpPortBound(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const lines = readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1);
  return lines.some((line) => {
    const local = line.trim().split(/\s+/)[1];
    return local === `0100007F:${hexPort}` || local === `00000000:${hexPort}`;
  });
}

/** Resolves once the port is bound; rejects after `ms` or as soon as `alive()` says the binder died. */
export async function waitForUdpBind(port: number, ms: number, alive: () => boolean, who: string): Promise<void> {
  const end = Date.now() + ms;
  while (!udpPortBound(port)) {
    if (!alive()) throw new Error(`${who} exited before binding udp 127.0.0.1:${port}`);
    if (Date.now() > end) throw new Error(`${who} did not bind udp 127.0.0.1:${port} within ${ms} ms`);
    await sleep(BIND_POLL_MS);
  }
}
