// Per-socket counters. Sinks mutate them in place on the hot path (no allocation per packet);
// health snapshots copy them once a second.
export interface ListenerCounters {
  received: number;
  decoded: number;
  malformed: number;
  dropped: number;
  stored: number;
}

export function newCounters(): ListenerCounters {
  return { received: 0, decoded: 0, malformed: 0, dropped: 0, stored: 0 };
}
