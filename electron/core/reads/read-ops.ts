// The reads that can take a while on a large store (searches, a call's detail, KPIs over a range),
// bound to one read-only connection. They run in the reader worker (reader-worker.ts), so the core
// thread keeps taking live traffic and pushing events while SQLite scans. Everything crossing the
// thread boundary is plain data (structured clone).
import type Database from 'better-sqlite3';
import { AmiQueries } from '../ami/store/queries.ts';
import { SipQueries } from '../sip/queries.ts';

type Arg<F> = F extends (arg: infer A, ...rest: never[]) => unknown ? A : never;

export function readOps(db: Database.Database) {
  const sip = new SipQueries(db);
  const ami = new AmiQueries(db);
  return {
    'calls.search': (q: Arg<SipQueries['searchCalls']>) => sip.searchCalls(q),
    'calls.get': (q: Arg<SipQueries['getCall']>) => sip.getCall(q),
    'messages.search': (q: Arg<SipQueries['searchMessages']>) => sip.searchMessages(q),
    'sip.stats': (a: { q: Arg<SipQueries['stats']>; nowUs: number }) => sip.stats(a.q, a.nowUs),
    'ami.events.search': (q: Arg<AmiQueries['searchEvents']>) => ami.searchEvents(q),
    // The live model's queues come along: waiting callers and agent states are not in the store.
    'queues.stats': (a: {
      q: Arg<AmiQueries['queueStats']>;
      nowUs: number;
      live: Parameters<AmiQueries['queueStats']>[2];
    }) => ami.queueStats(a.q, a.nowUs, a.live),
    'agents.list': (a: { q: Arg<AmiQueries['agents']>; nowUs: number; live: Parameters<AmiQueries['agents']>[2] }) =>
      ami.agents(a.q, a.nowUs, a.live),
  };
}

export type ReadOps = ReturnType<typeof readOps>;
export type ReadName = keyof ReadOps;
export type ReadArg<K extends ReadName> = Parameters<ReadOps[K]>[0];
export type ReadResult<K extends ReadName> = ReturnType<ReadOps[K]>;
