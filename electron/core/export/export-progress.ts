import type { ExportProgress } from '../../../shared/domain.ts';
import { ProgressThrottle } from '../api/progress-throttle.ts';

/** The service's progress callback as throttled `export.progress` events, when the caller named the export. */
export function exportProgressReporter(
  exportId: string | undefined,
  publish: (e: ExportProgress) => void,
): ((done: number, total: number) => void) | undefined {
  if (exportId === undefined) return undefined;
  const throttle = new ProgressThrottle<ExportProgress>(publish, (e) => e.done >= e.total);
  return (done, total) => throttle.report({ exportId, done, total });
}
