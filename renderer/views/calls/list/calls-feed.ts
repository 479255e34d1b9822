// Feeds the calls list: the first page from `calls.search`, then every pushed `calls.delta` merged
// into a bounded store, and older pages on demand through the keyset cursor. With a filter active a
// second store holds only matching calls (queried with the filter, deltas matched by the same rule),
// while the unfiltered store keeps following traffic so clearing the filter is instant.
// An imported capture is a closed file: its feed pages through `calls.search` with `capture` and
// ignores live deltas, which only ever describe the live capture.
import type { CallSummary } from '../../../../shared/contract.ts';
import type { MonitorClient } from '../../../client/monitor-client.ts';
import type { LiveSource } from '../../../state/live-buffer.ts';
import { CALL_STORE_CAPACITY, CallStore, callKey } from './call-store.ts';
import { matchesSearch, type CallSearchParams } from './call-filter.ts';

/** Rows per request: several screens of a 28 px table, answered by the core in a few ms. */
export const CALLS_PAGE_SIZE = 500;

/** The live capture's number: the core's default when a search names no capture. */
const LIVE_CAPTURE = 0;

export type FeedStatus = 'loading' | 'ready' | 'error';

export interface FeedView {
  /** What the table shows: the filtered calls when a filter is active, else all of them. Newest first. */
  calls: readonly CallSummary[];
  filtered: boolean;
  status: FeedStatus;
  error: string | null;
  /** The shown list has older calls the core can still page in. */
  hasMore: boolean;
  loadingMore: boolean;
  /** The shown list reached its memory bound: older pages are not fetched any more. */
  full: boolean;
  /** Unfiltered calls in memory, and whether the core holds older ones. */
  total: number;
  totalHasMore: boolean;
  /** The unfiltered list's first page has been answered (an empty answer means no call at all). */
  totalReady: boolean;
}

interface CallList {
  store: CallStore;
  params: CallSearchParams;
  cursor: string | null;
  /** Set once the first page answered: a reload after that must not rewind the cursor. */
  paged: boolean;
  status: FeedStatus;
  error: string | null;
  loadingMore: boolean;
}

export interface CallsFeedOptions {
  pageSize?: number;
  capacity?: number;
  /** 0 (default) follows live traffic; another id browses that imported capture. */
  capture?: number;
}

export class CallsFeed implements LiveSource {
  readonly #client: MonitorClient;
  readonly #pageSize: number;
  readonly #capacity: number;
  readonly capture: number;
  #all: CallList;
  #filtered: CallList | null = null;
  #version = 0;
  #view: { version: number; value: FeedView } | null = null;
  #listeners = new Set<() => void>();
  #unsubscribe: (() => void) | null = null;

  constructor(client: MonitorClient, opts: CallsFeedOptions = {}) {
    this.#client = client;
    this.#pageSize = opts.pageSize ?? CALLS_PAGE_SIZE;
    this.#capacity = opts.capacity ?? CALL_STORE_CAPACITY;
    this.capture = opts.capture ?? LIVE_CAPTURE;
    this.#all = this.#newList({});
  }

  get version(): number {
    return this.#version;
  }

  subscribe(onChange: () => void): () => void {
    this.#listeners.add(onChange);
    return () => {
      this.#listeners.delete(onChange);
    };
  }

  /** Starts following `calls.delta` and loads the first page; returns the stop function. */
  start(): () => void {
    if (this.capture === LIVE_CAPTURE) {
      this.#unsubscribe ??= this.#client.subscribe('calls.delta', (payload) => this.#onDelta(payload.calls));
    }
    void this.#loadFirst(this.#all);
    return () => this.stop();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Null shows every call; params query the core and filter what is pushed from now on. */
  setSearch(params: CallSearchParams | null): void {
    if (params === null) {
      if (this.#filtered === null) return;
      this.#filtered = null;
      this.#changed();
      return;
    }
    const list = this.#newList(params);
    this.#filtered = list;
    this.#changed();
    void this.#loadFirst(list);
  }

  /** Fetches the first page again and merges it: after a reconnect, deltas may have been missed. */
  reload(): void {
    void this.#loadFirst(this.#all);
    if (this.#filtered) void this.#loadFirst(this.#filtered);
  }

  /** Fetches the next older page of the shown list, if there is one and nothing is in flight. */
  async loadMore(): Promise<void> {
    const list = this.#filtered ?? this.#all;
    if (list.cursor === null || list.loadingMore || list.store.full || list.status !== 'ready') return;
    list.loadingMore = true;
    this.#changed();
    const result = await this.#client.invoke('calls.search', {
      ...list.params,
      limit: this.#pageSize,
      cursor: list.cursor,
    });
    list.loadingMore = false;
    if (!this.#isCurrent(list)) return;
    if (result.ok) {
      list.store.upsert(result.result.items.filter((c) => this.#isOurs(c)));
      list.cursor = result.result.nextCursor;
      list.error = null;
    } else {
      list.error = result.message;
    }
    this.#changed();
  }

  get view(): FeedView {
    if (this.#view?.version === this.#version) return this.#view.value;
    const shown = this.#filtered ?? this.#all;
    const value: FeedView = {
      calls: shown.store.snapshot(),
      filtered: this.#filtered !== null,
      status: shown.status,
      error: shown.error,
      hasMore: shown.cursor !== null,
      loadingMore: shown.loadingMore,
      full: shown.store.full,
      total: this.#all.store.size,
      totalHasMore: this.#all.cursor !== null,
      totalReady: this.#all.paged,
    };
    this.#view = { version: this.#version, value };
    return value;
  }

  #newList(params: CallSearchParams): CallList {
    return {
      store: new CallStore(this.#capacity),
      // The live capture is the core's default, so live queries stay exactly as they were.
      params: this.capture === LIVE_CAPTURE ? params : { ...params, capture: this.capture },
      cursor: null,
      paged: false,
      status: 'loading',
      error: null,
      loadingMore: false,
    };
  }

  #isCurrent(list: CallList): boolean {
    return list === this.#all || list === this.#filtered;
  }

  async #loadFirst(list: CallList): Promise<void> {
    const result = await this.#client.invoke('calls.search', { ...list.params, limit: this.#pageSize });
    if (!this.#isCurrent(list)) return;
    if (result.ok) {
      list.store.upsert(result.result.items.filter((c) => this.#isOurs(c)));
      if (!list.paged) list.cursor = result.result.nextCursor;
      list.paged = true;
      list.status = 'ready';
      list.error = null;
    } else {
      // Calls already shown stay; the message says why nothing newer came.
      list.status = list.paged ? 'ready' : 'error';
      list.error = result.message;
    }
    this.#changed();
  }

  #isOurs(call: CallSummary): boolean {
    return call.capture === this.capture;
  }

  #onDelta(calls: readonly CallSummary[]): void {
    const live = calls.filter((c) => this.#isOurs(c));
    if (live.length === 0) return;
    let changed = this.#all.store.upsert(live);
    const filtered = this.#filtered;
    if (filtered) {
      const matching: CallSummary[] = [];
      const stale: string[] = [];
      for (const c of live) {
        if (matchesSearch(c, filtered.params)) matching.push(c);
        else stale.push(callKey(c));
      }
      // A call that moved out of the filter (ringing -> answered under state=ringing) leaves, as the SQL would drop it.
      changed = filtered.store.remove(stale) || changed;
      changed = filtered.store.upsert(matching) || changed;
    }
    if (changed) this.#changed();
  }

  #changed(): void {
    this.#version++;
    for (const cb of [...this.#listeners]) cb();
  }
}
