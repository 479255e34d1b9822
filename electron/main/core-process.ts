// Adapts Electron's utilityProcess to the supervisor's CoreChild: the only place main forks.
import { utilityProcess, type MessagePortMain } from 'electron';
import type { CoreChild, CoreChildHooks } from './core-supervisor.ts';

/** Shown in the OS task manager next to the process. */
export const CORE_SERVICE_NAME = 'PBXScope core';

/** `secretKey`: the safeStorage-protected key for stored AMI secrets, handed over in memory (the core is started with --secret-key-from-parent). */
export function coreForker(
  modulePath: string,
  args: readonly string[],
  secretKey?: Buffer,
): (hooks: CoreChildHooks) => CoreChild<MessagePortMain> {
  return (hooks) => {
    const child = utilityProcess.fork(modulePath, [...args, ...(secretKey ? ['--secret-key-from-parent'] : [])], {
      serviceName: CORE_SERVICE_NAME,
      stdio: 'inherit',
    });
    if (secretKey) child.postMessage({ type: 'secret-key', key: secretKey.toString('base64') });
    child.on('message', (message: unknown) => hooks.onMessage(message));
    child.on('exit', (code) => hooks.onExit(code));
    return {
      postMessage: (message, transfer) => child.postMessage(message, transfer),
      kill: () => {
        // SIGTERM on POSIX: the utility flushes its last batch and closes the database.
        child.kill();
      },
    };
  };
}
