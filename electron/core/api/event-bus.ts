// Typed publish/subscribe for the event streams of the contract. Producers publish already
// batched payloads (one per stream per 50-100 ms); `BatchedStream` does that batching for
// producers that emit item by item.
import type { EventName, Events } from '../../../shared/contract.ts';

type Listener<K extends EventName> = (payload: Events[K]) => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  subscribe<K extends EventName>(name: K, cb: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(cb as Listener<EventName>);
    return () => set.delete(cb as Listener<EventName>);
  }

  publish<K extends EventName>(name: K, payload: Events[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const cb of set) {
      try {
        cb(payload);
      } catch {
        // A failing subscriber (a closed socket, a broken window) must not stop the others.
      }
    }
  }

  listenerCount(name: EventName): number {
    return this.listeners.get(name)?.size ?? 0;
  }
}

/** Streams that push items one at a time are coalesced to one message per interval. */
export const STREAM_BATCH_MS = 75;

export class BatchedStream<T> {
  private items: T[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly flushFn: (items: T[]) => void;
  private readonly intervalMs: number;

  constructor(flushFn: (items: T[]) => void, intervalMs = STREAM_BATCH_MS) {
    this.flushFn = flushFn;
    this.intervalMs = intervalMs;
  }

  push(item: T): void {
    this.items.push(item);
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.items.length === 0) return;
    const out = this.items;
    this.items = [];
    this.flushFn(out);
  }

  stop(): void {
    this.flush();
  }
}
