// How the client's link to the core is doing, for the status bar and the token error screen.
import { create } from 'zustand';
import type { AuthRejection, ConnectionState } from '../client/monitor-client.ts';

interface ConnectionStoreState {
  state: ConnectionState;
  authRejected: AuthRejection | null;
}

export const useConnectionStore = create<ConnectionStoreState>(() => ({ state: 'connecting', authRejected: null }));
