// The real tshark as a test oracle for exported captures (not a shipped code path). Where tshark is
// not installed the tests that need it are skipped with a message, except in CI, where a missing
// tshark is a failure: the round trip is the point of the pcap export.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const TSHARK_PATH = '/usr/bin/tshark';
export const HAS_TSHARK = existsSync(TSHARK_PATH);
export const TSHARK_REQUIRED = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

if (!HAS_TSHARK && !TSHARK_REQUIRED) {
  console.warn(`tshark not found at ${TSHARK_PATH}: skipping the pcap round-trip tests (they run and must pass in CI)`);
}

/** Every checksum checked (Wireshark leaves them off by default), so a wrong one is an expert error. */
const CHECKSUM_PREFS = [
  '-o',
  'ip.check_checksum:TRUE',
  '-o',
  'udp.check_checksum:TRUE',
  '-o',
  'tcp.check_checksum:TRUE',
];
/** Big enough for -V over a few thousand frames. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

function run(args: string[]): string {
  return execFileSync(TSHARK_PATH, args, {
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT_BYTES,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** One row per frame, one column per field (multiple occurrences joined with ','). */
export function tsharkFields(file: string, fields: readonly string[], filter?: string): string[][] {
  const args = ['-r', file, ...CHECKSUM_PREFS, '-T', 'fields', '-E', 'separator=/t'];
  if (filter) args.push('-Y', filter);
  for (const f of fields) args.push('-e', f);
  return run(args)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

/** The full dissection (`-V`) with checksums verified. */
export function tsharkVerbose(file: string): string {
  return run(['-r', file, ...CHECKSUM_PREFS, '-V']);
}

/** Expert-info lines of severity Error or Warning in a `-V` dissection, and malformed-packet markers. */
export function expertProblems(verbose: string): string[] {
  return verbose
    .split('\n')
    .filter((l) =>
      /\[Expert Info \((Error|Warning)\/|\[Malformed Packet|Bad checksum|\[Checksum Status: Bad\]/.test(l),
    );
}
