// One CallsFeed per mounted Calls view and capture: started on mount (or when the capture changes),
// stopped on unmount, and reloaded when the link to the core comes back (deltas pushed while it was
// down are lost; the first page has them).
import { useEffect, useRef, useState } from 'react';
import type { MonitorClient } from '../../../client/monitor-client.ts';
import { useConnectionStore } from '../../../state/connection-store.ts';
import { CallsFeed } from './calls-feed.ts';

export function useCallsFeed(client: MonitorClient, capture = 0): CallsFeed | null {
  const [feed, setFeed] = useState<CallsFeed | null>(null);
  useEffect(() => {
    const f = new CallsFeed(client, { capture });
    const stop = f.start();
    setFeed(f);
    return stop;
  }, [client, capture]);

  const connection = useConnectionStore((s) => s.state);
  const wasOpen = useRef(connection === 'open');
  useEffect(() => {
    if (connection === 'open' && !wasOpen.current) feed?.reload();
    wasOpen.current = connection === 'open';
  }, [connection, feed]);
  return feed;
}
