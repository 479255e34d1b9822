// The PBX connections every AMI view needs (names, colours, whether actions are allowed, status):
// loaded with `ami.connections.list` whenever the link to the core opens, then kept current by the
// `ami.status` stream. A view calls this once at its root and hands the result down.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AmiConnectionInfo } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import type { MonitorClient } from '../../../client/monitor-client.ts';
import { useConnectionStore } from '../../../state/connection-store.ts';

export interface AmiConnections {
  /** Null until the core answered once. */
  list: AmiConnectionInfo[] | null;
  /** Why the last load failed; the list keeps its last good value. */
  error: string | null;
  /** Wall-clock ms when `list` arrived: `reconnectInSec` counts down from here. */
  receivedAtMs: number;
  reload: () => Promise<void>;
}

type Known = Omit<AmiConnections, 'reload'>;

/**
 * The last list each client delivered: a view opened later starts from it instead of "loading",
 * then refreshes. Keyed by client, so a test's fake never sees another test's PBXs.
 */
const lastKnown = new WeakMap<MonitorClient, Known>();

export function useAmiConnections(): AmiConnections {
  const client = useClient();
  const open = useConnectionStore((s) => s.state === 'open');
  const [state, setStateRaw] = useState<Known>(
    () => lastKnown.get(client) ?? { list: null, error: null, receivedAtMs: 0 },
  );
  const setState = useCallback(
    (next: Known | ((prev: Known) => Known)) =>
      setStateRaw((prev) => {
        const value = typeof next === 'function' ? next(prev) : next;
        lastKnown.set(client, value);
        return value;
      }),
    [client],
  );
  // Bumped by every pushed status: a list answer that left before a push must not overwrite it.
  const pushes = useRef(0);

  useEffect(
    () =>
      client.subscribe('ami.status', (list) => {
        pushes.current++;
        setState({ list, error: null, receivedAtMs: Date.now() });
      }),
    [client, setState],
  );

  const reload = useCallback(async () => {
    const before = pushes.current;
    const result = await client.invoke('ami.connections.list', {});
    if (pushes.current !== before) return;
    setState((s) =>
      result.ok
        ? { list: result.result, error: null, receivedAtMs: Date.now() }
        : { ...s, list: s.list ?? [], error: result.message },
    );
  }, [client, setState]);

  useEffect(() => {
    if (open) void reload();
  }, [open, reload]);

  return { ...state, reload };
}

/** Connections by id: channels, queues and events name their PBX by connection id. */
export function pbxDirectory(list: readonly AmiConnectionInfo[] | null): ReadonlyMap<string, AmiConnectionInfo> {
  return new Map((list ?? []).map((c) => [c.id, c]));
}

export function anyConnected(list: readonly AmiConnectionInfo[] | null): boolean {
  return (list ?? []).some((c) => c.status === 'connected');
}
