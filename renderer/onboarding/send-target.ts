// Where a PBX should send its data: the address of this machine that the listener actually accepts on.
import type { ListenerStatus, SourceConfig } from '../../shared/contract.ts';

export interface SendTarget {
  /** The address to put in the PBX's config. */
  address: string;
  port: number;
  udp: boolean;
  tcp: boolean;
  /** A caveat the user must read before copying, e.g. that only this machine can reach the listener. */
  note: string | null;
}

export const LOOPBACK_NOTE =
  'PBXScope listens on 127.0.0.1 only; set the bind address to 0.0.0.0 in Sources to receive from another machine.';
export const UNKNOWN_ADDRESS_NOTE =
  "PBXScope could not list this machine's network addresses; replace 127.0.0.1 with an address the PBX can reach.";

const WILDCARDS_V4 = new Set(['0.0.0.0', '']);
const WILDCARDS_ANY = new Set(['::', '[::]', '*']);

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export function isIpv6(address: string): boolean {
  return address.includes(':');
}

/** Picks this machine's best reachable address: IPv4 first, as every PBX config accepts it unbracketed. */
export function preferredHostAddress(hostAddresses: readonly string[] | undefined, ipv4Only: boolean): string | null {
  const list = hostAddresses ?? [];
  const v4 = list.find((a) => !isIpv6(a));
  if (v4 !== undefined || ipv4Only) return v4 ?? null;
  return list[0] ?? null;
}

/**
 * The port agents must send to: the one a listening socket of this source actually bound (a
 * configured 0 means "any free port"), UDP first; the configured port while nothing listens.
 */
export function boundPort(source: SourceConfig, listeners: readonly ListenerStatus[]): number {
  const listening = listeners.filter((l) => l.name === source.name && l.state === 'listening' && l.port > 0);
  const chosen =
    listening.find((l) => l.proto === 'udp' && source.udp) ??
    listening.find((l) => l.proto === 'tcp' && source.tcp) ??
    listening[0];
  return chosen?.port ?? source.port;
}

export function sendTarget(
  source: SourceConfig,
  hostAddresses: readonly string[] | undefined,
  listeners: readonly ListenerStatus[] = [],
): SendTarget {
  const base = { port: boundPort(source, listeners), udp: source.udp, tcp: source.tcp };
  const host = source.host.trim();
  if (WILDCARDS_V4.has(host) || WILDCARDS_ANY.has(host)) {
    const address = preferredHostAddress(hostAddresses, WILDCARDS_V4.has(host));
    if (address === null) return { ...base, address: '127.0.0.1', note: UNKNOWN_ADDRESS_NOTE };
    return { ...base, address, note: null };
  }
  if (isLoopback(host)) {
    return { ...base, address: isIpv6(host) ? '::1' : '127.0.0.1', note: LOOPBACK_NOTE };
  }
  return { ...base, address: host, note: null };
}

/** "10.0.0.5:9060", or "[fd00::5]:9060" for IPv6 as SIP URIs and host:port settings require. */
export function hostPort(address: string, port: number): string {
  const bare = address.replace(/^\[|\]$/g, '');
  return isIpv6(bare) ? `[${bare}]:${port}` : `${bare}:${port}`;
}
