// The call flow as plain text, the way sngrep saves it: a short summary per call at the top, then
// every message in capture order under a header line (UTC time with µs, delta from the previous
// message, source -> destination, transport) followed by the message itself. Pure: yields text.
import type { Snapshot } from './model.ts';
import { rawText } from './model.ts';
import { callFacts, callTitle, endpoint, exportFacts, type Fact } from './call-facts.ts';
import { callNumbers } from './groups.ts';
import { formatDelta, formatUtc } from './time-format.ts';

const RULE = '='.repeat(78);
const THIN_RULE = '-'.repeat(78);

function factLines(facts: readonly Fact[], indent: string): string {
  const width = Math.max(...facts.map((f) => f.label.length)) + 1;
  return facts.map((f) => `${indent}${`${f.label}:`.padEnd(width)} ${f.value}\n`).join('');
}

/**
 * The report, one piece per call summary and per message. `onMessage` is called after each message
 * is rendered (progress).
 */
export function* textReport(snap: Snapshot, onMessage?: () => void): Generator<string> {
  const numbers = callNumbers(snap.groups);
  yield `PBXScope SIP trace snapshot\n${RULE}\n`;
  yield factLines(exportFacts(snap.meta, snap.calls.length, snap.messages.length), '');
  yield 'Times are UTC with microseconds; a delta is the time since the previous message in this file.\n\n';

  yield `Calls\n${RULE}\n`;
  for (const g of snap.groups) {
    const [first] = g.calls;
    for (const c of g.calls) {
      const n = numbers.get(c.callId);
      const leg = c !== first && first ? `   (leg of [${numbers.get(first.callId)}])` : '';
      yield `[${n}] ${callTitle(c)}${leg}\n${factLines(callFacts(c), '    ')}\n`;
    }
  }

  yield `Messages\n${RULE}\n`;
  let prev: number | undefined;
  let index = 0;
  for (const m of snap.messages) {
    index++;
    const delta = prev === undefined ? formatDelta(0) : formatDelta(m.ts - prev);
    prev = m.ts;
    const flags = [m.retransmission ? 'retransmission' : '', m.malformed ? `malformed: ${m.malformed}` : '']
      .filter(Boolean)
      .join(', ');
    const head =
      `${THIN_RULE}\n` +
      `#${index}  ${formatUtc(m.ts)}  ${delta}  ${m.transport.toUpperCase()}  ${endpoint(m.srcIp, m.srcPort)} -> ${endpoint(m.dstIp, m.dstPort)}` +
      `  [call ${numbers.get(m.callId) ?? '?'}]${flags ? `  (${flags})` : ''}\n\n`;
    // Line ends as the reader's editor expects; the blank line that ends the headers of a message
    // without a body is dropped (the bundle and the pcap keep every byte).
    const body = rawText(m.raw).replace(/\r\n/g, '\n').replace(/\n+$/, '');
    yield `${head}${body}\n\n`;
    onMessage?.();
  }
  yield `${THIN_RULE}\nEnd of trace: ${snap.messages.length} message${snap.messages.length === 1 ? '' : 's'}.\n`;
}
