// Keeps the core's utility process alive: forks it, waits for `ready`, restarts it with a bounded
// exponential backoff when it dies, and gives up (state `failed`) after too many quick deaths in a
// row. Process, clock and timers are injected, so every path is tested without Electron.
import {
  parseUtilityMessage,
  type ConnectMessage,
  type CoreClientKind,
  type UtilityMessage,
} from './utility-messages.ts';

export interface RestartPolicy {
  /** Wait before the first restart after a crash. */
  initialDelayMs: number;
  /** Ceiling of the doubling backoff. */
  maxDelayMs: number;
  /** Quick deaths in a row tolerated before giving up. */
  maxConsecutiveFailures: number;
  /** A core that stayed ready this long counts as healthy: its death starts the backoff afresh. */
  stableAfterMs: number;
  /** A core that has not said `ready` by then is killed and counted as a failure. */
  readyTimeoutMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  // Half a second lets the OS release the dead process's UDP/TCP ports before the new one binds them.
  initialDelayMs: 500,
  // Past 30 s the user is better served by the `failed` state and a manual restart than by waiting.
  maxDelayMs: 30_000,
  // 500 ms doubling six times is ~30 s of trying: enough to ride out a transient (disk full, port
  // briefly taken), few enough that a core crashing at start-up is reported within a minute.
  maxConsecutiveFailures: 6,
  // A minute of steady running means the last crash was not a start-up loop.
  stableAfterMs: 60_000,
  // Start-up opens the database and runs migrations; 30 s covers a large database on a slow disk.
  readyTimeoutMs: 30_000,
};

/**
 * How long quitting waits for the core to exit after SIGTERM. Its last batch flush and database
 * close take well under a second; a core still running after 3 s is stuck, and the user is
 * waiting for the app to close.
 */
export const SHUTDOWN_GRACE_MS = 3000;

/** Delay before restart number `failures` (1-based) in a run of quick deaths. */
export function restartDelayMs(policy: RestartPolicy, failures: number): number {
  const exponent = Math.max(0, failures - 1);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}

export type CoreState = 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped';

export interface CoreStatus {
  state: CoreState;
  /** Version the running core reported in `ready`. */
  version?: string;
  /** Why the last core died or could not start (a `fatal` message, an exit code, a timeout). */
  lastError?: string;
  /** Quick deaths in the current run (reset by a stable core or a manual restart). */
  failures: number;
  /** When state is `restarting`: how long until the next attempt. */
  retryInMs?: number;
}

/** The live process as the supervisor sees it (an adapter over Electron's UtilityProcess). */
export interface CoreChild<Port> {
  postMessage(message: ConnectMessage, transfer: Port[]): void;
  kill(): void;
}

export interface CoreChildHooks {
  onMessage(raw: unknown): void;
  onExit(code: number): void;
}

export interface SupervisorClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SupervisorOptions<Port> {
  /** Starts a new core process and routes its messages and exit to `hooks`. */
  fork(hooks: CoreChildHooks): CoreChild<Port>;
  clock?: SupervisorClock;
  policy?: RestartPolicy;
  shutdownGraceMs?: number;
  onNotify?(message: Extract<UtilityMessage, { type: 'notify' }>): void;
  onLog?(line: string): void;
}

export interface CoreSupervisor<Port> {
  start(): void;
  /** Stops the core for good (app quit); resolves once it exited or the grace period ran out. */
  stop(): Promise<void>;
  /** User asked for it: forget past failures and start a fresh core now. */
  restart(): void;
  status(): CoreStatus;
  /** Hands `port` to the running core; false (caller closes the port) when no core is ready. */
  connect(client: CoreClientKind, port: Port): boolean;
  /** Called on every status change; returns an unsubscribe function. */
  onChange(listener: (status: CoreStatus) => void): () => void;
}

const systemClock: SupervisorClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createCoreSupervisor<Port>(options: SupervisorOptions<Port>): CoreSupervisor<Port> {
  const clock = options.clock ?? systemClock;
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const graceMs = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
  const listeners = new Set<(status: CoreStatus) => void>();
  const log = (line: string): void => options.onLog?.(line);

  let status: CoreStatus = { state: 'stopped', failures: 0 };
  let child: CoreChild<Port> | null = null;
  let readyAt: number | null = null;
  let readyTimer: unknown = null;
  let restartTimer: unknown = null;
  let restartNow = false;
  // Why the current process is going down, when we know better than its exit code (fatal, timeout).
  let downReason: string | null = null;
  // Each fork gets a generation so a late message or exit from a replaced process is ignored.
  let generation = 0;
  // stop() waits on these, keyed by generation, for the exit of the process it stopped.
  const exitWaiters = new Map<number, () => void>();

  function setStatus(next: CoreStatus): void {
    status = next;
    for (const listener of [...listeners]) listener(status);
  }

  function clearTimer(handle: unknown): null {
    if (handle !== null) clock.clearTimeout(handle);
    return null;
  }

  function spawn(): void {
    restartTimer = clearTimer(restartTimer);
    const mine = ++generation;
    readyAt = null;
    downReason = null;
    setStatus({
      state: 'starting',
      failures: status.failures,
      ...(status.lastError ? { lastError: status.lastError } : {}),
    });
    try {
      child = options.fork({
        onMessage: (raw) => {
          if (mine === generation) handleMessage(raw);
        },
        onExit: (code) => {
          exitWaiters.get(mine)?.();
          if (mine === generation) handleExit(code);
        },
      });
    } catch (error) {
      child = null;
      recordFailure(`could not start the core: ${String(error)}`);
      return;
    }
    readyTimer = clock.setTimeout(() => {
      readyTimer = null;
      if (mine !== generation || status.state !== 'starting') return;
      log(`core did not report ready within ${policy.readyTimeoutMs} ms; killing it`);
      downReason = `the core did not start within ${policy.readyTimeoutMs / 1000} s`;
      child?.kill();
    }, policy.readyTimeoutMs);
  }

  function handleMessage(raw: unknown): void {
    const message = parseUtilityMessage(raw);
    if (!message) {
      log('ignored a malformed message from the core');
      return;
    }
    switch (message.type) {
      case 'ready':
        readyTimer = clearTimer(readyTimer);
        readyAt = clock.now();
        setStatus({ state: 'ready', version: message.version, failures: status.failures });
        return;
      case 'notify':
        options.onNotify?.(message);
        return;
      case 'fatal':
        log(`core fatal: ${message.message}`);
        downReason = message.message;
        // A fatal core cannot go on; if it does not exit by itself, make it.
        child?.kill();
        return;
    }
  }

  function handleExit(code: number): void {
    child = null;
    readyTimer = clearTimer(readyTimer);
    if (status.state === 'stopped') return;
    if (restartNow) {
      restartNow = false;
      spawn();
      return;
    }
    const stable = readyAt !== null && clock.now() - readyAt >= policy.stableAfterMs;
    if (stable) status = { ...status, failures: 0 };
    recordFailure(downReason ?? `the core exited with code ${code}`);
  }

  function recordFailure(reason: string): void {
    const failures = status.failures + 1;
    if (failures > policy.maxConsecutiveFailures) {
      log(`core failed ${failures} times in a row; giving up: ${reason}`);
      setStatus({ state: 'failed', failures, lastError: reason });
      return;
    }
    const delay = restartDelayMs(policy, failures);
    log(`core down (${reason}); restart ${failures}/${policy.maxConsecutiveFailures} in ${delay} ms`);
    setStatus({ state: 'restarting', failures, lastError: reason, retryInMs: delay });
    restartTimer = clock.setTimeout(() => {
      restartTimer = null;
      if (status.state === 'restarting') spawn();
    }, delay);
  }

  return {
    start() {
      if (status.state !== 'stopped' && status.state !== 'failed') return;
      status = { state: 'stopped', failures: 0 };
      spawn();
    },
    stop() {
      restartTimer = clearTimer(restartTimer);
      readyTimer = clearTimer(readyTimer);
      const running = child;
      const runningGeneration = generation;
      child = null;
      generation += 1;
      setStatus({ state: 'stopped', failures: 0 });
      if (!running) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = clock.setTimeout(() => {
          exitWaiters.delete(runningGeneration);
          log(`core still running ${graceMs} ms after it was told to stop; quitting anyway`);
          resolve();
        }, graceMs);
        exitWaiters.set(runningGeneration, () => {
          exitWaiters.delete(runningGeneration);
          clock.clearTimeout(timer);
          resolve();
        });
        running.kill();
      });
    },
    restart() {
      if (status.state === 'stopped') return;
      status = { ...status, failures: 0 };
      delete status.lastError;
      if (child) {
        restartNow = true;
        child.kill();
        return;
      }
      spawn();
    },
    status: () => status,
    connect(client, port) {
      if (status.state !== 'ready' || !child) return false;
      try {
        child.postMessage({ type: 'connect', client }, [port]);
        return true;
      } catch (error) {
        log(`could not hand a port to the core: ${String(error)}`);
        return false;
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
