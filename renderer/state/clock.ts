// One shared once-a-second clock for everything that ticks (durations of calls in progress):
// a single timer however many rows show one, running only while something listens.
import { useSyncExternalStore } from 'react';

/** Talk time is shown in whole seconds, so a faster tick would repaint the same text. */
export const CLOCK_TICK_MS = 1000;

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(onTick: () => void): () => void {
  listeners.add(onTick);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const cb of [...listeners]) cb();
    }, CLOCK_TICK_MS);
  }
  return () => {
    listeners.delete(onTick);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function snapshot(): number {
  // With no timer running, `now` is whatever the last tick left, possibly minutes old, and React
  // renders a newly mounted component before it subscribes: refresh it so the first paint of a
  // wait or a call duration is not stale. Refreshed per tick, so repeated reads stay equal.
  if (timer === null) {
    const current = Date.now();
    if (current - now >= CLOCK_TICK_MS || current < now) now = current;
  }
  return now;
}

/** Wall-clock milliseconds, updated once a second while the calling component is mounted. */
export function useNowMs(): number {
  return useSyncExternalStore(subscribe, snapshot);
}
