import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESTART_POLICY,
  SHUTDOWN_GRACE_MS,
  createCoreSupervisor,
  restartDelayMs,
  type CoreChild,
  type CoreChildHooks,
  type CoreStatus,
  type RestartPolicy,
  type SupervisorClock,
} from './core-supervisor.ts';
import type { ConnectMessage } from './utility-messages.ts';

/** A clock whose timers fire only when the test advances it. */
function manualClock(): SupervisorClock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}

interface FakeChild extends CoreChild<string> {
  hooks: CoreChildHooks;
  posted: Array<{ message: ConnectMessage; transfer: string[] }>;
  killed: boolean;
}

function harness(policy: RestartPolicy = DEFAULT_RESTART_POLICY) {
  const clock = manualClock();
  const children: FakeChild[] = [];
  const notes: unknown[] = [];
  const states: CoreStatus[] = [];
  const supervisor = createCoreSupervisor<string>({
    clock,
    policy,
    fork(hooks) {
      const child: FakeChild = {
        hooks,
        posted: [],
        killed: false,
        postMessage(message, transfer) {
          child.posted.push({ message, transfer });
        },
        kill() {
          child.killed = true;
        },
      };
      children.push(child);
      return child;
    },
    onNotify: (n) => notes.push(n),
  });
  supervisor.onChange((s) => states.push(s));
  const last = (): FakeChild => children[children.length - 1]!;
  return { clock, children, notes, states, supervisor, last };
}

describe('restartDelayMs', () => {
  it('doubles from the initial delay and stops at the ceiling', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, initialDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => restartDelayMs(policy, n))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});

describe('core supervisor', () => {
  it('forks the core on start and becomes ready with the version the core reports', () => {
    const h = harness();
    h.supervisor.start();
    expect(h.children).toHaveLength(1);
    expect(h.supervisor.status().state).toBe('starting');
    h.last().hooks.onMessage({ type: 'ready', version: '0.1.0' });
    expect(h.supervisor.status()).toMatchObject({ state: 'ready', version: '0.1.0', failures: 0 });
  });

  it('hands ports to the ready core with the client kind, and refuses while none is ready', () => {
    const h = harness();
    h.supervisor.start();
    expect(h.supervisor.connect('renderer', 'port-early')).toBe(false);
    h.last().hooks.onMessage({ type: 'ready', version: '1' });
    expect(h.supervisor.connect('renderer', 'port-a')).toBe(true);
    expect(h.supervisor.connect('main', 'port-b')).toBe(true);
    expect(h.last().posted).toEqual([
      { message: { type: 'connect', client: 'renderer' }, transfer: ['port-a'] },
      { message: { type: 'connect', client: 'main' }, transfer: ['port-b'] },
    ]);
  });

  it('restarts a crashed core after a backoff that doubles with each quick death', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, initialDelayMs: 100, maxDelayMs: 10_000 };
    const h = harness(policy);
    h.supervisor.start();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      h.last().hooks.onExit(1);
      const status = h.supervisor.status();
      expect(status.state).toBe('restarting');
      delays.push(status.retryInMs ?? -1);
      const before = h.children.length;
      h.clock.advance((status.retryInMs ?? 0) - 1);
      expect(h.children).toHaveLength(before);
      h.clock.advance(1);
      expect(h.children).toHaveLength(before + 1);
    }
    expect(delays).toEqual([100, 200, 400]);
  });

  it('gives up after too many quick deaths in a row and keeps the reason', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, initialDelayMs: 10, maxConsecutiveFailures: 3 };
    const h = harness(policy);
    h.supervisor.start();
    for (let i = 0; i < 3; i++) {
      h.last().hooks.onExit(1);
      h.clock.advance(10_000);
    }
    expect(h.children).toHaveLength(4);
    h.last().hooks.onMessage({ type: 'fatal', message: 'database disk image is malformed' });
    expect(h.last().killed).toBe(true);
    h.last().hooks.onExit(1);
    expect(h.supervisor.status()).toMatchObject({
      state: 'failed',
      failures: 4,
      lastError: 'database disk image is malformed',
    });
    h.clock.advance(10 * 60_000);
    expect(h.children).toHaveLength(4);
  });

  it('starts the backoff afresh when the core died after running steadily', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, initialDelayMs: 100, stableAfterMs: 1000 };
    const h = harness(policy);
    h.supervisor.start();
    h.last().hooks.onExit(1);
    h.clock.advance(100);
    h.last().hooks.onExit(1);
    expect(h.supervisor.status()).toMatchObject({ failures: 2, retryInMs: 200 });
    h.clock.advance(200);
    h.last().hooks.onMessage({ type: 'ready', version: '1' });
    h.clock.advance(1000);
    h.last().hooks.onExit(139);
    expect(h.supervisor.status()).toMatchObject({
      state: 'restarting',
      failures: 1,
      retryInMs: 100,
      lastError: 'the core exited with code 139',
    });
  });

  it('kills a core that never reports ready and counts it as a failure', () => {
    const h = harness({ ...DEFAULT_RESTART_POLICY, readyTimeoutMs: 5000 });
    h.supervisor.start();
    h.clock.advance(4999);
    expect(h.last().killed).toBe(false);
    h.clock.advance(1);
    expect(h.last().killed).toBe(true);
    h.last().hooks.onExit(0);
    expect(h.supervisor.status()).toMatchObject({
      state: 'restarting',
      failures: 1,
      lastError: 'the core did not start within 5 s',
    });
  });

  it('does not restart after stop, and ignores the exit of the stopped process', () => {
    const h = harness();
    h.supervisor.start();
    const child = h.last();
    void h.supervisor.stop();
    expect(child.killed).toBe(true);
    child.hooks.onExit(0);
    h.clock.advance(60_000);
    expect(h.children).toHaveLength(1);
    expect(h.supervisor.status().state).toBe('stopped');
  });

  it('stop resolves when the core has exited', async () => {
    const h = harness();
    h.supervisor.start();
    let stopped = false;
    const stopping = h.supervisor.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    h.last().hooks.onExit(0);
    await stopping;
    expect(stopped).toBe(true);
    expect(h.clock.pending()).toBe(0);
  });

  it('stop gives up waiting after the grace period when the core hangs', async () => {
    const h = harness();
    h.supervisor.start();
    let stopped = false;
    const stopping = h.supervisor.stop().then(() => (stopped = true));
    h.clock.advance(SHUTDOWN_GRACE_MS - 1);
    await Promise.resolve();
    expect(stopped).toBe(false);
    h.clock.advance(1);
    await stopping;
    expect(stopped).toBe(true);
  });

  it('restarts at once on a manual restart and forgets past failures', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, initialDelayMs: 10, maxConsecutiveFailures: 1 };
    const h = harness(policy);
    h.supervisor.start();
    h.last().hooks.onExit(1);
    h.clock.advance(10);
    h.last().hooks.onExit(1);
    expect(h.supervisor.status().state).toBe('failed');
    h.supervisor.restart();
    expect(h.children).toHaveLength(3);
    expect(h.supervisor.status()).toMatchObject({ state: 'starting', failures: 0 });
    h.last().hooks.onMessage({ type: 'ready', version: '1' });
    h.supervisor.restart();
    expect(h.children[2]!.killed).toBe(true);
    h.children[2]!.hooks.onExit(0);
    expect(h.children).toHaveLength(4);
    expect(h.supervisor.status()).toMatchObject({ state: 'starting', failures: 0 });
  });

  it('ignores messages and exits from a process it has already replaced', () => {
    const h = harness({ ...DEFAULT_RESTART_POLICY, initialDelayMs: 10 });
    h.supervisor.start();
    const first = h.last();
    first.hooks.onExit(1);
    h.clock.advance(10);
    first.hooks.onMessage({ type: 'ready', version: 'stale' });
    first.hooks.onExit(1);
    expect(h.supervisor.status()).toMatchObject({ state: 'starting', failures: 1 });
  });

  it('passes notify messages on and ignores malformed ones', () => {
    const h = harness();
    h.supervisor.start();
    h.last().hooks.onMessage({ type: 'notify', title: 'Trunk down', body: 'OPTIONS timeout', severity: 'critical' });
    h.last().hooks.onMessage({ type: 'notify', title: 'x', body: 'y', severity: 'apocalyptic' });
    h.last().hooks.onMessage('ready');
    expect(h.notes).toEqual([{ type: 'notify', title: 'Trunk down', body: 'OPTIONS timeout', severity: 'critical' }]);
    expect(h.supervisor.status().state).toBe('starting');
  });

  it('counts a fork that throws as a failure and retries', () => {
    let attempts = 0;
    const clock = manualClock();
    const supervisor = createCoreSupervisor<string>({
      clock,
      policy: { ...DEFAULT_RESTART_POLICY, initialDelayMs: 10 },
      fork() {
        attempts += 1;
        throw new Error('ENOENT utility.js');
      },
    });
    supervisor.start();
    expect(supervisor.status()).toMatchObject({ state: 'restarting', failures: 1 });
    expect(supervisor.status().lastError).toContain('ENOENT utility.js');
    clock.advance(10);
    expect(attempts).toBe(2);
  });

  it('reports every state change to listeners', () => {
    const h = harness({ ...DEFAULT_RESTART_POLICY, initialDelayMs: 10 });
    h.supervisor.start();
    h.last().hooks.onMessage({ type: 'ready', version: '1' });
    h.last().hooks.onExit(1);
    h.clock.advance(10);
    expect(h.states.map((s) => s.state)).toEqual(['starting', 'ready', 'restarting', 'starting']);
  });
});
