// Removes everything an imported capture holds, in bounded chunks through the writer (which stays
// the only connection that writes), so live ingest batches never wait long behind a big delete.
import type { StoreWriter } from '../store/index.ts';
import type { RowMap } from '../store/write-kinds.ts';
import { RETENTION_CHUNK_ROWS } from '../store/retention.ts';

/** Tables holding a capture's rows, each with a (capture, time) index the chunked delete walks. */
const CAPTURE_TABLES = [
  { table: 'sip_messages', timeColumn: 'ts' },
  { table: 'calls', timeColumn: 'started_at' },
] as const;

export type DeleteResult = { ok: true; rows: number } | { ok: false; message: string };

/** Deletes the capture's messages and calls, then its captures row. Live data (capture 0) is refused. */
export async function deleteCaptureRows<R extends RowMap>(writer: StoreWriter<R>, id: number): Promise<DeleteResult> {
  if (!Number.isSafeInteger(id) || id <= 0) return { ok: false, message: `capture ${id} is not an imported capture` };
  let rows = 0;
  for (const { table, timeColumn } of CAPTURE_TABLES) {
    for (;;) {
      const r = await writer.maintain({
        op: 'delete-oldest',
        table,
        timeColumn,
        scope: { column: 'capture', value: id },
        limit: RETENTION_CHUNK_ROWS,
      });
      if (!r.ok) return { ok: false, message: r.message };
      rows += r.changes;
      if (r.changes < RETENTION_CHUNK_ROWS) break;
    }
  }
  // Last, so a crash before this point leaves the row that says the capture is to be removed.
  const r = await writer.maintain({
    op: 'delete-oldest',
    table: 'captures',
    timeColumn: 'id',
    scope: { column: 'id', value: id },
    limit: 1,
  });
  if (!r.ok) return { ok: false, message: r.message };
  return { ok: true, rows };
}
