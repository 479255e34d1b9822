// Socket errors in words a user can act on ("port 9060/udp is already in use"), not errno codes.
import type { TransportProto } from '../../../shared/domain.ts';

export function describeBindError(err: unknown, host: string, port: number, proto: TransportProto): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port}/${proto} is already in use by another program`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied for port ${port}/${proto}${port < 1024 ? ' (ports below 1024 need administrator rights)' : ''}`;
    case 'EADDRNOTAVAIL':
      return `address ${host} is not an address of this machine`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `bind address ${host} could not be resolved`;
    case 'EAFNOSUPPORT':
      return `address family of ${host} is not supported here`;
    default:
      return `cannot listen on ${host}:${port}/${proto}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
