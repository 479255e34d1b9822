// Large live collections (calls, channels, log tail) do not belong in zustand: copying them per event
// is O(n). They live in mutable structures with a version counter, and React sees at most one new
// version per animation frame (ARCHITECTURE section 7).
import { useEffect, useState } from 'react';

/** Anything a view can re-render from: a version that grows on every change, and change notifications. */
export interface LiveSource {
  readonly version: number;
  subscribe(onChange: () => void): () => void;
}

/** Bounded FIFO: once full, each push overwrites the oldest item. Index 0 is the oldest kept item. */
export class LiveBuffer<T> implements LiveSource {
  readonly capacity: number;
  #items: Array<T | undefined>;
  #start = 0;
  #size = 0;
  #version = 0;
  #listeners = new Set<() => void>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity);
  }

  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    this.#append(item);
    this.#changed();
  }

  /** One batch from the core is one change, whatever its length. */
  pushMany(items: readonly T[]): void {
    if (items.length === 0) return;
    // Only the newest `capacity` items can survive; skip writing the rest.
    const from = Math.max(0, items.length - this.capacity);
    for (let i = from; i < items.length; i++) this.#append(items[i] as T);
    this.#changed();
  }

  /** The item at `index` counted from the oldest, or undefined outside 0..size-1. */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#size) return undefined;
    return this.#items[(this.#start + index) % this.capacity];
  }

  /** Oldest first. A copy: safe to hand to a table as its data. */
  toArray(): T[] {
    const out = new Array<T>(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = this.#items[(this.#start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    if (this.#size === 0) return;
    this.#items = new Array<T | undefined>(this.capacity);
    this.#start = 0;
    this.#size = 0;
    this.#changed();
  }

  subscribe(onChange: () => void): () => void {
    this.#listeners.add(onChange);
    return () => {
      this.#listeners.delete(onChange);
    };
  }

  #append(item: T): void {
    if (this.#size < this.capacity) {
      this.#items[(this.#start + this.#size) % this.capacity] = item;
      this.#size++;
    } else {
      this.#items[this.#start] = item;
      this.#start = (this.#start + 1) % this.capacity;
    }
  }

  #changed(): void {
    this.#version++;
    for (const cb of [...this.#listeners]) cb();
  }
}

/**
 * The source's version, committed to React at most once per animation frame however many
 * changes arrive in between. Read the data itself from the source during render.
 */
export function useLiveVersion(source: LiveSource): number {
  const [version, setVersion] = useState(source.version);
  useEffect(() => {
    let frame: number | null = null;
    const commit = (): void => {
      frame = null;
      setVersion(source.version);
    };
    const unsubscribe = source.subscribe(() => {
      if (frame === null) frame = requestAnimationFrame(commit);
    });
    // Changes between the render and this effect were not observed: catch up once.
    setVersion(source.version);
    return () => {
      unsubscribe();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [source]);
  return version;
}
