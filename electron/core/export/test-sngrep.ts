// sngrep as a second, independent reader of exported captures (not a shipped code path). Optional:
// the tests that use it are skipped where it is not installed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SNGREP_PATH = '/usr/bin/sngrep';
export const HAS_SNGREP = existsSync(SNGREP_PATH);
/** sngrep stops reading a file of a few thousand packets in well under a second; this guards a hang. */
const SNGREP_TIMEOUT_MS = 30_000;

/** Dialogs sngrep finds in a capture, read without its interface (`-N`), and its re-save of what it kept (`-O`). */
export function sngrepRead(file: string, saveTo: string): { dialogs: number } {
  const out = execFileSync(SNGREP_PATH, ['-N', '-I', file, '-O', saveTo], {
    encoding: 'utf8',
    timeout: SNGREP_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const counts = [...out.matchAll(/Dialog count: (\d+)/g)].map((m) => Number(m[1]));
  return { dialogs: counts[counts.length - 1] ?? 0 };
}
