// The same message captured by two agents (a proxy's siptrace and heplify on the PBX, say) is
// one message: same message on the same hop from a different capture agent within a short window.
// A repeat from the same agent is a retransmission instead, which dialogs.ts counts.
//
// Hot path (every packet): O(1) per call. Fingerprints expire in arrival order from a ring, so
// eviction never walks the map.

/** Two agents see one packet within milliseconds; a second is generous and keeps memory small (rate x window entries). */
export const DUPLICATE_WINDOW_US = 1_000_000;
/** Hard cap on remembered fingerprints, whatever the rate (about 3 s at 60k packets/s). */
export const MAX_FINGERPRINTS = 200_000;

interface Seen {
  agent: string;
  ts: number;
}

export class DuplicateFilter {
  private readonly seen = new Map<string, Seen>();
  private readonly ringKeys: (string | undefined)[] = new Array<string | undefined>(MAX_FINGERPRINTS);
  private readonly ringTs = new Float64Array(MAX_FINGERPRINTS);
  private head = 0;
  private size = 0;

  /**
   * True when the message with this fingerprint was already taken from another agent within the
   * window. The fingerprint names one message on one hop: addresses, length, Call-ID, CSeq, start
   * line and top Via branch (two agents capturing one packet agree on all of them).
   */
  isDuplicate(fingerprint: string, agent: string, ts: number): boolean {
    this.evict(ts);
    const prev = this.seen.get(fingerprint);
    if (prev && prev.agent !== agent && Math.abs(ts - prev.ts) <= DUPLICATE_WINDOW_US) return true;
    if (prev && prev.agent === agent) prev.ts = ts;
    else this.seen.set(fingerprint, { agent, ts });
    this.push(fingerprint, ts);
    return false;
  }

  private push(key: string, ts: number): void {
    if (this.size === MAX_FINGERPRINTS) this.dropOldest();
    const i = (this.head + this.size) % MAX_FINGERPRINTS;
    this.ringKeys[i] = key;
    this.ringTs[i] = ts;
    this.size++;
  }

  private dropOldest(): void {
    const key = this.ringKeys[this.head];
    const ts = this.ringTs[this.head] as number;
    this.ringKeys[this.head] = undefined;
    this.head = (this.head + 1) % MAX_FINGERPRINTS;
    this.size--;
    // The key may have been seen again later; only the entry this ring slot made goes.
    if (key !== undefined && this.seen.get(key)?.ts === ts) this.seen.delete(key);
  }

  private evict(now: number): void {
    while (this.size > 0 && now - (this.ringTs[this.head] as number) > DUPLICATE_WINDOW_US) this.dropOldest();
  }
}
