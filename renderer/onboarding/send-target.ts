// Where a PBX should send its data: the address of this machine that the listener actually accepts on.
import type { SourceConfig } from '../../shared/contract.ts';

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

export function sendTarget(source: SourceConfig, hostAddresses: readonly string[] | undefined): SendTarget {
  const base = { port: source.port, udp: source.udp, tcp: source.tcp };
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
