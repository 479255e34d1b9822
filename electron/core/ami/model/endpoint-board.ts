// One PBX's SIP endpoints and their contacts: device state, reachability and qualify round trip.
import type { AmiEndpoint } from '../../../../shared/domain.ts';
import type { AmiMessage } from '../message.ts';
import { field, text } from './fields.ts';

/** Device technologies that are endpoints (Local/, Queue:, Custom: device states are not). */
const ENDPOINT_TECH = /^(PJSIP|SIP|IAX2)\//;

/** DeviceStateChange sends the AST_DEVICE_* name; EndpointList the text of ast_devstate_str. Show one form. */
const DEVICE_STATE_TEXT: Record<string, string> = {
  UNKNOWN: 'Unknown',
  NOT_INUSE: 'Not in use',
  INUSE: 'In use',
  BUSY: 'Busy',
  INVALID: 'Invalid',
  UNAVAILABLE: 'Unavailable',
  RINGING: 'Ringing',
  RINGINUSE: 'Ring+Inuse',
  ONHOLD: 'On Hold',
};

interface Contact {
  uri: string;
  status: string;
  rttMs?: number;
}

interface EndpointRec {
  name: string;
  state: string;
  contacts: Map<string, Contact>;
}

export class EndpointBoard {
  readonly pbx: string;
  private readonly endpoints = new Map<string, EndpointRec>();

  constructor(pbx: string) {
    this.pbx = pbx;
  }

  apply(msg: AmiMessage): void {
    switch (msg.name) {
      case 'DeviceStateChange':
        return this.deviceState(msg);
      case 'PeerStatus': {
        const name = endpointName(text(msg, 'Peer'));
        if (name) this.endpoint(name).state = text(msg, 'PeerStatus');
        return;
      }
      case 'ContactStatus':
        return this.contact(
          text(msg, 'EndpointName'),
          text(msg, 'URI'),
          text(msg, 'ContactStatus'),
          field(msg, 'RoundtripUsec'),
        );
    }
  }

  /**
   * Rebuild from the PJSIP lists that were answered in full: EndpointList (which endpoints exist,
   * their device state and contact URIs) replaces the set; ContactList / ContactStatusDetail set
   * contact status and round trip; DeviceStateList items refresh states.
   */
  resync(
    endpointItems: readonly AmiMessage[] | null,
    contactItems: readonly AmiMessage[],
    deviceItems: readonly AmiMessage[],
  ): void {
    if (endpointItems) {
      const old = new Map(this.endpoints);
      this.endpoints.clear();
      for (const msg of endpointItems) {
        if (msg.name !== 'EndpointList') continue;
        const name = text(msg, 'ObjectName');
        const prev = old.get(name);
        const rec: EndpointRec = { name, state: text(msg, 'DeviceState'), contacts: new Map() };
        // `Contacts: aor/uri,aor/uri,` names the registered contacts; their status comes from below.
        for (const part of text(msg, 'Contacts').split(',')) {
          const slash = part.indexOf('/');
          const uri = slash >= 0 ? part.slice(slash + 1).trim() : '';
          if (uri) rec.contacts.set(uri, prev?.contacts.get(uri) ?? { uri, status: 'Unknown' });
        }
        this.endpoints.set(name, rec);
      }
    }
    for (const msg of contactItems) {
      if (msg.name === 'ContactList')
        this.contact(
          text(msg, 'Endpoint'),
          text(msg, 'Uri'),
          text(msg, 'Status'),
          field(msg, 'RoundtripUsec'),
          endpointItems !== null,
        );
      else if (msg.name === 'ContactStatusDetail')
        this.contact(
          text(msg, 'EndpointName'),
          text(msg, 'URI'),
          text(msg, 'Status'),
          field(msg, 'RoundtripUsec'),
          endpointItems !== null,
        );
    }
    for (const msg of deviceItems) if (msg.name === 'DeviceStateChange') this.deviceState(msg, endpointItems !== null);
  }

  clear(): void {
    this.endpoints.clear();
  }

  list(): AmiEndpoint[] {
    return [...this.endpoints.values()].map((e) => ({
      pbx: this.pbx,
      name: e.name,
      state: e.state,
      contacts: [...e.contacts.values()].map((c) => ({ ...c })),
    }));
  }

  /** `onlyKnown`: after an EndpointList, a state for an endpoint it did not list is stale; do not resurrect it. */
  private deviceState(msg: AmiMessage, onlyKnown = false): void {
    const name = endpointName(text(msg, 'Device'));
    if (!name || (onlyKnown && !this.endpoints.has(name))) return;
    const state = text(msg, 'State');
    this.endpoint(name).state = DEVICE_STATE_TEXT[state] ?? state;
  }

  private contact(
    endpoint: string,
    uri: string,
    status: string,
    roundtripUsec: string | undefined,
    onlyKnown = false,
  ): void {
    if (!endpoint || !uri || (onlyKnown && !this.endpoints.has(endpoint))) return;
    const e = this.endpoint(endpoint);
    if (status === 'Removed') {
      e.contacts.delete(uri);
      return;
    }
    const prev = e.contacts.get(uri);
    // Created/Updated say the registration changed, not whether the contact answers qualify.
    const kept = (status === 'Updated' || status === 'Created') && prev ? prev.status : status;
    const c: Contact = { uri, status: kept };
    const usec = roundtripUsec === undefined ? NaN : Number(roundtripUsec);
    if (kept === 'Reachable' && Number.isFinite(usec) && usec > 0) c.rttMs = usec / 1000;
    else if (kept === prev?.status && prev.rttMs !== undefined) c.rttMs = prev.rttMs;
    e.contacts.set(uri, c);
  }

  private endpoint(name: string): EndpointRec {
    let e = this.endpoints.get(name);
    if (!e) {
      e = { name, state: 'Unknown', contacts: new Map() };
      this.endpoints.set(name, e);
    }
    return e;
  }
}

/** `PJSIP/alice` -> `alice`; other endpoint techs keep their prefix (`SIP/1001`); non-endpoints -> ''. */
function endpointName(device: string): string {
  if (!ENDPOINT_TECH.test(device)) return '';
  return device.startsWith('PJSIP/') ? device.slice('PJSIP/'.length) : device;
}
