// The call-flow (ladder) model: one column per host:port in order of first appearance, one arrow
// per message in capture-time order. Pure; the renderer only draws it.
import type { LadderArrow, LadderHost, LadderModel, SipMessageRow } from '../../../shared/domain.ts';

/** First line of a User-Agent/Server header, to name a column ("sipp", "Asterisk PBX 22"). */
const UA_RE = /^(?:User-Agent|Server)[ \t]*:[ \t]*(.+?)\r?$/im;

function hostKey(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function buildLadder(
  messages: readonly SipMessageRow[],
  aliases: ReadonlyMap<string, string> = new Map(),
): LadderModel {
  const sorted = [...messages].sort((a, b) => a.ts - b.ts || a.id - b.id);
  const hosts: LadderHost[] = [];
  const index = new Map<string, number>();
  const agent = new Map<string, string>();
  const col = (ip: string, port: number): number => {
    const key = hostKey(ip, port);
    let i = index.get(key);
    if (i === undefined) {
      i = hosts.length;
      index.set(key, i);
      hosts.push({ key, label: aliases.get(key) ?? aliases.get(ip) ?? key });
    }
    return i;
  };
  const arrows: LadderArrow[] = [];
  let prevTs: number | undefined;
  for (const m of sorted) {
    const from = col(m.srcIp, m.srcPort);
    const to = col(m.dstIp, m.dstPort);
    const src = hostKey(m.srcIp, m.srcPort);
    if (!agent.has(src)) {
      const ua = UA_RE.exec(m.raw)?.[1];
      if (ua) agent.set(src, ua.trim());
    }
    const isRequest = m.method !== undefined;
    arrows.push({
      messageId: m.id,
      from,
      to,
      label: isRequest ? (m.method as string) : `${m.status ?? '?'} ${m.reason ?? ''}`.trim(),
      ts: m.ts,
      deltaMs: prevTs === undefined ? 0 : Math.round(m.ts - prevTs) / 1000,
      retransmission: m.retransmission,
      callId: m.callId,
      kind: isRequest ? 'request' : 'response',
      ...(m.status !== undefined ? { status: m.status } : {}),
    });
    prevTs = m.ts;
  }
  for (const h of hosts) {
    const ua = agent.get(h.key);
    if (ua && h.label === h.key) h.label = `${h.key} (${ua.length > 32 ? `${ua.slice(0, 31)}…` : ua})`;
  }
  return { hosts, arrows };
}
