// Reads for SIP capture, on a read-only connection: keyset-paged search (newest first), a call
// with its legs, messages and ladder, and KPIs over a range. Statements are prepared once per
// distinct SQL text.
import type Database from 'better-sqlite3';
import { StatementCache } from '../store/statement-cache.ts';
import type {
  CallsGetSchema,
  CallsSearchSchema,
  MessagesSearchSchema,
  Page,
  SipStatsSchema,
} from '../../../shared/contract.ts';
import type { CallDetail, CallSummary, SipMessageRow, SipStats } from '../../../shared/domain.ts';
import type { z } from 'zod';
import { buildLadder } from './ladder.ts';
import { callFromRow, messageFromRow, MESSAGE_FLAG_RETRANSMISSION, type CallDbRow, type MessageDbRow } from './rows.ts';
import { inviteRatios, ISA_CODES, SEER_USER_CODES } from './stats.ts';

export const DEFAULT_PAGE_SIZE = 200;
/** Legs linked to one call; more is a correlation-id collision, not a call. */
export const MAX_LEGS = 32;
/** Messages shown for one call (a long call with session timers stays far below). */
export const MAX_MESSAGES_PER_CALL = 5000;

type Sql = { where: string[]; params: (string | number)[] };

function add(f: Sql, clause: string, ...params: (string | number)[]): void {
  f.where.push(clause);
  f.params.push(...params);
}

function like(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function cursorOf(ts: number, id: number): string {
  return `${ts}:${id}`;
}

function parseCursor(cursor: string | null | undefined): [number, number] | null {
  if (!cursor) return null;
  const m = /^(\d+):(\d+)$/.exec(cursor);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export class SipQueries {
  private readonly db: Database.Database;
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.db = db;
    this.statements = new StatementCache(db);
  }

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  searchCalls(q: z.infer<typeof CallsSearchSchema>): Page<CallSummary> | { error: string } {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const f: Sql = { where: ['capture = ?'], params: [q.capture ?? 0] };
    if (q.from !== undefined) add(f, 'started_at >= ?', q.from);
    if (q.to !== undefined) add(f, 'started_at < ?', q.to);
    if (q.callId) add(f, "call_id LIKE ? ESCAPE '\\'", like(q.callId));
    if (q.user) add(f, "(from_user LIKE ? ESCAPE '\\' OR to_user LIKE ? ESCAPE '\\')", like(q.user), like(q.user));
    if (q.ip) add(f, '(src_ip = ? OR dst_ip = ?)', q.ip, q.ip);
    if (q.method) add(f, 'method = ?', q.method.toUpperCase());
    if (q.state) add(f, 'state = ?', q.state);
    if (q.finalCode !== undefined) add(f, 'final_code = ?', q.finalCode);
    if (q.userAgent) add(f, "user_agent LIKE ? ESCAPE '\\'", like(q.userAgent));
    if (q.q) {
      const t = q.q.trim();
      f.where.push(
        "(call_id LIKE ? ESCAPE '\\' OR from_user LIKE ? ESCAPE '\\' OR to_user LIKE ? ESCAPE '\\' OR src_ip = ? OR dst_ip = ? OR user_agent LIKE ? ESCAPE '\\' OR method = ?)",
      );
      f.params.push(like(t), like(t), like(t), t, t, like(t), t.toUpperCase());
    }
    const cursor = parseCursor(q.cursor);
    if (q.cursor && !cursor) return { error: 'cursor is not one this server returned' };
    if (cursor) add(f, '(started_at < ? OR (started_at = ? AND id < ?))', cursor[0], cursor[0], cursor[1]);
    const rows = this.stmt(
      `SELECT * FROM calls WHERE ${f.where.join(' AND ')} ORDER BY started_at DESC, id DESC LIMIT ?`,
    ).all(...f.params, limit + 1) as CallDbRow[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return { items: page.map(callFromRow), nextCursor: more && last ? cursorOf(last.started_at, last.id) : null };
  }

  /**
   * A call's row and the rows of its linked legs: legs share a correlation id (HEP chunk 17 or
   * X-CID), or one names the other's Call-ID. The one linking rule for views and exports.
   */
  callWithLegs(capture: number, callId: string): { row: CallDbRow; legRows: CallDbRow[] } | null {
    const row = this.stmt('SELECT * FROM calls WHERE capture = ? AND call_id = ?').get(capture, callId) as
      CallDbRow | undefined;
    if (!row) return null;
    const key = row.correlation_id ?? row.call_id;
    const legRows = this.stmt(
      `SELECT * FROM calls WHERE capture = ? AND call_id != ? AND (correlation_id = ? OR call_id = ? OR correlation_id = ?) ORDER BY started_at LIMIT ${MAX_LEGS}`,
    ).all(capture, row.call_id, key, key, row.call_id) as CallDbRow[];
    return { row, legRows };
  }

  getCall(q: z.infer<typeof CallsGetSchema>, aliases?: ReadonlyMap<string, string>): CallDetail | null {
    const capture = q.capture ?? 0;
    const found = this.callWithLegs(capture, q.callId);
    if (!found) return null;
    const call = callFromRow(found.row);
    const legRows = found.legRows;
    const legs = legRows.map(callFromRow);
    const ids = [call.callId, ...legs.map((l) => l.callId)];
    const msgRows = this.stmt(
      `SELECT * FROM sip_messages WHERE capture = ? AND call_id IN (${ids.map(() => '?').join(', ')}) ORDER BY ts, id LIMIT ${MAX_MESSAGES_PER_CALL}`,
    ).all(capture, ...ids) as MessageDbRow[];
    const messages: SipMessageRow[] = msgRows.map(messageFromRow);
    return { call, legs, messages, ladder: buildLadder(messages, aliases) };
  }

  searchMessages(q: z.infer<typeof MessagesSearchSchema>): Page<SipMessageRow> | { error: string } {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const f: Sql = { where: ['capture = ?'], params: [q.capture ?? 0] };
    if (q.from !== undefined) add(f, 'ts >= ?', q.from);
    if (q.to !== undefined) add(f, 'ts < ?', q.to);
    if (q.callId) add(f, 'call_id = ?', q.callId);
    if (q.ip) add(f, '(src_ip = ? OR dst_ip = ?)', q.ip, q.ip);
    if (q.method) add(f, '(method = ? OR cseq_method = ?)', q.method.toUpperCase(), q.method.toUpperCase());
    if (q.status !== undefined) add(f, 'status = ?', q.status);
    if (q.text) add(f, 'instr(raw, ?) > 0', q.text);
    const cursor = parseCursor(q.cursor);
    if (q.cursor && !cursor) return { error: 'cursor is not one this server returned' };
    if (cursor) add(f, '(ts < ? OR (ts = ? AND id < ?))', cursor[0], cursor[0], cursor[1]);
    const rows = this.stmt(
      `SELECT * FROM sip_messages WHERE ${f.where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT ?`,
    ).all(...f.params, limit + 1) as MessageDbRow[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return { items: page.map(messageFromRow), nextCursor: more && last ? cursorOf(last.ts, last.id) : null };
  }

  stats(q: z.infer<typeof SipStatsSchema>, nowUs: number): SipStats {
    const capture = q.capture ?? 0;
    const from = q.from ?? 0;
    const to = q.to ?? Number.MAX_SAFE_INTEGER;
    const range = [capture, from, to] as const;
    const counts = this.stmt(
      `SELECT count(*) AS invites,
        coalesce(sum(final_code BETWEEN 200 AND 299), 0) AS answered,
        coalesce(sum(final_code BETWEEN 300 AND 399), 0) AS redirected,
        coalesce(sum(final_code IN (${SEER_USER_CODES.join(', ')})), 0) AS userDeclined,
        coalesce(sum(final_code IN (${ISA_CODES.join(', ')}) OR state = 'timeout'), 0) AS ineffective,
        coalesce(sum(state = 'ended'), 0) AS completed
      FROM calls WHERE capture = ? AND started_at >= ? AND started_at < ? AND method = 'INVITE'`,
    ).get(...range) as {
      invites: number;
      answered: number;
      redirected: number;
      userDeclined: number;
      ineffective: number;
      completed: number;
    };
    const pct = (column: string, method: string, p: number): number | null => {
      const where = `capture = ? AND started_at >= ? AND started_at < ? AND method = '${method}' AND ${column} IS NOT NULL`;
      const n = (this.stmt(`SELECT count(*) AS n FROM calls WHERE ${where}`).get(...range) as { n: number }).n;
      if (n === 0) return null;
      const offset = Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
      const r = this.stmt(`SELECT ${column} AS v FROM calls WHERE ${where} ORDER BY ${column} LIMIT 1 OFFSET ?`).get(
        ...range,
        offset,
      ) as { v: number };
      return r.v;
    };
    const registers = (
      this.stmt(
        "SELECT count(*) AS n FROM calls WHERE capture = ? AND started_at >= ? AND started_at < ? AND method = 'REGISTER'",
      ).get(...range) as { n: number }
    ).n;
    const responseCodes = this.stmt(
      `SELECT status AS code, count(*) AS count FROM sip_messages WHERE capture = ? AND ts >= ? AND ts < ? AND status IS NOT NULL AND (flags & ${MESSAGE_FLAG_RETRANSMISSION}) = 0 GROUP BY status ORDER BY count DESC, code LIMIT 50`,
    ).all(...range) as { code: number; count: number }[];
    const userAgents = this.stmt(
      'SELECT user_agent AS userAgent, count(*) AS count FROM calls WHERE capture = ? AND started_at >= ? AND started_at < ? AND user_agent IS NOT NULL GROUP BY user_agent ORDER BY count DESC LIMIT 10',
    ).all(...range) as { userAgent: string; count: number }[];
    const pairs = this.stmt(
      `SELECT src_ip AS src, dst_ip AS dst, count(*) AS invites, coalesce(sum(final_code BETWEEN 200 AND 299), 0) AS answered
       FROM calls WHERE capture = ? AND started_at >= ? AND started_at < ? AND method = 'INVITE' GROUP BY src_ip, dst_ip ORDER BY invites DESC LIMIT 20`,
    ).all(...range) as { src: string; dst: string; invites: number; answered: number }[];
    return {
      from,
      to: q.to ?? nowUs,
      invites: counts.invites,
      answered: counts.answered,
      ...inviteRatios(counts),
      srdP50Ms: pct('srd_ms', 'INVITE', 50),
      srdP95Ms: pct('srd_ms', 'INVITE', 95),
      pddP50Ms: pct('pdd_ms', 'INVITE', 50),
      registers,
      rrdP50Ms: pct('rrd_ms', 'REGISTER', 50),
      responseCodes,
      userAgents,
      byPair: pairs.map((p) => ({
        ...p,
        asr: p.invites > 0 ? Math.round((p.answered / p.invites) * 10_000) / 100 : null,
      })),
    };
  }
}
