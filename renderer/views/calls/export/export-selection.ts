// What an export holds: named calls (one call from its ladder, or the calls ticked in the list) or
// everything a search matches, in one capture. Turned into the selection fields that
// export.preview and export.snapshot share.
import type { ParamsOf } from '../../../../shared/contract.ts';
import { formatCount } from '../../../format/counts.ts';

type SearchQuery = NonNullable<ParamsOf<'export.preview'>['query']>;

export type ExportSelection =
  /** `legIds`: the other legs calls.get linked to it (the core adds linked legs itself too). */
  | { kind: 'call'; callId: string; legIds: readonly string[]; capture: number }
  | { kind: 'calls'; callIds: readonly string[]; capture: number }
  | { kind: 'query'; query: SearchQuery; filtered: boolean; capture: number };

export type SelectionParams = Pick<ParamsOf<'export.preview'>, 'callIds' | 'query' | 'capture'>;

export function selectionParams(sel: ExportSelection): SelectionParams {
  // The live capture is the core's default: live exports name no capture.
  const capture = sel.capture === 0 ? {} : { capture: sel.capture };
  if (sel.kind === 'query') return { query: { ...sel.query }, ...capture };
  const ids = sel.kind === 'call' ? [sel.callId, ...sel.legIds.filter((id) => id !== sel.callId)] : [...sel.callIds];
  return { callIds: ids, ...capture };
}

/** One line for the dialog's subtitle. */
export function describeSelection(sel: ExportSelection): string {
  switch (sel.kind) {
    case 'call':
      return `${sel.legIds.some((id) => id !== sel.callId) ? 'This call with its linked legs' : 'This call'} · Call-ID ${sel.callId}`;
    case 'calls':
      return sel.callIds.length === 1 ? '1 selected call' : `${formatCount(sel.callIds.length)} selected calls`;
    case 'query':
      return sel.filtered ? 'Every call matching the current filter' : 'Every call in the list';
  }
}

/** A stable key: the preview is asked again only when the selection really changed. */
export function selectionKey(sel: ExportSelection): string {
  return JSON.stringify(selectionParams(sel));
}
