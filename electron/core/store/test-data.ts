// Temp directories and sample rows shared by the store's tests (not shipped code paths).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealthSampleRow } from './write-kinds.ts';

export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pbxscope-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A health sample whose counters encode `seq`, so a test can tell rows apart and check order. */
export function healthRow(seq: number, at: number = 1_700_000_000_000_000 + seq * 1_000_000): HealthSampleRow {
  return { at, source: 'hep', proto: 'udp', received: seq, decoded: seq, malformed: 0, dropped: 0, stored: seq };
}
