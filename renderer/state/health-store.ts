// The latest ingest health snapshot (about one per second): small, replaced whole.
import { create } from 'zustand';
import type { IngestHealth } from '../../shared/contract.ts';

interface HealthState {
  health: IngestHealth | null;
}

export const useHealthStore = create<HealthState>(() => ({ health: null }));
