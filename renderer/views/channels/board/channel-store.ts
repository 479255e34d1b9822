// Every live channel and bridge of every PBX, in mutable maps keyed by PBX then Uniqueid / bridge
// id (ARCHITECTURE section 7): a `channels.delta` costs what it changes, not what the board holds.
// Readers get one immutable snapshot per change, built lazily, so a frame that saw twenty deltas
// copies the maps once.
import type { AmiBridge, AmiChannel, ChannelsDelta } from '../../../../shared/contract.ts';
import type { LiveSource } from '../../../state/live-buffer.ts';

export interface BoardSnapshot {
  channels: readonly AmiChannel[];
  /** By `${pbx}\u0000${bridgeId}`. */
  bridges: ReadonlyMap<string, AmiBridge>;
}

export function channelKey(c: Pick<AmiChannel, 'pbx' | 'uniqueid'>): string {
  return `${c.pbx}\u0000${c.uniqueid}`;
}

export function bridgeKey(pbx: string, id: string): string {
  return `${pbx}\u0000${id}`;
}

export class ChannelStore implements LiveSource {
  #channels = new Map<string, Map<string, AmiChannel>>();
  #bridges = new Map<string, Map<string, AmiBridge>>();
  #version = 0;
  #snapshot: BoardSnapshot | null = null;
  #listeners = new Set<() => void>();

  get version(): number {
    return this.#version;
  }

  /** Channels held, over every PBX. */
  get size(): number {
    let n = 0;
    for (const m of this.#channels.values()) n += m.size;
    return n;
  }

  subscribe(onChange: () => void): () => void {
    this.#listeners.add(onChange);
    return () => {
      this.#listeners.delete(onChange);
    };
  }

  /** The answer of `channels.list` for every PBX: what it does not name is gone. */
  replaceAll(channels: readonly AmiChannel[], bridges: readonly AmiBridge[]): void {
    this.#channels.clear();
    this.#bridges.clear();
    for (const c of channels) this.#pbxChannels(c.pbx).set(c.uniqueid, c);
    for (const b of bridges) this.#pbxBridges(b.pbx).set(b.id, b);
    this.#changed();
  }

  /** One `channels.delta` batch; a `reset` entry replaces everything of its PBX. */
  applyDeltas(deltas: readonly ChannelsDelta[]): void {
    if (deltas.length === 0) return;
    for (const d of deltas) {
      if (d.reset) {
        this.#channels.delete(d.pbx);
        this.#bridges.delete(d.pbx);
      }
      if (d.channels.length > 0) {
        const byId = this.#pbxChannels(d.pbx);
        for (const c of d.channels) byId.set(c.uniqueid, c);
      }
      if (d.removed.length > 0) {
        const byId = this.#channels.get(d.pbx);
        if (byId) for (const id of d.removed) byId.delete(id);
      }
      if (d.bridges.length > 0) {
        const byId = this.#pbxBridges(d.pbx);
        for (const b of d.bridges) byId.set(b.id, b);
      }
      if (d.removedBridges.length > 0) {
        const byId = this.#bridges.get(d.pbx);
        if (byId) for (const id of d.removedBridges) byId.delete(id);
      }
    }
    this.#changed();
  }

  /** Drops a PBX that is no longer configured. */
  removePbx(pbx: string): void {
    const hadChannels = this.#channels.delete(pbx);
    const hadBridges = this.#bridges.delete(pbx);
    if (hadChannels || hadBridges) this.#changed();
  }

  pbxs(): string[] {
    return [...this.#channels.keys()].filter((p) => (this.#channels.get(p)?.size ?? 0) > 0);
  }

  /** The same object until the next change. */
  snapshot(): BoardSnapshot {
    if (this.#snapshot === null) {
      const channels: AmiChannel[] = [];
      for (const m of this.#channels.values()) for (const c of m.values()) channels.push(c);
      const bridges = new Map<string, AmiBridge>();
      for (const [pbx, m] of this.#bridges) for (const b of m.values()) bridges.set(bridgeKey(pbx, b.id), b);
      this.#snapshot = { channels, bridges };
    }
    return this.#snapshot;
  }

  #pbxChannels(pbx: string): Map<string, AmiChannel> {
    let m = this.#channels.get(pbx);
    if (!m) {
      m = new Map();
      this.#channels.set(pbx, m);
    }
    return m;
  }

  #pbxBridges(pbx: string): Map<string, AmiBridge> {
    let m = this.#bridges.get(pbx);
    if (!m) {
      m = new Map();
      this.#bridges.set(pbx, m);
    }
    return m;
  }

  #changed(): void {
    this.#version++;
    this.#snapshot = null;
    for (const cb of [...this.#listeners]) cb();
  }
}
