// The calls a list shows: a bounded, keyed, mutable store (ARCHITECTURE section 7). Pushed deltas
// and fetched pages are upserted by (capture, Call-ID); the order is newest start first, like the
// core's pages. Readers get one immutable snapshot per change, built lazily, so a frame that saw
// ten deltas copies the order once.
import type { CallSummary } from '../../../../shared/contract.ts';

/**
 * Calls kept in memory per list. sngrep's default dialog limit is 20,000; the table stays smooth
 * well past that, and older calls are still one search away in the store.
 */
export const CALL_STORE_CAPACITY = 20_000;

/** Above this many new calls in one batch, appending and sorting once beats inserting one by one. */
const BULK_INSERT_FROM = 64;

export function callKey(call: Pick<CallSummary, 'capture' | 'callId'>): string {
  return `${call.capture}\u0000${call.callId}`;
}

/** Newest start first; ties broken by Call-ID so the order is stable across reloads. */
function newerFirst(a: CallSummary, b: CallSummary): number {
  return b.startedAt - a.startedAt || (a.callId < b.callId ? 1 : a.callId > b.callId ? -1 : 0);
}

export class CallStore {
  readonly capacity: number;
  #byKey = new Map<string, CallSummary>();
  #order: string[] = [];
  #snapshot: readonly CallSummary[] | null = [];

  constructor(capacity: number = CALL_STORE_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  get size(): number {
    return this.#order.length;
  }

  get full(): boolean {
    return this.#order.length >= this.capacity;
  }

  get(key: string): CallSummary | undefined {
    return this.#byKey.get(key);
  }

  /**
   * Adds new calls and replaces known ones with their newer summary (a page fetched before a delta
   * must not undo it). Returns whether anything changed. Past capacity the oldest calls go.
   */
  upsert(calls: readonly CallSummary[]): boolean {
    let changed = false;
    const added: CallSummary[] = [];
    for (const call of calls) {
      const key = callKey(call);
      const known = this.#byKey.get(key);
      if (known) {
        if (known === call || known.updatedAt > call.updatedAt) continue;
        this.#byKey.set(key, call);
        // A start time only moves when an earlier message of the call turns up late.
        if (known.startedAt !== call.startedAt) this.#reposition(key, call);
        changed = true;
      } else {
        this.#byKey.set(key, call);
        added.push(call);
        changed = true;
      }
    }
    if (added.length > BULK_INSERT_FROM) {
      for (const c of added) this.#order.push(callKey(c));
      this.#order.sort((a, b) => newerFirst(this.#byKey.get(a) as CallSummary, this.#byKey.get(b) as CallSummary));
    } else {
      for (const c of added) this.#insert(callKey(c), c);
    }
    this.#evict();
    if (changed) this.#snapshot = null;
    return changed;
  }

  /** Drops the calls with these keys (a call that stopped matching a filter); returns whether any was held. */
  remove(keys: readonly string[]): boolean {
    const gone = new Set(keys.filter((k) => this.#byKey.delete(k)));
    if (gone.size === 0) return false;
    this.#order = this.#order.filter((k) => !gone.has(k));
    this.#snapshot = null;
    return true;
  }

  clear(): boolean {
    if (this.#order.length === 0) return false;
    this.#byKey.clear();
    this.#order = [];
    this.#snapshot = null;
    return true;
  }

  /** Newest first. The same array until the next change, so it can be a table's data as is. */
  snapshot(): readonly CallSummary[] {
    if (this.#snapshot === null) this.#snapshot = this.#order.map((k) => this.#byKey.get(k) as CallSummary);
    return this.#snapshot;
  }

  #insert(key: string, call: CallSummary): void {
    // Binary search: live calls almost always land at index 0.
    let lo = 0;
    let hi = this.#order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newerFirst(this.#byKey.get(this.#order[mid] as string) as CallSummary, call) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.#order.splice(lo, 0, key);
  }

  #reposition(key: string, call: CallSummary): void {
    const at = this.#order.indexOf(key);
    if (at !== -1) this.#order.splice(at, 1);
    this.#insert(key, call);
  }

  #evict(): void {
    while (this.#order.length > this.capacity) {
      const oldest = this.#order.pop() as string;
      this.#byKey.delete(oldest);
    }
  }
}
