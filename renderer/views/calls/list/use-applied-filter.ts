// The filter the core is asked for: typed edits settle for a moment first (one query per pause, not
// per keystroke); clearing applies at once, since showing everything again needs no query.
import { useEffect, useState } from 'react';
import { EMPTY_FILTER, isFilterActive, type CallFilter } from './call-filter.ts';

/** Long enough to cover a burst of typing, short enough to feel immediate. */
export const FILTER_DEBOUNCE_MS = 250;

export function useAppliedFilter(filter: CallFilter): CallFilter {
  const [applied, setApplied] = useState(filter);
  const active = isFilterActive(filter);
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setApplied(filter), FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [filter, active]);
  return active ? applied : EMPTY_FILTER;
}
