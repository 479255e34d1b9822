// The app shell: sidebar, header, the current view, status bar. Knows the client only as a MonitorClient.
import { useEffect, useLayoutEffect } from 'react';
import { ClientProvider } from '../client/client-context.tsx';
import type { MonitorClient } from '../client/monitor-client.ts';
import { bindClient } from '../state/client-bindings.ts';
import { useConnectionStore } from '../state/connection-store.ts';
import { bindHashRouting, useNavStore } from '../state/nav-store.ts';
import { Header } from './header.tsx';
import { Sidebar } from './sidebar.tsx';
import { StatusBar } from './status-bar.tsx';
import { TokenRejected } from './token-rejected.tsx';
import { useViewShortcuts } from './use-shortcuts.ts';
import { useAppliedTheme } from './use-theme.ts';
import { viewEntry } from './view-registry.tsx';

export function App({ client }: { client: MonitorClient }) {
  // Before paint, so a deep link (#/sources) never flashes the default view.
  useLayoutEffect(() => bindHashRouting(), []);
  useEffect(() => bindClient(client), [client]);
  useAppliedTheme();
  useViewShortcuts();
  const authRejected = useConnectionStore((s) => s.authRejected);

  return (
    <ClientProvider client={client}>
      {authRejected ? <TokenRejected reason={authRejected} /> : <Shell />}
    </ClientProvider>
  );
}

function Shell() {
  const { Component, id } = viewEntry(useNavStore((s) => s.view));
  return (
    <div className="app">
      <Sidebar />
      <div className="main">
        <Header />
        <main className="view-host" id="view" key={id} tabIndex={-1}>
          <Component />
        </main>
      </div>
      <StatusBar />
    </div>
  );
}
