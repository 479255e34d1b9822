// The one shape every benchmark returns, and how a bench child process hands rows to
// scripts/bench.mjs: one stdout line per row, tagged so progress text never mixes in.
export interface BenchRow {
  name: string;
  /** null when there is no value to give (the note says why). */
  value: number | null;
  unit: string;
  /** Short context for the table (which implementation, conditions, why a value is missing). */
  note?: string;
}

/** Prefix of a stdout line carrying one JSON BenchRow; scripts/bench.mjs reads only these lines. */
export const ROW_LINE_PREFIX = 'BENCH_ROW ';

export function emitRow(row: BenchRow): void {
  process.stdout.write(`${ROW_LINE_PREFIX}${JSON.stringify(row)}\n`);
}

/** Progress for the person watching; goes to stderr so it never reaches the table. */
export function progress(line: string): void {
  process.stderr.write(`  [bench] ${line}\n`);
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
