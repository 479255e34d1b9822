// Seconds since a start time, ticking while it runs: a large export takes a while, and a counter
// that moves says it is still working.
import { useEffect, useState } from 'react';

/** Whole seconds are all the counter shows. */
export const ELAPSED_TICK_MS = 1000;

export function useElapsedSeconds(startedAtMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAtMs === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ELAPSED_TICK_MS);
    return () => clearInterval(timer);
  }, [startedAtMs]);
  return startedAtMs === null ? 0 : Math.max(0, Math.floor((now - startedAtMs) / 1000));
}
