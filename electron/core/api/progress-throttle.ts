// Progress events of one long job (an import, an export): snapshots at most every
// PROGRESS_INTERVAL_MS, the final one always, each as a copy (listeners may keep or post them).

/** 10 updates a second: a smooth progress bar, and negligible next to the job's own work. */
export const PROGRESS_INTERVAL_MS = 100;

export class ProgressThrottle<P extends object> {
  readonly #emit: (p: P) => void;
  readonly #isFinal: (p: P) => boolean;
  readonly #clock: () => number;
  #lastAt = Number.NEGATIVE_INFINITY;
  #finished = false;

  /** `isFinal`: the job's last snapshot, always sent. `clock` in milliseconds (monotonic). */
  constructor(emit: (p: P) => void, isFinal: (p: P) => boolean, clock: () => number = () => performance.now()) {
    this.#emit = emit;
    this.#isFinal = isFinal;
    this.#clock = clock;
  }

  report(p: P): void {
    if (this.#finished) return;
    const final = this.#isFinal(p);
    const now = this.#clock();
    if (!final && now - this.#lastAt < PROGRESS_INTERVAL_MS) return;
    this.#lastAt = now;
    if (final) this.#finished = true;
    this.#emit({ ...p });
  }
}
