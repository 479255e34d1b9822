// Runs the project's own Kamailio config (../kamailio.cfg) in the foreground as a child process
// group, everything on loopback and every path inside the test's temp dir.
import path from 'node:path';
import { startGroupChild, type GroupChild } from './process-group.ts';
import { waitForUdpBind } from './udp-ports.ts';

export const KAMAILIO_CFG = path.resolve(import.meta.dirname, '../kamailio.cfg');
/** Shared / private memory, MB: a dozen calls need a fraction of this; the defaults (64/8) just waste RAM. */
const SHM_MB = '32';
const PKG_MB = '8';
/** Binding happens before any worker forks; on a loaded machine it still takes well under a second. */
const BIND_WAIT_MS = 10_000;

export interface KamailioOptions {
  bin: string;
  dir: string;
  sipPort: number;
  hepPort: number;
  hepAuthKey: string;
  uacPort: number;
  uasPort: number;
  maxMs: number;
}

export function kamailioArgs(o: KamailioOptions): string[] {
  const options: [string, string][] = [
    ['-f', KAMAILIO_CFG],
    ['-l', `udp:127.0.0.1:${o.sipPort}`],
    ['-w', o.dir],
    ['-Y', o.dir], // runtime dir: nothing under /run or /tmp/peers-lab
    ['-P', path.join(o.dir, 'kamailio.pid')],
    ['-m', SHM_MB],
    ['-M', PKG_MB],
    ['-A', `HEP_DST="sip:127.0.0.1:${o.hepPort}"`],
    ['-A', `HEP_AUTH_KEY="${o.hepAuthKey}"`],
    ['-A', `UAC_DST="sip:127.0.0.1:${o.uacPort}"`],
    ['-A', `UAS_DST="sip:127.0.0.1:${o.uasPort}"`],
    ['-A', `UAS_PORT=${o.uasPort}`],
  ];
  // -DD: stay in the foreground, so this process is the group leader we signal; -E: log to stderr (our log file).
  return ['-DD', '-E', ...options.flat()];
}

export async function startKamailio(o: KamailioOptions): Promise<GroupChild> {
  const child = startGroupChild({
    name: 'kamailio',
    command: o.bin,
    args: kamailioArgs(o),
    cwd: o.dir,
    logFile: path.join(o.dir, 'kamailio.log'),
    maxMs: o.maxMs,
  });
  await waitForUdpBind(o.sipPort, BIND_WAIT_MS, child.alive, 'kamailio');
  return child;
}
