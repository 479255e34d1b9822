// The calls the peer test places, what each one looks like on the wire through the proxy, and
// what the app must make of it. The dialled user's prefix selects the callee's behaviour
// (scenarios/uas.xml), so the app's `to` field names the expected outcome of every call.
import type { CallState } from '../../shared/domain.ts';

export type Outcome = 'ok' | 'busy' | 'nf' | 'cancel';

export interface OutcomeTruth {
  state: CallState;
  finalCode: number;
  /**
   * HEP datagrams per call without retransmissions. Kamailio (trace_mode=1) mirrors what it
   * receives and what it sends, so a relayed message counts twice and its own replies
   * (100 Trying, 200 to CANCEL) once; it also traces the ACK it sends the callee itself
   * after a negative final reply.
   */
  messages: number;
  /** Responses per status code among those datagrams. */
  responses: Record<number, number>;
}

export const OUTCOMES: Record<Outcome, OutcomeTruth> = {
  // INVITE×2, 100, 180×2, 200×2, ACK×2, BYE×2, 200 (BYE)×2
  ok: { state: 'ended', finalCode: 200, messages: 13, responses: { 100: 1, 180: 2, 200: 4 } },
  // INVITE×2, 100, 486×2, ACK (caller to proxy), ACK (proxy to callee)
  busy: { state: 'failed', finalCode: 486, messages: 7, responses: { 100: 1, 486: 2 } },
  nf: { state: 'failed', finalCode: 404, messages: 7, responses: { 100: 1, 404: 2 } },
  // INVITE×2, 100, 180×2, CANCEL×2, 200 (CANCEL, proxy)×1, 200 (CANCEL, callee)×1, 487×2, ACK×2
  cancel: { state: 'cancelled', finalCode: 487, messages: 13, responses: { 100: 1, 180: 2, 200: 2, 487: 2 } },
};

/**
 * 12 calls: 5 answered, 3 busy, 2 not found, 2 cancelled, interleaved so every outcome overlaps
 * others in time (at 5 calls/s with 1 s talk time several dialogs are open at once).
 */
export const CALL_ORDER: readonly Outcome[] = [
  'ok',
  'busy',
  'nf',
  'cancel',
  'ok',
  'busy',
  'ok',
  'cancel',
  'nf',
  'ok',
  'busy',
  'ok',
];

export interface PlannedCall {
  /** sipp's call number, 1-based: the %u of -cid_str and the line of the injection file. */
  n: number;
  outcome: Outcome;
  dialled: string;
  caller: string;
}

export function planCalls(order: readonly Outcome[] = CALL_ORDER): PlannedCall[] {
  return order.map((outcome, i) => {
    const n = i + 1;
    const suffix = String(n).padStart(4, '0');
    return { n, outcome, dialled: `${outcome}${suffix}`, caller: `caller${suffix}` };
  });
}

/** sipp injection file: SEQUENTIAL, one `<dialled>;<caller>;` line per call in call-number order. */
export function injectionFile(calls: readonly PlannedCall[]): string {
  return ['SEQUENTIAL', ...calls.map((c) => `${c.dialled};${c.caller};`)].join('\n') + '\n';
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** Response counts per status code the whole mix puts on the wire without retransmissions. */
export function expectedResponses(calls: readonly PlannedCall[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const c of calls) {
    for (const [code, n] of Object.entries(OUTCOMES[c.outcome].responses))
      out[Number(code)] = (out[Number(code)] ?? 0) + n;
  }
  return out;
}
