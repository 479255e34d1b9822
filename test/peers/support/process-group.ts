// A child program in its own process group, output to a log file, with a wall-clock limit.
// Kamailio forks workers and sipp may too: signalling the group stops all of them, and only them.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a TERM gets before the group is KILLed (Kamailio shuts its workers down in well under 1 s). */
const TERM_GRACE_MS = 3_000;
/** Lines of a log shown in failure reports: enough to see the error, short enough to read. */
const LOG_TAIL_LINES = 40;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The wall-clock limit fired and the group was killed. */
  timedOut: boolean;
}

export interface GroupChild {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<ChildExit>;
  alive(): boolean;
  /** TERM the group, KILL it after a grace period; resolves when the leader is gone. Safe to call twice. */
  stop(): Promise<ChildExit>;
  logTail(): string;
}

export interface GroupChildOptions {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  logFile: string;
  /** Hard limit on the whole run: the group is KILLed when it passes. */
  maxMs: number;
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

export function startGroupChild(opts: GroupChildOptions): GroupChild {
  const out = openSync(opts.logFile, 'a');
  const child = spawn(opts.command, [...opts.args], { cwd: opts.cwd, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${opts.name}: could not start ${opts.command}`);

  let running = true;
  let timedOut = false;
  const guard = setTimeout(() => {
    timedOut = true;
    signalGroup(pid, 'SIGKILL');
  }, opts.maxMs);
  const exited = new Promise<ChildExit>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null): void => {
      running = false;
      clearTimeout(guard);
      resolve({ code, signal, timedOut });
    };
    child.once('exit', done);
    child.once('error', () => done(null, null));
  });

  return {
    name: opts.name,
    pid,
    logFile: opts.logFile,
    exited,
    alive: () => running,
    async stop() {
      if (running) {
        signalGroup(pid, 'SIGTERM');
        const graceful = await Promise.race([exited.then(() => true), sleep(TERM_GRACE_MS).then(() => false)]);
        if (!graceful) signalGroup(pid, 'SIGKILL');
      }
      // Workers that outlived their leader still carry its group id.
      signalGroup(pid, 'SIGKILL');
      return exited;
    },
    logTail: () => fileTail(opts.logFile, opts.name),
  };
}

/** The end of a log for a failure report. */
export function fileTail(file: string, label: string): string {
  if (!existsSync(file)) return `--- ${label}: no ${file}`;
  const lines = readFileSync(file, 'utf8').split('\n');
  return `--- ${label} (${file}), last ${LOG_TAIL_LINES} lines\n${lines.slice(-LOG_TAIL_LINES).join('\n')}`;
}
