// Reading an endpoint's reachability the way a tech on site would: the device state the PBX reports
// and its contacts' qualify status and round-trip time.
import type { AmiEndpoint } from '../../../../shared/contract.ts';

/** Qualify RTT above which a contact is worth a look (jitter buffers start to struggle), ms. */
export const RTT_WARN_MS = 150;
/** Qualify RTT above which calls to the contact will sound bad, ms. */
export const RTT_BAD_MS = 400;

export type Health = 'ok' | 'busy' | 'bad' | 'unknown';

/** Device states (ast_devstate_str) and contact statuses (ast_sip_get_contact_status_label). */
const STATE_HEALTH: Record<string, Health> = {
  'not in use': 'ok',
  reachable: 'ok',
  avail: 'ok',
  'in use': 'busy',
  busy: 'busy',
  ringing: 'busy',
  'ring+inuse': 'busy',
  'on hold': 'busy',
  unavailable: 'bad',
  unreachable: 'bad',
  invalid: 'bad',
  unknown: 'unknown',
  nonqualified: 'unknown',
  created: 'unknown',
  removed: 'bad',
};

export function stateHealth(state: string): Health {
  return STATE_HEALTH[state.trim().toLowerCase()] ?? 'unknown';
}

export function rttTone(rttMs: number | undefined): 'ok' | 'warn' | 'bad' | null {
  if (rttMs === undefined) return null;
  if (rttMs > RTT_BAD_MS) return 'bad';
  if (rttMs > RTT_WARN_MS) return 'warn';
  return 'ok';
}

export interface EndpointCounts {
  total: number;
  reachable: number;
  unreachable: number;
}

/** Reachable: the PBX can use it now (idle or busy). Unreachable: it cannot. */
export function countEndpoints(endpoints: readonly AmiEndpoint[]): EndpointCounts {
  let reachable = 0;
  let unreachable = 0;
  for (const e of endpoints) {
    const h = stateHealth(e.state);
    if (h === 'ok' || h === 'busy') reachable++;
    else if (h === 'bad') unreachable++;
  }
  return { total: endpoints.length, reachable, unreachable };
}
