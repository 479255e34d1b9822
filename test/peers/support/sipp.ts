// Runs the project's sipp scenarios (../scenarios) as child process groups. Every socket sipp
// opens is pinned to 127.0.0.1 (SIP, media and the remote-control socket, which otherwise binds
// 0.0.0.0:8888), and every run is bounded by -m, -timeout and a wall-clock kill.
import path from 'node:path';
import { startGroupChild, type GroupChild } from './process-group.ts';
import { waitForUdpBind } from './udp-ports.ts';

export const SCENARIOS = path.resolve(import.meta.dirname, '../scenarios');
/** Only the callee has to be listening before the first INVITE; it binds within milliseconds. */
const BIND_WAIT_MS = 10_000;

export interface SippPorts {
  /** SIP signalling. */
  sip: number;
  /** Media: sipp binds this port and this port + 2. */
  media: number;
  /** Remote-control socket. */
  control: number;
}

interface Common {
  bin: string;
  dir: string;
  ports: SippPorts;
  calls: number;
  /** sipp's own -timeout, seconds; the wall-clock kill adds a margin on top. */
  timeoutSec: number;
  maxMs: number;
}

function commonArgs(role: 'uac' | 'uas', o: Common): string[] {
  const options: [string, string][] = [
    ['-i', '127.0.0.1'],
    ['-p', String(o.ports.sip)],
    ['-mi', '127.0.0.1'],
    ['-mp', String(o.ports.media)],
    ['-ci', '127.0.0.1'],
    ['-cp', String(o.ports.control)],
    ['-m', String(o.calls)],
    ['-timeout', `${o.timeoutSec}s`],
    ['-error_file', errorFile(o.dir, role)],
    ['-screen_file', path.join(o.dir, `${role}-screen.log`)],
    ['-stf', statsFile(o.dir, role)],
  ];
  // -timeout_error: running into -timeout is a failed run (exit code), not a normal end.
  return [...options.flat(), '-timeout_error', '-nostdin', '-trace_err', '-trace_screen', '-trace_stat'];
}

export function errorFile(dir: string, role: 'uac' | 'uas'): string {
  return path.join(dir, `${role}-errors.log`);
}

export function statsFile(dir: string, role: 'uac' | 'uas'): string {
  return path.join(dir, `${role}-stats.csv`);
}

/** The callee: answers exactly `calls` calls as their dialled user says, then exits. */
export async function startSippUas(o: Common): Promise<GroupChild> {
  const child = startGroupChild({
    name: 'sipp-uas',
    command: o.bin,
    args: ['-sf', path.join(SCENARIOS, 'uas.xml'), ...commonArgs('uas', o)],
    cwd: o.dir,
    logFile: path.join(o.dir, 'uas.stdout'),
    maxMs: o.maxMs,
  });
  await waitForUdpBind(o.ports.sip, BIND_WAIT_MS, child.alive, 'sipp UAS');
  return child;
}

export interface UacOptions extends Common {
  proxy: string;
  injectionFile: string;
  ratePerSec: number;
  talkMs: number;
  /** -cid_str template; %u is the call number, %p sipp's pid. */
  callIdFormat: string;
}

/** The caller: places `calls` calls through the proxy at a fixed rate, then exits. */
export function startSippUac(o: UacOptions): GroupChild {
  return startGroupChild({
    name: 'sipp-uac',
    command: o.bin,
    args: [
      o.proxy,
      ...[
        ['-sf', path.join(SCENARIOS, 'uac.xml')],
        ['-inf', o.injectionFile],
        ['-r', String(o.ratePerSec)],
        ['-d', String(o.talkMs)],
        ['-cid_str', o.callIdFormat],
      ].flat(),
      ...commonArgs('uac', o),
    ],
    cwd: o.dir,
    logFile: path.join(o.dir, 'uac.stdout'),
    maxMs: o.maxMs,
  });
}
