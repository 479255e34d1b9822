// Reads of stored AMI data on a read-only connection: event search (keyset-paged, newest first),
// queue and agent KPIs over a range recounted from the stored queue facts with the same
// accumulator the live wallboard uses. Statements are prepared once per distinct SQL text.
import type Database from 'better-sqlite3';
import { StatementCache } from '../../store/statement-cache.ts';
import type { z } from 'zod';
import type { AmiEventsSearchSchema, Page, QueueStatsSchema } from '../../../../shared/contract.ts';
import type { AgentStats, AmiEventRow, QueueKpis, QueueLive } from '../../../../shared/domain.ts';
import { mergeAgents } from '../model/live-model.ts';
import type { QueueFact } from '../model/queue-facts.ts';
import { DEFAULT_SERVICE_LEVEL_SEC, DEFAULT_SHORT_ABANDON_SEC, QueueKpiAccumulator } from '../model/queue-kpis.ts';
import { amiEventFromRow, queueFactFromRow, type AmiEventDbRow, type AmiQueueEventDbRow } from './rows.ts';

export const DEFAULT_EVENT_PAGE_SIZE = 200;
/**
 * Queue facts read for one KPI answer. A very busy contact centre (10,000 calls a day, ~6 facts
 * each) stays far below for a week; beyond it the answer would cost seconds of reader time, so
 * the range is refused and the caller asked to narrow it.
 */
export const MAX_QUEUE_FACTS_PER_QUERY = 2_000_000;

type QueueStatsParams = z.infer<typeof QueueStatsSchema>;

export interface AmiQueryOptions {
  shortAbandonSec?: number;
}

function cursorOf(ts: number, id: number): string {
  return `${ts}:${id}`;
}

function parseCursor(cursor: string | null | undefined): [number, number] | null {
  if (!cursor) return null;
  const m = /^(\d+):(\d+)$/.exec(cursor);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export class AmiQueries {
  private readonly db: Database.Database;
  private readonly statements: StatementCache;
  private readonly shortAbandonSec: number;

  constructor(db: Database.Database, opts: AmiQueryOptions = {}) {
    this.db = db;
    this.statements = new StatementCache(db);
    this.shortAbandonSec = opts.shortAbandonSec ?? DEFAULT_SHORT_ABANDON_SEC;
  }

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  /**
   * Stored AMI events, newest first. `uniqueid` matches the channel or the whole call (its
   * Linkedid); `text` is a substring of any header line's key or value.
   */
  searchEvents(q: z.infer<typeof AmiEventsSearchSchema>): Page<AmiEventRow> | { error: string } {
    const limit = q.limit ?? DEFAULT_EVENT_PAGE_SIZE;
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (clause: string, ...p: (string | number)[]): void => {
      where.push(clause);
      params.push(...p);
    };
    if (q.pbx) add('pbx = ?', q.pbx);
    if (q.from !== undefined) add('ts >= ?', q.from);
    if (q.to !== undefined) add('ts < ?', q.to);
    if (q.name) add('name = ?', q.name);
    if (q.uniqueid) add('(uniqueid = ? OR linkedid = ?)', q.uniqueid, q.uniqueid);
    if (q.text) add('instr(fields, ?) > 0', jsonInner(q.text));
    const cursor = parseCursor(q.cursor);
    if (q.cursor && !cursor) return { error: 'cursor is not one this server returned' };
    if (cursor) add('(ts < ? OR (ts = ? AND id < ?))', cursor[0], cursor[0], cursor[1]);
    const sql = `SELECT * FROM ami_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC, id DESC LIMIT ?`;
    const rows = this.stmt(sql).all(...params, limit + 1) as AmiEventDbRow[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return { items: page.map(amiEventFromRow), nextCursor: more && last ? cursorOf(last.ts, last.id) : null };
  }

  /**
   * Queue KPIs over [from, to) (default: everything stored), one entry per (pbx, queue) with
   * traffic in the range. `live` (the model's queues) fills in waiting callers and agent counts.
   */
  queueStats(
    q: QueueStatsParams,
    nowUs: number,
    live: readonly QueueLive[] = [],
  ): { pbx: string; queue: string; kpi: QueueKpis }[] | { error: string } {
    const acc = this.accumulate(q, nowUs);
    if ('error' in acc) return acc;
    const sl = q.serviceLevelSec ?? DEFAULT_SERVICE_LEVEL_SEC;
    const liveBy = new Map(live.map((l) => [`${l.pbx}\u0000${l.name}`, l.today]));
    return acc
      .queueKeys()
      .filter((k) => q.queue === undefined || k.queue === q.queue)
      .map((k) => {
        const kpi = acc.queueKpis(k.pbx, k.queue, sl);
        const now = liveBy.get(`${k.pbx}\u0000${k.queue}`);
        if (now) {
          kpi.longestWaitSec = now.longestWaitSec;
          kpi.waiting = now.waiting;
          kpi.agentsAvailable = now.agentsAvailable;
          kpi.agentsOnCall = now.agentsOnCall;
          kpi.agentsPaused = now.agentsPaused;
          kpi.agentsUnavailable = now.agentsUnavailable;
        }
        return { pbx: k.pbx, queue: k.queue, kpi };
      })
      .sort((a, b) => a.pbx.localeCompare(b.pbx) || a.queue.localeCompare(b.queue));
  }

  /**
   * Agents over [from, to): calls, AHT, missed rings and pause time by reason; their state comes
   * from `live` (the model's queues; without it every agent reads as unavailable).
   */
  agents(q: QueueStatsParams, nowUs: number, live: readonly QueueLive[] = []): AgentStats[] | { error: string } {
    const acc = this.accumulate(q, nowUs);
    if ('error' in acc) return acc;
    const kpis = acc.agentKpis(nowUs, q.pbx).filter((a) => q.queue === undefined || a.queues.includes(q.queue));
    const liveQueues = live.filter(
      (l) => (q.pbx === undefined || l.pbx === q.pbx) && (q.queue === undefined || l.name === q.queue),
    );
    return mergeAgents(kpis, liveQueues, nowUs);
  }

  /**
   * Stored facts from `fromUs` on, oldest first, preceded by the PAUSE of every pause still running
   * at `fromUs`: what AmiLiveModel.loadQueueHistory needs to resume today's counts after a restart.
   */
  queueFactsSince(fromUs: number, pbx?: string): QueueFact[] {
    const out: QueueFact[] = [];
    this.readFacts(fromUs, Number.MAX_SAFE_INTEGER, pbx, (f) => out.push(f));
    return out;
  }

  private accumulate(q: QueueStatsParams, nowUs: number): QueueKpiAccumulator | { error: string } {
    const from = q.from ?? 0;
    const to = q.to ?? Math.max(nowUs + 1, from + 1);
    const scope = q.pbx ? ' AND pbx = ?' : '';
    const scopeParams = q.pbx ? [q.pbx] : [];
    const sql = `SELECT count(*) AS n FROM ami_queue_events WHERE ts >= ? AND ts < ?${scope}`;
    const count = (this.stmt(sql).get(from, to, ...scopeParams) as { n: number }).n;
    if (count > MAX_QUEUE_FACTS_PER_QUERY) {
      return {
        error: `the range holds ${count} queue events, more than ${MAX_QUEUE_FACTS_PER_QUERY}; choose a shorter range`,
      };
    }
    const acc = new QueueKpiAccumulator({ fromUs: from, toUs: to, shortAbandonSec: this.shortAbandonSec });
    // Agent figures span all of an agent's queues, so a queue filter is applied after counting.
    this.readFacts(from, to, q.pbx, (f) => acc.add(f));
    return acc;
  }

  private readFacts(from: number, to: number, pbx: string | undefined, sink: (f: QueueFact) => void): void {
    const scope = pbx ? ' AND pbx = ?' : '';
    const scopeParams = pbx ? [pbx] : [];
    // Pauses that began before the range and were still running at its start.
    const before = this.stmt(
      `SELECT *, max(ts) FROM ami_queue_events WHERE event IN ('PAUSE', 'UNPAUSE', 'REMOVEMEMBER') AND ts < ?${scope} GROUP BY pbx, queue, interface`,
    ).all(from, ...scopeParams) as AmiQueueEventDbRow[];
    for (const r of before) if (r.event === 'PAUSE') sink(queueFactFromRow(r));
    const rows = this.stmt(`SELECT * FROM ami_queue_events WHERE ts >= ? AND ts < ?${scope} ORDER BY ts, id`).iterate(
      from,
      to,
      ...scopeParams,
    );
    for (const r of rows as Iterable<AmiQueueEventDbRow>) sink(queueFactFromRow(r));
  }
}

/** A search text as it appears inside the stored JSON (quotes and backslashes escaped). */
function jsonInner(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
