// Linux /proc readings for a process the bench started, and the kernel's per-socket UDP drop
// counter. Read-only; every reader returns null (not a guess) when the file is unavailable.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc/<pid>/stat times are in these ticks; 100 on every Linux this runs on. */
function clockTicksPerSecond(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return n > 0 ? n : 100;
  } catch {
    return 100;
  }
}
export const CLK_TCK = clockTicksPerSecond();

/** utime + stime of the process (all threads), seconds. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after its closing paren are positional.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the full line, i.e. 11 and 12 after the name.
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

function statusKib(pid: number, field: string): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Peak resident set (VmHWM) since the process started, bytes. */
export function peakRssBytes(pid: number): number | null {
  const kib = statusKib(pid, 'VmHWM');
  return kib === null ? null : kib * 1024;
}

/**
 * Datagrams the kernel dropped for the IPv4 UDP socket bound to `port` (last column of
 * /proc/net/udp): a full receive buffer, i.e. the app did not read fast enough.
 */
export function udpSocketDrops(port: number): number | null {
  try {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hexPort}`)) return Number(cols[cols.length - 1]);
    }
    return null;
  } catch {
    return null;
  }
}

/** 1-minute load average: other work on the machine is the main source of run-to-run spread. */
export function loadAverage1m(): number | null {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/** Thread names as the kernel shows them (comm, 15 chars): Node's main thread, the store writer and the HEP receive workers. */
export const MAIN_THREAD_COMM = 'MainThread';
export const WRITER_THREAD_COMM = 'pbxscope-store-';
export const RECEIVER_THREAD_COMM = 'pbxscope-udp-he';

/** CPU seconds per thread name (threads with the same name summed, e.g. V8Worker = GC and compiler helpers). */
export function cpuSecondsByThread(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(comm, (out.get(comm) ?? 0) + (Number(fields[11]) + Number(fields[12])) / CLK_TCK);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return out;
}

/** `after - before` per thread name. */
export function threadCpuDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, s] of after) out.set(name, s - (before.get(name) ?? 0));
  return out;
}
