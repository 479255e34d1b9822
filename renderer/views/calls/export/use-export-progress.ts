// How far the running export is, from the core's `export.progress` events for this export's id.
import { useEffect, useState } from 'react';
import type { MonitorClient } from '../../../client/monitor-client.ts';

/** A name for one export, unique enough within this window (no secure context needed, unlike randomUUID). */
export function newExportId(): string {
  return `exp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Whole percent done, or null until the core has reported (or when there is nothing to count). */
export function useExportProgress(client: MonitorClient, exportId: string | null): number | null {
  const [pct, setPct] = useState<number | null>(null);
  useEffect(() => {
    setPct(null);
    if (exportId === null) return;
    return client.subscribe('export.progress', (e) => {
      if (e.exportId !== exportId || e.total <= 0) return;
      setPct(Math.min(100, Math.floor((100 * e.done) / e.total)));
    });
  }, [client, exportId]);
  return pct;
}
