// Agents with their state and period figures (`agents.list`): fetched every few seconds, and
// again soon after a queue snapshot (a pause or a call changed something), but never more often
// than AGENTS_MIN_GAP_MS however fast snapshots come.
import { useEffect, useRef, useState } from 'react';
import type { AgentStats } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { statsParams, type QueueRange } from '../queue-range.ts';

/** Agent figures without any snapshot: still refresh, so time-based figures stay right. */
export const AGENTS_REFRESH_MS = 5000;
/** A snapshot-triggered refresh waits at least this long after the previous fetch. */
export const AGENTS_MIN_GAP_MS = 1000;

export interface Agents {
  agents: AgentStats[] | null;
  /** Wall-clock ms of the answer: `pausedForSec` counts on from here. */
  fetchedAtMs: number;
  error: string | null;
  refresh: () => void;
}

export function useAgents(range: QueueRange, snapshots: number): Agents {
  const client = useClient();
  const [state, setState] = useState<Omit<Agents, 'refresh'>>({ agents: null, fetchedAtMs: 0, error: null });
  const lastFetch = useRef(0);
  const inFlight = useRef(false);
  const rangeRef = useRef(range);
  rangeRef.current = range;
  const [nudge, setNudge] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const load = async (): Promise<void> => {
      if (inFlight.current || (typeof document !== 'undefined' && document.hidden)) return;
      inFlight.current = true;
      lastFetch.current = Date.now();
      const result = await client.invoke('agents.list', statsParams(rangeRef.current, Date.now()));
      inFlight.current = false;
      if (cancelled) return;
      setState((s) =>
        result.ok ? { agents: result.result, fetchedAtMs: Date.now(), error: null } : { ...s, error: result.message },
      );
    };
    void load();
    const timer = setInterval(() => void load(), AGENTS_REFRESH_MS);
    return () => {
      cancelled = true;
      inFlight.current = false;
      clearInterval(timer);
    };
  }, [client, range, nudge]);

  // A snapshot means live state moved: refetch once the minimum gap has passed.
  useEffect(() => {
    if (snapshots === 0) return;
    const wait = Math.max(0, lastFetch.current + AGENTS_MIN_GAP_MS - Date.now());
    const timer = setTimeout(() => setNudge((n) => n + 1), wait);
    return () => clearTimeout(timer);
  }, [snapshots]);

  return { ...state, refresh: () => setNudge((n) => n + 1) };
}
