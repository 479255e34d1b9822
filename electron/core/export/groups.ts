// Linked calls (a call and its legs) gathered into one group, so a report draws one ladder for the
// whole call the way calls.get does. Pure.
import type { CallSummary } from '../../../shared/domain.ts';
import type { CallGroup, ExportMessage } from './model.ts';

/**
 * Groups `calls` (newest first) by the leg rule of calls.get, applied both ways and transitively:
 * two calls belong together when they share a correlation id or one's correlation id names the
 * other's Call-ID. Groups come newest first; inside one, calls by start time and messages by
 * capture time (the order `messages` already has).
 */
export function groupCalls(calls: readonly CallSummary[], messages: readonly ExportMessage[]): CallGroup[] {
  const parent = calls.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  // Every call answers to its Call-ID and its correlation id; calls meeting on one key are linked.
  const firstByKey = new Map<string, number>();
  const link = (key: string, i: number): void => {
    const seen = firstByKey.get(key);
    if (seen === undefined) firstByKey.set(key, i);
    else union(seen, i);
  };
  calls.forEach((c, i) => {
    link(c.callId, i);
    if (c.correlationId !== undefined) link(c.correlationId, i);
  });

  const groupOfRoot = new Map<number, CallGroup>();
  const groupOfCallId = new Map<string, CallGroup>();
  const groups: CallGroup[] = [];
  calls.forEach((c, i) => {
    const root = find(i);
    let g = groupOfRoot.get(root);
    if (!g) {
      g = { calls: [], messages: [] };
      groupOfRoot.set(root, g);
      groups.push(g);
    }
    g.calls.push(c);
    groupOfCallId.set(c.callId, g);
  });
  for (const g of groups) g.calls.sort((a, b) => a.startedAt - b.startedAt);
  for (const m of messages) groupOfCallId.get(m.callId)?.messages.push(m);
  return groups;
}

/** Call numbers as both reports print them ([1], [2], ...): groups in order, a call's legs right after it. */
export function callNumbers(groups: readonly CallGroup[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const g of groups) for (const c of g.calls) numbers.set(c.callId, numbers.size + 1);
  return numbers;
}
