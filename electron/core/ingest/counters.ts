// Per-socket counters. Sinks mutate them in place on the hot path (no allocation per packet);
// health snapshots copy them once a second.
export interface ListenerCounters {
  received: number;
  decoded: number;
  malformed: number;
  dropped: number;
  stored: number;
  /** The same message from a second capture agent, stored once. */
  duplicates: number;
  /** HEP packets whose auth key did not match the configured one. */
  authFailures: number;
}

export function newCounters(): ListenerCounters {
  return { received: 0, decoded: 0, malformed: 0, dropped: 0, stored: 0, duplicates: 0, authFailures: 0 };
}
