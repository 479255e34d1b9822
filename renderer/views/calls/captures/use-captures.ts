// The imported captures (captures.list), loaded when the Calls view opens and again whenever an
// import finishes or a capture is deleted.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaptureInfo } from '../../../../shared/contract.ts';
import type { MonitorClient } from '../../../client/monitor-client.ts';

export interface CapturesState {
  captures: readonly CaptureInfo[];
  /** The first answer came (until then, a capture named in the address is not "missing" yet). */
  loaded: boolean;
  error: string | null;
  refresh: () => void;
}

export function useCaptures(client: MonitorClient): CapturesState {
  const [captures, setCaptures] = useState<readonly CaptureInfo[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  // Only the newest answer counts when refreshes overlap.
  const asked = useRef(0);

  const refresh = useCallback(() => {
    const n = ++asked.current;
    void client.invoke('captures.list', {}).then((r) => {
      if (!alive.current || n !== asked.current) return;
      setLoaded(true);
      if (r.ok) {
        setCaptures(r.result);
        setError(null);
      } else {
        setError(r.message);
      }
    });
  }, [client]);

  useEffect(() => {
    alive.current = true;
    refresh();
    const off = client.subscribe('import.progress', (p) => {
      if (p.state === 'done') refresh();
    });
    return () => {
      alive.current = false;
      off();
    };
  }, [client, refresh]);

  return { captures, loaded, error, refresh };
}
