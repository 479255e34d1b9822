// Summarises a V8 .cpuprofile (node --cpu-prof) into the hot spots a report needs: self time
// by function and by file, and inclusive time of the functions that own the most, as % of the
// profiled time. Pure; no DevTools needed.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  label: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Profiled time not spent idle (waiting in epoll): how busy the thread was. */
  busyPct: number;
  selfByFunction: HotSpot[];
  selfByFile: HotSpot[];
  inclusiveByFunction: HotSpot[];
}

function shortUrl(url: string): string {
  if (!url) return '';
  const i = url.indexOf('/electron/');
  if (i >= 0) return url.slice(i + 1);
  return url.replace(/^file:\/\/.*\/node_modules\//, '').replace(/^node:/, 'node:');
}

function labelOf(n: ProfileNode): string {
  const f = n.callFrame;
  const name = f.functionName || '(anonymous)';
  const where = shortUrl(f.url);
  return where ? `${name} ${where}:${f.lineNumber + 1}` : name;
}

function fileOf(n: ProfileNode): string {
  return shortUrl(n.callFrame.url) || n.callFrame.functionName || '(unknown)';
}

function top(map: Map<string, number>, totalMs: number, n: number): HotSpot[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([label, ms]) => ({ label, ms: Math.round(ms), pct: Math.round((1000 * ms) / totalMs) / 10 }));
}

export function summariseProfile(file: string, topN: number): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map<number, number>();
  let totalMs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const id = p.samples[i] as number;
    selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
    totalMs += ms;
  }
  const selfFn = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const incl = new Map<string, number>();
  let idleMs = 0;
  for (const [id, ms] of selfMs) {
    const n = byId.get(id);
    if (!n) continue;
    if (n.callFrame.functionName === '(idle)') idleMs += ms;
    selfFn.set(labelOf(n), (selfFn.get(labelOf(n)) ?? 0) + ms);
    selfFile.set(fileOf(n), (selfFile.get(fileOf(n)) ?? 0) + ms);
    // Inclusive: credit each distinct function on the stack once (recursion is not double counted).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (!node) break;
      const l = labelOf(node);
      if (l === '(root)' || seen.has(l)) continue;
      seen.add(l);
      incl.set(l, (incl.get(l) ?? 0) + ms);
    }
  }
  return {
    totalMs: Math.round(totalMs),
    busyPct: totalMs > 0 ? Math.round((1000 * (totalMs - idleMs)) / totalMs) / 10 : 0,
    selfByFunction: top(selfFn, totalMs, topN),
    selfByFile: top(selfFile, totalMs, topN),
    inclusiveByFunction: top(incl, totalMs, topN),
  };
}

export function formatSummary(title: string, s: ProfileSummary): string {
  const block = (head: string, spots: HotSpot[]): string =>
    `  ${head}\n` +
    spots.map((h) => `    ${String(h.pct).padStart(5)}%  ${String(h.ms).padStart(6)} ms  ${h.label}`).join('\n');
  return [
    `${title}: ${s.totalMs} ms profiled, busy ${s.busyPct}%`,
    block('self time by function', s.selfByFunction),
    block('self time by file', s.selfByFile),
    block('inclusive time by function', s.inclusiveByFunction),
  ].join('\n');
}
