// The same message captured by two agents (a proxy's siptrace and heplify on the PBX, say) is
// one message: same payload and addresses from a different capture agent within a short window.
// A repeat from the same agent is a retransmission instead, which dialogs.ts counts.
import { hash } from 'node:crypto';

/** Two agents see one packet within milliseconds; a second is generous and keeps memory small (rate x window entries). */
export const DUPLICATE_WINDOW_US = 1_000_000;
/** Hard cap on remembered fingerprints, whatever the rate. */
export const MAX_FINGERPRINTS = 200_000;

interface Seen {
  agent: string;
  ts: number;
}

export class DuplicateFilter {
  private readonly seen = new Map<string, Seen>();

  /** True when this exact message was already taken from another agent within the window. */
  isDuplicate(payload: Buffer, src: string, dst: string, agent: string, ts: number): boolean {
    this.evict(ts);
    const key = `${src}>${dst}|${payload.length}|${hash('sha1', payload, 'base64')}`;
    const prev = this.seen.get(key);
    if (prev && prev.agent !== agent && Math.abs(ts - prev.ts) <= DUPLICATE_WINDOW_US) return true;
    if (!prev || prev.agent === agent) {
      this.seen.delete(key);
      this.seen.set(key, { agent, ts });
    }
    return false;
  }

  private evict(now: number): void {
    for (const [k, v] of this.seen) {
      if (this.seen.size <= MAX_FINGERPRINTS && now - v.ts <= DUPLICATE_WINDOW_US) break;
      this.seen.delete(k);
    }
  }
}
