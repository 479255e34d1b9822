// One ConsoleFeed per mounted Channels view, so the console keeps collecting while another tab
// of the view is open.
import { useEffect, useState } from 'react';
import type { MonitorClient } from '../../client/monitor-client.ts';
import { ConsoleFeed } from './console/console-feed.ts';

export function useConsoleFeed(client: MonitorClient): ConsoleFeed | null {
  const [feed, setFeed] = useState<ConsoleFeed | null>(null);
  useEffect(() => {
    const f = new ConsoleFeed(client);
    const stop = f.start();
    setFeed(f);
    return stop;
  }, [client]);
  return feed;
}
