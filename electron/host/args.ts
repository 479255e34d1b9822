// Command-line flags shared by `npm start`, `npm run web` and the Electron utility process. Pure.
import type { SourceName } from '../../shared/domain.ts';

export interface HostArgs {
  web: boolean;
  dataDir?: string;
  /** Bind address of the HTTP/WebSocket server. */
  host: string;
  /** HTTP port; 0 lets the OS choose a free one. */
  port: number;
  listenHost?: string;
  ports: Partial<Record<SourceName, number>>;
  open: boolean;
  /** Desktop only: the core waits for the secrets key from the Electron main process (safeStorage). */
  secretKeyFromParent?: boolean;
}

export type ArgsResult = { ok: true; args: HostArgs } | { ok: false; message: string };

/** The HTTP port web mode tries first; 0 on the command line asks for any free port. */
export const DEFAULT_WEB_PORT = 7060;

const PORT_FLAGS: Record<string, SourceName> = {
  '--hep-port': 'hep',
  '--sip-port': 'sip',
  '--statsd-port': 'statsd',
  '--syslog-port': 'syslog',
};

export const USAGE = `Usage: npm start -- [--web] [--data-dir DIR] [--host ADDR] [--port N] [--listen-host ADDR]
                   [--hep-port N] [--sip-port N] [--statsd-port N] [--syslog-port N] [--no-open]`;

function parsePort(flag: string, value: string | undefined): number | string {
  if (value === undefined || !/^\d+$/.test(value)) return `${flag} needs a port number (0-65535)`;
  const n = Number(value);
  return n <= 65535 ? n : `${flag} needs a port number (0-65535), got ${value}`;
}

export function parseArgs(argv: readonly string[]): ArgsResult {
  const args: HostArgs = { web: false, host: '127.0.0.1', port: DEFAULT_WEB_PORT, ports: {}, open: true };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--web':
        args.web = true;
        break;
      case '--no-open':
        args.open = false;
        break;
      case '--secret-key-from-parent':
        args.secretKeyFromParent = true;
        break;
      case '--data-dir': {
        const v = value();
        if (!v) return { ok: false, message: '--data-dir needs a directory' };
        args.dataDir = v;
        break;
      }
      case '--host': {
        const v = value();
        if (!v) return { ok: false, message: '--host needs an address' };
        args.host = v;
        break;
      }
      case '--listen-host': {
        const v = value();
        if (!v) return { ok: false, message: '--listen-host needs an address' };
        args.listenHost = v;
        break;
      }
      case '--port': {
        const p = parsePort(flag, value());
        if (typeof p === 'string') return { ok: false, message: p };
        args.port = p;
        break;
      }
      default: {
        const source = PORT_FLAGS[flag];
        if (!source) return { ok: false, message: `unknown option ${raw}\n${USAGE}` };
        const p = parsePort(flag, value());
        if (typeof p === 'string') return { ok: false, message: p };
        args.ports[source] = p;
      }
    }
  }
  return { ok: true, args };
}
