// Every queue of every PBX, live: `queues.list` when the link to the core opens, then each
// `queues.snapshot` (whole boards, about once a second while something changes) replaces it. A
// board of tens of queues is small state: plain React state, at the core's pace.
import { useEffect, useState } from 'react';
import type { QueueLive } from '../../../shared/contract.ts';
import { useClient } from '../../client/client-context.tsx';
import { useConnectionStore } from '../../state/connection-store.ts';

export interface QueueBoard {
  queues: QueueLive[] | null;
  error: string | null;
  /** Bumped by every snapshot: the agent table refreshes from it. */
  snapshots: number;
}

export function useQueueBoard(): QueueBoard {
  const client = useClient();
  const open = useConnectionStore((s) => s.state === 'open');
  const [board, setBoard] = useState<QueueBoard>({ queues: null, error: null, snapshots: 0 });

  useEffect(
    () =>
      client.subscribe('queues.snapshot', (queues) =>
        setBoard((b) => ({ queues, error: null, snapshots: b.snapshots + 1 })),
      ),
    [client],
  );

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    void client.invoke('queues.list', {}).then((result) => {
      if (cancelled) return;
      setBoard((b) =>
        result.ok
          ? // A snapshot that came first is as new as the list: keep whichever arrived last.
            b.snapshots > 0 && b.queues !== null
            ? b
            : { ...b, queues: result.result, error: null }
          : { ...b, queues: b.queues ?? [], error: result.message },
      );
    });
    return () => {
      cancelled = true;
    };
  }, [client, open]);

  return board;
}

/** Queues in a stable order: by PBX name, then queue name. */
export function sortQueues(queues: readonly QueueLive[], pbxName: (id: string) => string): QueueLive[] {
  return [...queues].sort((a, b) => pbxName(a.pbx).localeCompare(pbxName(b.pbx)) || a.name.localeCompare(b.name));
}
