// Runs one in-process benchmark in this (child) process and prints its rows for
// scripts/bench.mjs. The HEP, SIP and store benches belong to their modules' owners and are
// imported from there; a missing module is an error row, not a crash of the whole table.
//
//   npx node --disable-warning=ExperimentalWarning bench/pure.ts hep|sip|store|pipeline
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { emitRow, type BenchRow } from './bench-row.ts';

interface PureBench {
  /** Module path relative to this file. */
  module: string;
  /** Its exported bench function. */
  fn: string;
}

const PURE_BENCHES: Record<string, PureBench> = {
  hep: { module: '../electron/core/hep/bench.ts', fn: 'benchHepDecode' },
  sip: { module: '../electron/core/sip/bench.ts', fn: 'benchSipParse' },
  store: { module: '../electron/core/store/bench.ts', fn: 'benchStore' },
  pipeline: { module: './capture-pipeline.ts', fn: 'benchCapturePipeline' },
  import: { module: '../electron/core/import/bench.ts', fn: 'benchImport' },
  export: { module: '../electron/core/export/bench.ts', fn: 'benchExport' },
  ami: { module: '../electron/core/ami/model/bench.ts', fn: 'benchAmiModel' },
};

async function main(): Promise<void> {
  const which = process.argv[2] ?? '';
  const bench = PURE_BENCHES[which];
  if (!bench) throw new Error(`unknown bench "${which}"; one of ${Object.keys(PURE_BENCHES).join(', ')}`);
  const url = new URL(bench.module, import.meta.url);
  if (!existsSync(fileURLToPath(url))) throw new Error(`${bench.module} does not exist (yet)`);
  const mod = (await import(url.href)) as Record<string, unknown>;
  const fn = mod[bench.fn];
  if (typeof fn !== 'function') throw new Error(`${bench.module} does not export ${bench.fn}()`);
  const rows = (await (fn as () => BenchRow[] | Promise<BenchRow[]>)()) ?? [];
  for (const row of rows) emitRow(row);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
