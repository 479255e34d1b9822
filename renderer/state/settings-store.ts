// Saved settings and the host's static status, loaded on every (re)connection.
import { create } from 'zustand';
import type { Settings, StatusResult } from '../../shared/contract.ts';

/** The host's status; `hostAddresses` is optional in the contract, so every reader handles its absence. */
export type HostStatus = StatusResult;

interface SettingsState {
  settings: Settings | null;
  status: HostStatus | null;
  /** Why the last load failed, shown instead of the setup snippets. */
  loadError: string | null;
}

export const useSettingsStore = create<SettingsState>(() => ({ settings: null, status: null, loadError: null }));
