// sipp's own account of a run: the last row of its -trace_stat CSV (written once more at exit),
// so the test can compare what the caller and callee saw with what the app reports.
import { existsSync, readFileSync } from 'node:fs';

export interface SippTotals {
  incoming: number;
  outgoing: number;
  successful: number;
  failed: number;
  retransmissions: number;
  unexpected: number;
}

const COLUMNS: Record<keyof SippTotals, string> = {
  incoming: 'IncomingCall(C)',
  outgoing: 'OutgoingCall(C)',
  successful: 'SuccessfulCall(C)',
  failed: 'FailedCall(C)',
  retransmissions: 'Retransmissions(C)',
  unexpected: 'FailedUnexpectedMessage(C)',
};

export function readSippTotals(csvFile: string): SippTotals {
  if (!existsSync(csvFile)) throw new Error(`sipp wrote no statistics file ${csvFile}`);
  const rows = readFileSync(csvFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = rows[0]?.split(';');
  const last = rows.at(-1)?.split(';');
  if (!header || !last || rows.length < 2) throw new Error(`sipp statistics file ${csvFile} has no data row`);
  const out = {} as SippTotals;
  for (const [key, column] of Object.entries(COLUMNS) as [keyof SippTotals, string][]) {
    const i = header.indexOf(column);
    const value = Number(last[i]);
    if (i < 0 || !Number.isInteger(value))
      throw new Error(`sipp statistics: no integer column ${column} in ${csvFile}`);
    out[key] = value;
  }
  return out;
}
