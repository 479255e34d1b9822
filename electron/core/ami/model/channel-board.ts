// One PBX's channels and bridges as they are now, with what changed since the last delta.
// Only Newchannel (or a resync list) creates a channel: Asterisk sends events for a Uniqueid after
// its Hangup (NewConnectedLine, Cdr), and creating channels from those would leave ghosts.
import type { AmiBridge, AmiChannel, ChannelsDelta } from '../../../../shared/domain.ts';
import type { AmiMessage } from '../message.ts';
import { field, int, text } from './fields.ts';

/** ChannelState code of an answered channel (AST_STATE_UP). */
const STATE_UP = '6';

/** A channel that hung up: what the history row is made of. */
export interface EndedChannel {
  pbx: string;
  uniqueid: string;
  linkedid: string;
  channel: string;
  callerIdNum: string;
  callerIdName: string;
  connectedLineNum: string;
  connectedLineName: string;
  accountCode: string;
  /** Where the channel entered the dialplan (like CDR dcontext/dst), else its last position. */
  context: string;
  exten: string;
  createdAt: number;
  answeredAt?: number;
  endedAt: number;
  cause: number | null;
  causeTxt: string;
}

interface ChannelRec {
  ch: AmiChannel;
  /** First dialplan position (Newexten), '' until the channel runs dialplan. */
  dialContext: string;
  dialExten: string;
}

interface BridgeRec {
  id: string;
  type: string;
  technology: string;
  channels: Set<string>;
}

export class ChannelBoard {
  readonly pbx: string;
  private readonly channels = new Map<string, ChannelRec>();
  /** Linkedid -> Uniqueids: the channels of one call. */
  private readonly calls = new Map<string, Set<string>>();
  private readonly bridges = new Map<string, BridgeRec>();
  private dirty = new Set<string>();
  private removed = new Set<string>();
  private dirtyBridges = new Set<string>();
  private removedBridges = new Set<string>();
  private reset = false;
  private ended: EndedChannel[] = [];

  constructor(pbx: string) {
    this.pbx = pbx;
  }

  get size(): number {
    return this.channels.size;
  }

  apply(msg: AmiMessage, nowUs: number): void {
    switch (msg.name) {
      case 'Newchannel':
        return this.create(msg, nowUs);
      case 'Newstate':
      case 'NewCallerid':
      case 'NewConnectedLine':
      case 'NewAccountCode':
        return this.update(msg, nowUs, false);
      case 'Newexten':
        return this.update(msg, nowUs, true);
      case 'Hangup':
        return this.hangup(msg, nowUs);
      case 'BridgeCreate':
        this.bridge(msg, '');
        return;
      case 'BridgeEnter':
        return this.enter(msg, nowUs);
      case 'BridgeLeave':
        return this.leave(msg, nowUs);
      case 'BridgeDestroy':
        return this.destroyBridge(text(msg, 'BridgeUniqueid'));
      case 'BridgeMerge':
        return this.merge(text(msg, 'FromBridgeUniqueid'), msg);
    }
  }

  /**
   * Replace the channels with a CoreShowChannels answer (and the bridges with a BridgeList answer
   * when there is one): anything not listed is gone, without a history row (we did not see it
   * end, so its end time is unknown). Channels we already knew keep their own creation and answer
   * times; new ones are dated from the list's Duration.
   */
  resync(channelItems: readonly AmiMessage[], bridgeItems: readonly AmiMessage[] | null, nowUs: number): void {
    const old = new Map(this.channels);
    const oldBridges = new Map(this.bridges);
    this.channels.clear();
    this.calls.clear();
    this.bridges.clear();
    for (const msg of channelItems) {
      if (msg.name !== 'CoreShowChannel') continue;
      const uniqueid = text(msg, 'Uniqueid');
      let rec = old.get(uniqueid);
      if (!rec) {
        const createdAt = nowUs - hms(text(msg, 'Duration')) * 1_000_000;
        rec = { ch: blankChannel(this.pbx, uniqueid, createdAt), dialContext: '', dialExten: '' };
      }
      delete rec.ch.bridgeId;
      this.channels.set(uniqueid, rec);
      applySnapshot(rec.ch, msg, nowUs);
      this.index(rec.ch);
      const bridgeId = text(msg, 'BridgeId');
      if (bridgeId) {
        const prev = oldBridges.get(bridgeId);
        const b = this.bridge(msg, bridgeId, prev?.type ?? '', prev?.technology ?? '');
        b.channels.add(uniqueid);
        rec.ch.bridgeId = bridgeId;
      }
    }
    if (bridgeItems) {
      // BridgeList says which bridges exist and their type; it does not name their channels.
      const listed = new Set<string>();
      for (const msg of bridgeItems) {
        if (msg.name !== 'BridgeListItem') continue;
        listed.add(text(msg, 'BridgeUniqueid'));
        this.bridge(msg, '');
      }
      for (const id of [...this.bridges.keys()])
        if (!listed.has(id) && this.bridges.get(id)!.channels.size === 0) this.bridges.delete(id);
    }
    this.reset = true;
    this.dirty.clear();
    this.removed.clear();
    this.dirtyBridges.clear();
    this.removedBridges.clear();
  }

  /** Forget everything (PBX shut down or removed): the next delta resets the board to empty. */
  clear(): void {
    this.channels.clear();
    this.calls.clear();
    this.bridges.clear();
    this.reset = true;
    this.dirty.clear();
    this.removed.clear();
    this.dirtyBridges.clear();
    this.removedBridges.clear();
  }

  has(uniqueid: string): boolean {
    return this.channels.has(uniqueid);
  }

  uniqueids(): Set<string> {
    return new Set(this.channels.keys());
  }

  /** Changes since the last take, or null when there are none. Channels and bridges are copies. */
  takeDelta(): ChannelsDelta | null {
    if (!this.reset && this.dirty.size + this.removed.size + this.dirtyBridges.size + this.removedBridges.size === 0)
      return null;
    const delta: ChannelsDelta = this.reset
      ? {
          pbx: this.pbx,
          reset: true,
          channels: this.listChannels(),
          removed: [],
          bridges: this.listBridges(),
          removedBridges: [],
        }
      : {
          pbx: this.pbx,
          reset: false,
          channels: [...this.dirty].flatMap((id) => {
            const r = this.channels.get(id);
            return r ? [{ ...r.ch }] : [];
          }),
          removed: [...this.removed],
          bridges: [...this.dirtyBridges].flatMap((id) => {
            const b = this.bridges.get(id);
            return b ? [bridgeOut(this.pbx, b)] : [];
          }),
          removedBridges: [...this.removedBridges],
        };
    this.reset = false;
    this.dirty.clear();
    this.removed.clear();
    this.dirtyBridges.clear();
    this.removedBridges.clear();
    return delta;
  }

  /** Channels that hung up since the last take. */
  takeEnded(): EndedChannel[] {
    const e = this.ended;
    this.ended = [];
    return e;
  }

  listChannels(): AmiChannel[] {
    return [...this.channels.values()].map((r) => ({ ...r.ch }));
  }

  listBridges(): AmiBridge[] {
    return [...this.bridges.values()].map((b) => bridgeOut(this.pbx, b));
  }

  /** Channels grouped by Linkedid, oldest channel first in each call. */
  listCalls(): { pbx: string; linkedid: string; channels: AmiChannel[] }[] {
    return [...this.calls].map(([linkedid, ids]) => ({
      pbx: this.pbx,
      linkedid,
      channels: [...ids]
        .flatMap((id) => {
          const r = this.channels.get(id);
          return r ? [{ ...r.ch }] : [];
        })
        .sort((a, b) => a.createdAt - b.createdAt),
    }));
  }

  private create(msg: AmiMessage, nowUs: number): void {
    const uniqueid = text(msg, 'Uniqueid');
    let rec = this.channels.get(uniqueid);
    if (!rec) {
      rec = { ch: blankChannel(this.pbx, uniqueid, nowUs), dialContext: '', dialExten: '' };
      this.channels.set(uniqueid, rec);
    }
    const before = rec.ch.linkedid;
    applySnapshot(rec.ch, msg, nowUs);
    this.relink(rec.ch, before);
    this.removed.delete(uniqueid);
    this.dirty.add(uniqueid);
  }

  private update(msg: AmiMessage, nowUs: number, dialplan: boolean): void {
    const uniqueid = text(msg, 'Uniqueid');
    const rec = this.channels.get(uniqueid);
    if (!rec) return;
    const before = rec.ch.linkedid;
    applySnapshot(rec.ch, msg, nowUs);
    if (before !== rec.ch.linkedid) this.relink(rec.ch, before);
    if (dialplan && rec.dialExten === '') {
      rec.dialContext = rec.ch.context;
      rec.dialExten = rec.ch.exten;
    }
    this.dirty.add(uniqueid);
  }

  private hangup(msg: AmiMessage, nowUs: number): void {
    const uniqueid = text(msg, 'Uniqueid');
    const rec = this.channels.get(uniqueid);
    if (!rec) return;
    applySnapshot(rec.ch, msg, nowUs);
    const ch = rec.ch;
    const ended: EndedChannel = {
      pbx: this.pbx,
      uniqueid,
      linkedid: ch.linkedid,
      channel: ch.channel,
      callerIdNum: ch.callerIdNum,
      callerIdName: ch.callerIdName,
      connectedLineNum: ch.connectedLineNum,
      connectedLineName: ch.connectedLineName,
      accountCode: ch.accountCode,
      context: rec.dialExten !== '' ? rec.dialContext : ch.context,
      exten: rec.dialExten !== '' ? rec.dialExten : ch.exten,
      createdAt: ch.createdAt,
      endedAt: nowUs,
      cause: field(msg, 'Cause') === undefined ? null : int(msg, 'Cause', 0),
      causeTxt: text(msg, 'Cause-txt'),
    };
    if (ch.answeredAt !== undefined) ended.answeredAt = ch.answeredAt;
    this.ended.push(ended);
    if (ch.bridgeId !== undefined) this.unbridge(uniqueid, ch.bridgeId);
    this.unindex(ch.linkedid, uniqueid);
    this.channels.delete(uniqueid);
    this.dirty.delete(uniqueid);
    this.removed.add(uniqueid);
  }

  private enter(msg: AmiMessage, nowUs: number): void {
    const b = this.bridge(msg, '');
    this.dirtyBridges.add(b.id);
    const swap = field(msg, 'SwapUniqueid');
    if (swap) this.unbridge(swap, b.id);
    const uniqueid = text(msg, 'Uniqueid');
    const rec = this.channels.get(uniqueid);
    if (!rec) return;
    if (rec.ch.bridgeId !== undefined && rec.ch.bridgeId !== b.id) this.unbridge(uniqueid, rec.ch.bridgeId);
    b.channels.add(uniqueid);
    applySnapshot(rec.ch, msg, nowUs);
    rec.ch.bridgeId = b.id;
    this.dirty.add(uniqueid);
  }

  private leave(msg: AmiMessage, nowUs: number): void {
    const id = text(msg, 'BridgeUniqueid');
    const uniqueid = text(msg, 'Uniqueid');
    this.unbridge(uniqueid, id);
    const rec = this.channels.get(uniqueid);
    if (rec) applySnapshot(rec.ch, msg, nowUs);
  }

  private merge(fromId: string, msg: AmiMessage): void {
    const from = this.bridges.get(fromId);
    const toId = text(msg, 'ToBridgeUniqueid');
    if (!from || !toId) return;
    const to =
      this.bridges.get(toId) ?? this.addBridge(toId, text(msg, 'ToBridgeType'), text(msg, 'ToBridgeTechnology'));
    for (const uniqueid of from.channels) {
      to.channels.add(uniqueid);
      const rec = this.channels.get(uniqueid);
      if (rec) {
        rec.ch.bridgeId = toId;
        this.dirty.add(uniqueid);
      }
    }
    from.channels.clear();
    this.destroyBridge(fromId);
    this.dirtyBridges.add(toId);
  }

  private destroyBridge(id: string): void {
    const b = this.bridges.get(id);
    if (!b) return;
    for (const uniqueid of b.channels) {
      const rec = this.channels.get(uniqueid);
      if (rec?.ch.bridgeId === id) {
        delete rec.ch.bridgeId;
        this.dirty.add(uniqueid);
      }
    }
    this.bridges.delete(id);
    this.dirtyBridges.delete(id);
    this.removedBridges.add(id);
  }

  private unbridge(uniqueid: string, bridgeId: string): void {
    const b = this.bridges.get(bridgeId);
    if (b?.channels.delete(uniqueid)) this.dirtyBridges.add(bridgeId);
    const rec = this.channels.get(uniqueid);
    if (rec?.ch.bridgeId === bridgeId) {
      delete rec.ch.bridgeId;
      this.dirty.add(uniqueid);
    }
  }

  /** The bridge of a bridge-block message (`BridgeUniqueid`, or `id`), created or refreshed. */
  private bridge(msg: AmiMessage, id: string, type = '', technology = ''): BridgeRec {
    const bid = id || text(msg, 'BridgeUniqueid');
    const t = id ? type : text(msg, 'BridgeType');
    const tech = id ? technology : text(msg, 'BridgeTechnology');
    const b = this.bridges.get(bid);
    if (!b) return this.addBridge(bid, t, tech);
    // The technology changes as the bridge does (simple_bridge -> native_rtp...).
    if ((t && t !== b.type) || (tech && tech !== b.technology)) {
      if (t) b.type = t;
      if (tech) b.technology = tech;
      this.dirtyBridges.add(bid);
    }
    return b;
  }

  private addBridge(id: string, type: string, technology: string): BridgeRec {
    const b: BridgeRec = { id, type, technology, channels: new Set() };
    this.bridges.set(id, b);
    this.removedBridges.delete(id);
    this.dirtyBridges.add(id);
    return b;
  }

  private relink(ch: AmiChannel, before: string): void {
    if (before !== '') this.unindex(before, ch.uniqueid);
    this.index(ch);
  }

  private index(ch: AmiChannel): void {
    let ids = this.calls.get(ch.linkedid);
    if (!ids) {
      ids = new Set();
      this.calls.set(ch.linkedid, ids);
    }
    ids.add(ch.uniqueid);
  }

  private unindex(linkedid: string, uniqueid: string): void {
    const ids = this.calls.get(linkedid);
    if (ids?.delete(uniqueid) && ids.size === 0) this.calls.delete(linkedid);
  }
}

function blankChannel(pbx: string, uniqueid: string, createdAt: number): AmiChannel {
  return {
    pbx,
    uniqueid,
    linkedid: '',
    channel: '',
    state: '',
    callerIdNum: '',
    callerIdName: '',
    connectedLineNum: '',
    connectedLineName: '',
    context: '',
    exten: '',
    priority: '',
    application: '',
    appData: '',
    accountCode: '',
    createdAt,
  };
}

const unknown = (v: string): string => (v === '<unknown>' ? '' : v);

/**
 * Copies the channel snapshot block (reference §2) onto the channel in one pass over the headers:
 * the model's hottest loop, so no per-key lookups. Dest* (the other party in Dial events) and
 * other prefixed blocks have different key names and are ignored here.
 */
function applySnapshot(ch: AmiChannel, msg: AmiMessage, nowUs: number): void {
  const f = msg.fields;
  for (let i = 0; i < f.length; i++) {
    const [k, v] = f[i]!;
    switch (k) {
      case 'Channel':
        ch.channel = v;
        break;
      case 'ChannelState':
        if (v === STATE_UP && ch.answeredAt === undefined) ch.answeredAt = nowUs;
        break;
      case 'ChannelStateDesc':
        ch.state = v;
        break;
      case 'CallerIDNum':
        ch.callerIdNum = unknown(v);
        break;
      case 'CallerIDName':
        ch.callerIdName = unknown(v);
        break;
      case 'ConnectedLineNum':
        ch.connectedLineNum = unknown(v);
        break;
      case 'ConnectedLineName':
        ch.connectedLineName = unknown(v);
        break;
      case 'AccountCode':
        ch.accountCode = v;
        break;
      case 'Context':
        ch.context = v;
        break;
      case 'Exten':
        ch.exten = v;
        break;
      case 'Priority':
        ch.priority = v;
        break;
      case 'Linkedid':
        ch.linkedid = v;
        break;
      case 'Application':
        ch.application = v;
        break;
      case 'AppData':
      case 'ApplicationData':
        ch.appData = v;
        break;
    }
  }
}

/** CoreShowChannel Duration `HH:MM:SS` (hours may exceed 24) to seconds; 0 when unreadable. */
function hms(v: string): number {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec(v);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
}

function bridgeOut(pbx: string, b: BridgeRec): AmiBridge {
  return { pbx, id: b.id, type: b.type, technology: b.technology, channels: [...b.channels] };
}
