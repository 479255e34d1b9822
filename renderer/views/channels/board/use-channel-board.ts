// One ChannelStore per mounted Channels view: `channels.delta` batches go straight into it, and
// `channels.list` replaces it whole whenever the link to the core opens (deltas pushed while the
// link was down are lost; the list has their outcome). PBXs deleted from the configuration leave.
import { useEffect, useMemo, useState } from 'react';
import type { AmiConnectionInfo } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { useConnectionStore } from '../../../state/connection-store.ts';
import { ChannelStore } from './channel-store.ts';

export interface ChannelBoard {
  store: ChannelStore;
  /** The first list has answered (an empty board then means "no calls", not "loading"). */
  loaded: boolean;
  error: string | null;
}

export function useChannelBoard(connections: readonly AmiConnectionInfo[] | null): ChannelBoard {
  const client = useClient();
  const open = useConnectionStore((s) => s.state === 'open');
  const store = useMemo(() => new ChannelStore(), []);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => client.subscribe('channels.delta', (deltas) => store.applyDeltas(deltas)), [client, store]);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    void client.invoke('channels.list', {}).then((result) => {
      if (cancelled) return;
      if (result.ok) {
        store.replaceAll(result.result.channels, result.result.bridges);
        setError(null);
      } else {
        setError(result.message);
      }
      setLoaded(true);
    });
    return () => {
      cancelled = true;
    };
  }, [client, store, open]);

  useEffect(() => {
    if (connections === null) return;
    const known = new Set(connections.map((c) => c.id));
    for (const pbx of store.pbxs()) if (!known.has(pbx)) store.removePbx(pbx);
  }, [connections, store]);

  return { store, loaded, error };
}
