import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// A UtilityProcess stand-in: an EventEmitter that records what main posts and whether it was killed.
class FakeUtility extends EventEmitter {
  posted: unknown[][] = [];
  killed = false;
  postMessage(...args: unknown[]): void {
    this.posted.push(args);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

const forks: Array<{ modulePath: string; args: string[]; options: unknown; child: FakeUtility }> = [];

vi.mock('electron', () => ({
  utilityProcess: {
    fork: (modulePath: string, args: string[], options: unknown) => {
      const child = new FakeUtility();
      forks.push({ modulePath, args, options, child });
      return child;
    },
  },
}));

const { CORE_SERVICE_NAME, coreForker } = await import('./core-process.ts');

describe('coreForker', () => {
  beforeEach(() => {
    forks.length = 0;
  });

  it('forks the utility entry with the core args, a service name and inherited stdio', () => {
    const fork = coreForker('/app/out/main/utility.js', ['--data-dir', '/data', '--hep-port', '9061']);
    fork({ onMessage: () => undefined, onExit: () => undefined });
    expect(forks).toHaveLength(1);
    expect(forks[0]).toMatchObject({
      modulePath: '/app/out/main/utility.js',
      args: ['--data-dir', '/data', '--hep-port', '9061'],
      options: { serviceName: CORE_SERVICE_NAME, stdio: 'inherit' },
    });
  });

  it('routes the child messages and exit code to the hooks and posts connect with the port transferred', () => {
    const messages: unknown[] = [];
    const exits: number[] = [];
    const child = coreForker('/u.js', [])({ onMessage: (m) => messages.push(m), onExit: (c) => exits.push(c) });
    const utility = forks[0]!.child;
    utility.emit('message', { type: 'ready', version: '1' });
    utility.emit('exit', 3);
    const port = { fake: 'MessagePortMain' } as never;
    child.postMessage({ type: 'connect', client: 'renderer' }, [port]);
    child.kill();
    expect(messages).toEqual([{ type: 'ready', version: '1' }]);
    expect(exits).toEqual([3]);
    expect(utility.posted).toEqual([[{ type: 'connect', client: 'renderer' }, [port]]]);
    expect(utility.killed).toBe(true);
  });
});
