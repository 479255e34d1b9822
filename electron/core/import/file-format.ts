// Which importer a file goes to, from its first bytes: libpcap, pcapng or one of our bundles.
// Anything else is left to the capture reader, which names the problem ("unknown magic ...").
import type { CaptureInfo } from '../../../shared/domain.ts';

export type FileFormat = CaptureInfo['format'] | 'unknown';

/** Bytes read before deciding: the capture magics take 4, a bundle's magic fits in 16. */
export const FORMAT_PEEK_BYTES = 16;
const MAGIC_BYTES = 4;

const PCAP_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1]); // µs and ns, both byte orders
const PCAPNG_SHB = 0x0a0d0d0a; // the same in both byte orders

export function detectFileFormat(head: Buffer, isBundle: (head: Buffer) => boolean): FileFormat {
  if (head.length < MAGIC_BYTES) return 'unknown';
  const magic = head.readUInt32BE(0);
  if (PCAP_MAGICS.has(magic)) return 'pcap';
  if (magic === PCAPNG_SHB) return 'pcapng';
  return isBundle(head) ? 'bundle' : 'unknown';
}
