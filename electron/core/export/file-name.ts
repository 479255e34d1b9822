// Export file names: `pbxscope-<what>-<UTC time>.<ext>`, where <what> is the (redacted) Call-ID of a
// single call, `<Call-ID>-and-N-more`, or `search`. Only characters every file system and every
// shell accepts survive. Pure.
import type { ExportFormat } from '../../../shared/domain.ts';
import { BUNDLE_FILE_EXTENSION } from './bundle-format.ts';
import { compactUtc } from './time-format.ts';

export const EXTENSIONS: Record<ExportFormat, string> = {
  pcap: 'pcap',
  text: 'txt',
  html: 'html',
  bundle: BUNDLE_FILE_EXTENSION,
};

/** Characters of the <what> part: enough to recognise a Call-ID, short enough for any path limit. */
const MAX_WHAT_CHARS = 60;

/** Letters, digits, dot, dash and underscore stay; any other run becomes one underscore. */
export function safeFilePart(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '') // no hidden files, nothing that reads as an option
    .slice(0, MAX_WHAT_CHARS)
    .replace(/[._-]+$/, '');
  return cleaned === '' ? 'call' : cleaned;
}

export function exportFileName(
  what: { callIds: readonly string[] } | { search: true },
  createdAtUs: number,
  format: ExportFormat,
): string {
  let part: string;
  if ('search' in what) part = 'search';
  else {
    const [first = 'call'] = what.callIds;
    part = safeFilePart(first) + (what.callIds.length > 1 ? `-and-${what.callIds.length - 1}-more` : '');
  }
  return `pbxscope-${part}-${compactUtc(createdAtUs)}.${EXTENSIONS[format]}`;
}

/** `name.ext` -> `name-2.ext`, `name-3.ext`, ... for the n-th attempt (n >= 2). */
export function withSuffix(fileName: string, n: number): string {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 ? `${fileName}-${n}` : `${fileName.slice(0, dot)}-${n}${fileName.slice(dot)}`;
}
