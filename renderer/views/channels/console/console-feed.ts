// The AMI event console's memory: raw events as `ami.events.tail` pushes them, in a bounded ring
// buffer (the newest CONSOLE_CAPACITY stay), first filled with the newest stored events so the
// console is not blank when opened after the traffic. Pausing freezes what the user reads while
// the buffer keeps filling; resuming shows everything that arrived (up to the cap).
import type { AmiEventRow } from '../../../../shared/contract.ts';
import type { MonitorClient } from '../../../client/monitor-client.ts';
import { LiveBuffer, type LiveSource } from '../../../state/live-buffer.ts';

/**
 * Events kept in memory. A busy PBX sends a few hundred events a second, so this is the last
 * half minute or so of a busy PBX and hours of a quiet one; older events are a history search away.
 */
export const CONSOLE_CAPACITY = 5000;
/** Stored events shown when the console opens: a screenful or two of context, fetched in one page. */
export const CONSOLE_BACKFILL = 200;

export interface ConsoleEvent extends AmiEventRow {
  /** The console's own sequence: tail and history ids come from different counters. */
  seq: number;
  /** Lower-cased "Key: Value" lines, built once, for the text filter. */
  haystack: string;
}

export interface ConsoleView {
  /** Oldest first: what the console shows (frozen while paused). */
  events: readonly ConsoleEvent[];
  paused: boolean;
  /** Events that arrived since the pause (some may have left the buffer when there were more than it holds). */
  newSincePause: number;
  /** The backfill from history has answered (or failed). */
  ready: boolean;
  error: string | null;
}

export class ConsoleFeed implements LiveSource {
  readonly buffer: LiveBuffer<ConsoleEvent>;
  readonly #client: MonitorClient;
  #seq = 0;
  #pending: ConsoleEvent[] | null = [];
  #paused: { events: readonly ConsoleEvent[]; arrived: number } | null = null;
  #error: string | null = null;
  #version = 0;
  #view: { version: number; value: ConsoleView } | null = null;
  #listeners = new Set<() => void>();
  #unsubscribe: (() => void) | null = null;

  constructor(client: MonitorClient, capacity: number = CONSOLE_CAPACITY) {
    this.#client = client;
    this.buffer = new LiveBuffer<ConsoleEvent>(capacity);
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

  /** Follows the tail and fetches the backfill; returns the stop function. */
  start(): () => void {
    this.#unsubscribe ??= this.#client.subscribe('ami.events.tail', ({ events }) => this.#onTail(events));
    void this.#backfill();
    return () => {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
    };
  }

  pause(): void {
    if (this.#paused) return;
    this.#paused = { events: this.buffer.toArray(), arrived: 0 };
    this.#changed();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = null;
    this.#changed();
  }

  clear(): void {
    this.buffer.clear();
    if (this.#paused) this.#paused = { events: [], arrived: 0 };
    this.#changed();
  }

  get view(): ConsoleView {
    if (this.#view?.version === this.#version) return this.#view.value;
    const value: ConsoleView = {
      events: this.#paused ? this.#paused.events : this.buffer.toArray(),
      paused: this.#paused !== null,
      newSincePause: this.#paused?.arrived ?? 0,
      ready: this.#pending === null,
      error: this.#error,
    };
    this.#view = { version: this.#version, value };
    return value;
  }

  #wrap(row: AmiEventRow): ConsoleEvent {
    return {
      ...row,
      seq: ++this.#seq,
      haystack: row.fields
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')
        .toLowerCase(),
    };
  }

  #onTail(rows: readonly AmiEventRow[]): void {
    if (rows.length === 0) return;
    const events = rows.map((r) => this.#wrap(r));
    if (this.#pending) {
      // The backfill has not answered: it goes first, so these wait behind it.
      this.#pending.push(...events);
      return;
    }
    this.buffer.pushMany(events);
    if (this.#paused) this.#paused.arrived += events.length;
    this.#changed();
  }

  async #backfill(): Promise<void> {
    const result = await this.#client.invoke('ami.events.search', { limit: CONSOLE_BACKFILL });
    const pending = this.#pending ?? [];
    this.#pending = null;
    if (result.ok) {
      // Stored events newest first; only those older than the first live one, so none shows twice.
      const firstLive = pending[0]?.ts ?? Number.POSITIVE_INFINITY;
      const older = result.result.items.filter((e) => e.ts < firstLive).reverse();
      this.buffer.pushMany(older.map((r) => this.#wrap(r)));
    } else {
      this.#error = result.message;
    }
    this.buffer.pushMany(pending);
    if (this.#paused) this.#paused.arrived += pending.length;
    this.#changed();
  }

  #changed(): void {
    this.#version++;
    for (const cb of [...this.#listeners]) cb();
  }
}
