// Progress events of one import: 'running' snapshots at most every PROGRESS_INTERVAL_MS, the
// final state always, each as a copy (listeners may keep or post them).
import type { ImportProgress } from '../../../shared/domain.ts';

/** 10 updates a second: a smooth progress bar, and negligible next to the import's own work. */
export const PROGRESS_INTERVAL_MS = 100;

export class ProgressThrottle {
  readonly #emit: (p: ImportProgress) => void;
  readonly #clock: () => number;
  #lastAt = Number.NEGATIVE_INFINITY;
  #finished = false;

  /** `clock` in milliseconds (monotonic). */
  constructor(emit: (p: ImportProgress) => void, clock: () => number = () => performance.now()) {
    this.#emit = emit;
    this.#clock = clock;
  }

  report(p: ImportProgress): void {
    if (this.#finished) return;
    const final = p.state !== 'running';
    const now = this.#clock();
    if (!final && now - this.#lastAt < PROGRESS_INTERVAL_MS) return;
    this.#lastAt = now;
    if (final) this.#finished = true;
    this.#emit({ ...p });
  }
}
