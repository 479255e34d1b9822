// Decoder benchmark: the fixture packets replayed many times in one thread, as the HEP listener
// would see them. Wired into `npm run bench`; each result is one number with its unit.
import { readFileSync } from 'node:fs';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import { decodeHep } from './decode.ts';
import { encodeHep3 } from './encode.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** Decodes per measurement: ~0.2 s of work at 1 µs/packet, long enough to swamp timer noise. */
const DECODES_PER_RUN = 200_000;
/** Untimed passes first, so the JIT has optimised the decoder before the clock starts. */
const WARMUP_PASSES = 20;

const fixture = (p: string): Buffer[] =>
  readUdpDatagrams(readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url))).datagrams.map(
    (d) => d.payload,
  );

/** Mean µs per call of `fn` over `packets`, cycled to DECODES_PER_RUN calls. */
function timePerPacket(packets: Buffer[], fn: (b: Buffer) => number): number {
  let sink = 0;
  for (let w = 0; w < WARMUP_PASSES; w++) for (const p of packets) sink += fn(p);
  const passes = Math.max(1, Math.round(DECODES_PER_RUN / packets.length));
  const start = process.hrtime.bigint();
  for (let r = 0; r < passes; r++) for (const p of packets) sink += fn(p);
  const ns = Number(process.hrtime.bigint() - start);
  if (sink === -1) console.log(sink); // keeps the work observable so it cannot be optimised away
  return ns / 1000 / (passes * packets.length);
}

const decodeLen = (b: Buffer): number => {
  const r = decodeHep(b);
  return r.ok ? r.packet.payload.length + r.packet.srcIp.length : 0;
};

export function benchHepDecode(): BenchResult[] {
  const kamailio = fixture('hep/kamailio-calls.pcap');
  const asterisk = fixture('hep/asterisk-hep.pcap');
  const compressed = kamailio.slice(0, 100).flatMap((b) => {
    const r = decodeHep(b);
    const e = r.ok ? encodeHep3(r.packet, { compress: true }) : null;
    return e?.ok ? [e.packet] : [];
  });
  const decoded = kamailio.flatMap((b) => {
    const r = decodeHep(b);
    return r.ok ? [r.packet] : [];
  });
  const kamailioUs = timePerPacket(kamailio, decodeLen);
  let i = 0;
  const encodeUs = timePerPacket(kamailio, () => {
    const e = encodeHep3(decoded[i++ % decoded.length] as (typeof decoded)[number]);
    return e.ok ? e.packet.length : 0;
  });
  return [
    { name: 'hep.decode kamailio fixture (HEPv3, 12 chunks)', value: round(kamailioUs), unit: 'µs/packet' },
    { name: 'hep.decode kamailio fixture rate', value: Math.round(1e6 / kamailioUs), unit: 'packets/s' },
    {
      name: 'hep.decode asterisk fixture (HEPv3, correlation id + node name)',
      value: round(timePerPacket(asterisk, decodeLen)),
      unit: 'µs/packet',
    },
    {
      name: 'hep.decode compressed payload (zlib inflate)',
      value: round(timePerPacket(compressed, decodeLen)),
      unit: 'µs/packet',
    },
    { name: 'hep.encode HEPv3', value: round(encodeUs), unit: 'µs/packet' },
  ];
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
