// The HEP packets every SIP/HEP benchmark replays: the 572 Kamailio siptrace datagrams of a
// real lab capture (50 calls), so the numbers reflect real message sizes and header mixes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readUdpDatagrams } from '../electron/core/capture/read-udp.ts';

export const FIXTURE_PCAP = fileURLToPath(new URL('../test/fixtures/hep/kamailio-calls.pcap', import.meta.url));
/** What the fixture's summary.json says it holds; a different count means the wrong file. */
export const FIXTURE_HEP_PACKETS = 572;

/** Each HEP datagram as its own Buffer (not a view into the pcap), so offsets start at 0. */
export function loadFixtureHep(): Buffer[] {
  const read = readUdpDatagrams(readFileSync(FIXTURE_PCAP));
  if (!read.ok) throw new Error(`cannot read ${FIXTURE_PCAP}: ${read.error.message}`);
  const packets = read.datagrams.map((d) => Buffer.from(d.payload));
  if (packets.length !== FIXTURE_HEP_PACKETS) {
    throw new Error(`${FIXTURE_PCAP}: expected ${FIXTURE_HEP_PACKETS} HEP datagrams, got ${packets.length}`);
  }
  return packets;
}
