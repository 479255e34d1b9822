// Large captures made on the spot for the memory test and the import bench: the plain-SIP
// Kamailio fixture (50 calls, 572 messages) repeated with every Call-ID, tag and branch made unique
// per copy and the clock moved on, written straight to disk so the generator itself stays small.
import { open } from 'node:fs/promises';
import { LINKTYPE_ETHERNET } from '../capture/link.ts';
import { writePcap } from '../capture/pcap-write.ts';
import { buildUdpFrame } from '../capture/udp-frame.ts';
import { fixtureDatagrams, fixtureFile } from './test-frames.ts';

/** The sipp process id in the fixture's Call-IDs, tags and branches: replaced by the copy number. */
const FIXTURE_MARK = Buffer.from('19410');
/** Gap between copies on the capture clock, past the fixture's 11 s span, so calls never overlap. */
const COPY_SPACING_US = 12_000_000;
/** Copies are numbered in FIXTURE_MARK's 5 digits. */
const MAX_COPIES = 99_999;

export interface SyntheticCapture {
  bytes: number;
  copies: number;
  messages: number;
  calls: number;
}

/** Writes a classic pcap of at least `targetBytes` (whole fixture copies) to `file`. */
export async function writeSyntheticCapture(file: string, targetBytes: number): Promise<SyntheticCapture> {
  const datagrams = fixtureDatagrams('sip/kamailio-sip.pcap');
  const { dialogs_total: callsPerCopy } = JSON.parse(fixtureFile('sip/kamailio-sip.summary.json').toString('utf8')) as {
    dialogs_total: number;
  };
  const t0 = datagrams[0]?.tsUs ?? 0;
  const frames = datagrams.map((d) => ({ tsUs: d.tsUs - t0, frame: buildUdpFrame(d) as Buffer }));
  const marks = frames.map(({ frame }) => {
    const at: number[] = [];
    for (let i = frame.indexOf(FIXTURE_MARK); i !== -1; i = frame.indexOf(FIXTURE_MARK, i + 1)) at.push(i);
    return at;
  });
  const handle = await open(file, 'w');
  try {
    const header = writePcap(LINKTYPE_ETHERNET, []);
    await handle.write(header);
    let bytes = header.length;
    let copies = 0;
    const base = 1_700_000_000_000_000;
    while (bytes < targetBytes && copies < MAX_COPIES) {
      const mark = Buffer.from(String(copies).padStart(FIXTURE_MARK.length, '0'));
      const records = frames.map(({ tsUs, frame }, i) => {
        const data = Buffer.from(frame);
        for (const at of marks[i] ?? []) mark.copy(data, at);
        return { tsUs: base + copies * COPY_SPACING_US + tsUs, data };
      });
      const body = writePcap(LINKTYPE_ETHERNET, records).subarray(header.length);
      await handle.write(body);
      bytes += body.length;
      copies++;
    }
    return { bytes, copies, messages: copies * datagrams.length, calls: copies * callsPerCopy };
  } finally {
    await handle.close();
  }
}
