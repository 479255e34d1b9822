// Saved settings and the host's static status, loaded on every (re)connection.
import { create } from 'zustand';
import type { Settings, StatusResult } from '../../shared/contract.ts';

/**
 * `hostAddresses` (this machine's non-loopback addresses) is being added to StatusResult;
 * until every host sends it, treat it as optional.
 */
export type HostStatus = StatusResult & { hostAddresses?: string[] };

interface SettingsState {
  settings: Settings | null;
  status: HostStatus | null;
  /** Why the last load failed, shown instead of the setup snippets. */
  loadError: string | null;
}

export const useSettingsStore = create<SettingsState>(() => ({ settings: null, status: null, loadError: null }));
