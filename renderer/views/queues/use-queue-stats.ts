// Period KPIs from the core (`queues.stats`) for every range the live snapshot does not cover,
// refreshed every few seconds while on screen, keyed by PBX and queue for the tiles.
import { useEffect, useState } from 'react';
import type { QueueKpis } from '../../../shared/contract.ts';
import { useClient } from '../../client/client-context.tsx';
import { servedBySnapshot, statsParams, type QueueRange } from './queue-range.ts';

/** Period figures move slowly: every 5 s is fresh enough and costs the core one query. */
export const QUEUE_STATS_REFRESH_MS = 5000;

export interface QueueStats {
  /** Null while the snapshot serves the range, or before the first answer. */
  byQueue: ReadonlyMap<string, QueueKpis> | null;
  error: string | null;
}

export function queueKey(pbx: string, queue: string): string {
  return `${pbx}\u0000${queue}`;
}

export function useQueueStats(range: QueueRange): QueueStats {
  const client = useClient();
  const [stats, setStats] = useState<QueueStats>({ byQueue: null, error: null });
  const live = servedBySnapshot(range);

  useEffect(() => {
    setStats({ byQueue: null, error: null });
    if (live) return;
    let cancelled = false;
    const load = async (): Promise<void> => {
      if (typeof document !== 'undefined' && document.hidden) return;
      const result = await client.invoke('queues.stats', statsParams(range, Date.now()));
      if (cancelled) return;
      setStats(
        result.ok
          ? { byQueue: new Map(result.result.map((r) => [queueKey(r.pbx, r.queue), r.kpi])), error: null }
          : (s) => ({ ...s, error: result.message }),
      );
    };
    void load();
    const timer = setInterval(() => void load(), QUEUE_STATS_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [client, live, range]);

  return stats;
}
