// Binary values of one batch packed end to end in one buffer, which is transferred (not
// copied) to the writer worker. Posting thousands of separate Uint8Arrays costs an ArrayBuffer
// per row on both threads, and a view into a larger buffer (a TCP read, Node's Buffer pool)
// would clone its whole backing store. Copying at append time also means a caller may pass a
// view into a buffer it reuses right after.

/** First arena of a writer; it grows by doubling, and the next batch starts at what the last one needed. */
export const ARENA_INITIAL_BYTES = 1024 * 1024;

export class BlobArena {
  #bytes: Uint8Array<ArrayBuffer>;
  #used = 0;

  constructor(capacity: number = ARENA_INITIAL_BYTES) {
    this.#bytes = new Uint8Array(capacity);
  }

  /** Bytes packed so far in this batch. */
  get used(): number {
    return this.#used;
  }

  /** Copies `value` in and returns where it starts. */
  add(value: Uint8Array): number {
    const at = this.#used;
    const end = at + value.byteLength;
    if (end > this.#bytes.byteLength) {
      const grown = new Uint8Array(Math.max(end, this.#bytes.byteLength * 2));
      grown.set(this.#bytes.subarray(0, at));
      this.#bytes = grown;
    }
    this.#bytes.set(value, at);
    this.#used = end;
    return at;
  }

  /** The packed bytes (to transfer), or null if none; the arena starts over with a fresh buffer. */
  take(): Uint8Array<ArrayBuffer> | null {
    if (this.#used === 0) return null;
    const packed = this.#bytes;
    this.#bytes = new Uint8Array(Math.max(ARENA_INITIAL_BYTES, this.#used));
    this.#used = 0;
    return packed;
  }
}
