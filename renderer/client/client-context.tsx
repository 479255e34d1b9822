// Hands the MonitorClient to every view without prop drilling; tests provide a FakeClient.
import { createContext, useContext, type ReactNode } from 'react';
import type { MonitorClient } from './monitor-client.ts';

const ClientContext = createContext<MonitorClient | null>(null);

export function ClientProvider({ client, children }: { client: MonitorClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): MonitorClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient needs a <ClientProvider> above it');
  return client;
}
