// The command line main passes to the core's utility process: the data directory plus the app's
// own flags picked out of Electron's argv. Only known flags are forwarded, because argv also holds
// Chromium switches and the app path, and the core should never see those.
import { SOURCE_NAMES } from '../../shared/domain.ts';

export const DATA_DIR_FLAG = '--data-dir';

/**
 * Flags that take one value and go to the core unchanged (electron/host/args.ts parses them):
 * the address the listeners bind and one port override per source. The core refuses to start on
 * a flag it does not know, so web-mode flags (--web, --host, --port) are not forwarded.
 */
export const CORE_VALUE_FLAGS: readonly string[] = ['--listen-host', ...SOURCE_NAMES.map((name) => `--${name}-port`)];

interface ParsedFlags {
  dataDir: string | null;
  forwarded: string[];
}

function parseFlags(argv: readonly string[]): ParsedFlags {
  const known = new Set([DATA_DIR_FLAG, ...CORE_VALUE_FLAGS]);
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!known.has(flag)) continue;
    let value: string | undefined;
    if (eq > 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i += 1;
      }
    }
    // A flag without a value is dropped: the core would reject it and refuse to start.
    if (value !== undefined && value !== '') values.set(flag, value); // the last one wins, as in most CLIs
  }
  const forwarded: string[] = [];
  for (const flag of CORE_VALUE_FLAGS) {
    const value = values.get(flag);
    if (value !== undefined) forwarded.push(flag, value);
  }
  return { dataDir: values.get(DATA_DIR_FLAG) ?? null, forwarded };
}

/** The data dir the core runs in: `--data-dir` from the command line, else the OS app-data folder. */
export function coreDataDir(argv: readonly string[], defaultDataDir: string): string {
  return parseFlags(argv).dataDir ?? defaultDataDir;
}

/** `--data-dir` from the command line wins over the OS app-data folder (ARCHITECTURE section 6). */
export function coreArgs(argv: readonly string[], defaultDataDir: string): string[] {
  const { dataDir, forwarded } = parseFlags(argv);
  return [DATA_DIR_FLAG, dataDir ?? defaultDataDir, ...forwarded];
}
