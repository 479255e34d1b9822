// Which calls and messages an export holds, read from the store's read-only connection: calls named
// one by one (each with its linked legs, the rule calls.get uses) or every call a search matches.
// Bounded: past the limits the caller gets a typed error that says how to narrow the selection.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { fail, MAX_PAGE_SIZE, ok, type ExportPreviewSchema, type RpcResult } from '../../../shared/contract.ts';
import type { CallSummary } from '../../../shared/domain.ts';
import type { SipQueries } from '../sip/queries.ts';
import { callFromRow, messageFromRow, type CallDbRow, type MessageDbRow } from '../sip/rows.ts';
import { byCaptureTime, type ExportMessage } from './model.ts';

/** Calls in one export: a day of a busy trunk's failures, far more than a ticket needs. */
export const MAX_EXPORT_CALLS = 10_000;
/** Messages in one export: ~20 per call at the call limit. */
export const MAX_EXPORT_MESSAGES = 200_000;
/**
 * Payload bytes in one export. Everything is held in memory while the file is written and the
 * bundle carries the payload plus its text and HTML renderings, so this keeps the peak near 1 GiB.
 */
export const MAX_EXPORT_RAW_BYTES = 128 * 1024 * 1024;
/** Calls whose messages are read in one statement: a few thousand rows, a few ms of blocking between yields. */
const CALLS_PER_LOAD_CHUNK = 250;

export type SelectionParams = Pick<z.infer<typeof ExportPreviewSchema>, 'callIds' | 'query' | 'capture'>;

export interface SelectedCalls {
  capture: number;
  /** Newest first (started_at, then store id), legs included. */
  calls: CallSummary[];
}

export interface MessageTotals {
  messages: number;
  rawBytes: number;
}

export function captureOf(params: SelectionParams): number {
  return params.capture ?? params.query?.capture ?? 0;
}

export function selectCalls(queries: SipQueries, params: SelectionParams): RpcResult<SelectedCalls> {
  const capture = captureOf(params);
  if (params.callIds !== undefined) return selectNamed(queries, capture, params.callIds);
  if (params.query !== undefined) return selectMatching(queries, capture, params.query);
  return fail('bad_request', 'name callIds or a query');
}

function selectNamed(queries: SipQueries, capture: number, callIds: readonly string[]): RpcResult<SelectedCalls> {
  const byId = new Map<string, CallDbRow>();
  const missing: string[] = [];
  for (const callId of new Set(callIds)) {
    // The linking rule of calls.get, so an export holds exactly the legs the call view shows.
    const found = queries.callWithLegs(capture, callId);
    if (!found) {
      missing.push(callId);
      continue;
    }
    byId.set(found.row.call_id, found.row);
    for (const leg of found.legRows) byId.set(leg.call_id, leg);
    if (byId.size > MAX_EXPORT_CALLS) return tooManyCalls();
  }
  if (missing.length > 0) {
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
    return fail('not_found', `no call with Call-ID ${missing[0]}${more} in ${captureName(capture)}`);
  }
  const rows = [...byId.values()].sort((a, b) => b.started_at - a.started_at || b.id - a.id);
  return ok({ capture, calls: rows.map(callFromRow) });
}

function selectMatching(
  queries: SipQueries,
  capture: number,
  query: NonNullable<SelectionParams['query']>,
): RpcResult<SelectedCalls> {
  const calls: CallSummary[] = [];
  let cursor: string | null = null;
  do {
    const page = queries.searchCalls({ ...query, capture, limit: MAX_PAGE_SIZE, cursor });
    if ('error' in page) return fail('bad_request', page.error);
    calls.push(...page.items);
    if (calls.length > MAX_EXPORT_CALLS) return tooManyCalls();
    cursor = page.nextCursor;
  } while (cursor !== null);
  if (calls.length === 0) return fail('not_found', `the search matches no calls in ${captureName(capture)}`);
  return ok({ capture, calls });
}

function tooManyCalls(): RpcResult<never> {
  return fail(
    'bad_request',
    `the selection holds more than ${MAX_EXPORT_CALLS.toLocaleString('en')} calls: narrow it (time range, user, IP) or export it in parts`,
  );
}

function captureName(capture: number): string {
  return capture === 0 ? 'the live capture' : `capture ${capture}`;
}

const COUNT_SQL =
  'SELECT count(*) AS n, coalesce(sum(length(raw)), 0) AS bytes FROM sip_messages WHERE capture = ? AND call_id IN (SELECT value FROM json_each(?))';
const LOAD_SQL =
  'SELECT * FROM sip_messages WHERE capture = ? AND call_id IN (SELECT value FROM json_each(?)) ORDER BY ts, id';

/** How much the calls hold, checked against the limits before anything is loaded. */
export function countMessages(reader: Database.Database, sel: SelectedCalls): RpcResult<MessageTotals> {
  const r = reader.prepare(COUNT_SQL).get(sel.capture, JSON.stringify(sel.calls.map((c) => c.callId))) as {
    n: number;
    bytes: number;
  };
  return withinLimits({ messages: r.n, rawBytes: r.bytes });
}

function withinLimits(t: MessageTotals): RpcResult<MessageTotals> {
  if (t.messages > MAX_EXPORT_MESSAGES) {
    return fail(
      'bad_request',
      `the selection holds ${t.messages.toLocaleString('en')} messages, more than the ${MAX_EXPORT_MESSAGES.toLocaleString('en')} one export can carry: narrow it or export it in parts`,
    );
  }
  if (t.rawBytes > MAX_EXPORT_RAW_BYTES) {
    return fail(
      'bad_request',
      `the selection holds ${mib(t.rawBytes)} MiB of SIP, more than the ${mib(MAX_EXPORT_RAW_BYTES)} MiB one export can carry: narrow it or export it in parts`,
    );
  }
  return ok(t);
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}

/**
 * Every message of the selected calls with its bytes, in capture-time order. Reads a chunk of calls
 * per statement and yields to the event loop between chunks (never while a statement is open: the
 * reader connection is shared with every other request). Live calls may grow meanwhile, so the
 * limits are checked again as rows arrive.
 */
export async function loadMessages(
  reader: Database.Database,
  sel: SelectedCalls,
  onLoaded: (messages: number) => void = () => undefined,
): Promise<RpcResult<ExportMessage[]>> {
  const stmt = reader.prepare(LOAD_SQL);
  const out: ExportMessage[] = [];
  let rawBytes = 0;
  for (let i = 0; i < sel.calls.length; i += CALLS_PER_LOAD_CHUNK) {
    const ids = sel.calls.slice(i, i + CALLS_PER_LOAD_CHUNK).map((c) => c.callId);
    const rows = stmt.all(sel.capture, JSON.stringify(ids)) as MessageDbRow[];
    for (const row of rows) {
      out.push(exportMessageFromRow(row));
      rawBytes += row.raw.length;
    }
    onLoaded(rows.length);
    const limits = withinLimits({ messages: out.length, rawBytes });
    if (!limits.ok) return limits;
    if (i + CALLS_PER_LOAD_CHUNK < sel.calls.length) await new Promise((r) => setImmediate(r));
  }
  return ok(out.sort(byCaptureTime));
}

/** Synchronous variant for the preview, which answers in one call: visits chunk by chunk and keeps nothing. */
export function forEachMessageChunk(
  reader: Database.Database,
  sel: SelectedCalls,
  visit: (messages: ExportMessage[]) => void,
): void {
  const stmt = reader.prepare(LOAD_SQL);
  for (let i = 0; i < sel.calls.length; i += CALLS_PER_LOAD_CHUNK) {
    const ids = sel.calls.slice(i, i + CALLS_PER_LOAD_CHUNK).map((c) => c.callId);
    visit((stmt.all(sel.capture, JSON.stringify(ids)) as MessageDbRow[]).map(exportMessageFromRow));
  }
}

function exportMessageFromRow(row: MessageDbRow): ExportMessage {
  // messageFromRow knows the column mapping; only the payload is kept as the stored bytes.
  const { raw: _text, ...meta } = messageFromRow({ ...row, raw: EMPTY });
  return { ...meta, raw: row.raw };
}

const EMPTY = Buffer.alloc(0);
