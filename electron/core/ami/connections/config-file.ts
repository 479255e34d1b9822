// `<dataDir>/ami-connections.json`: the saved PBX connections, secrets sealed (secret-box.ts). Written
// atomically (temp file, fsync, rename) with mode 0600, so a crash leaves the old file or the new one,
// never half of one, and other users of the machine cannot read host names and user names.
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const AMI_CONNECTIONS_FILE = 'ami-connections.json';

const StoredConnectionSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(80),
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  username: z.string().min(1).max(128),
  tls: z.boolean(),
  tlsVerify: z.boolean(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  actionsEnabled: z.boolean(),
  enabled: z.boolean(),
  /** AES-256-GCM sealed, bound to `id`; absent when none was given. */
  sealedSecret: z.string().optional(),
});

export type StoredAmiConnection = z.infer<typeof StoredConnectionSchema>;

const FileSchema = z.object({ version: z.literal(1), connections: z.array(z.unknown()) });

export interface LoadedConnections {
  connections: StoredAmiConnection[];
  problems: string[];
}

export function loadAmiConnections(dataDir: string): LoadedConnections {
  const path = join(dataDir, AMI_CONNECTIONS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { connections: [], problems: [] };
    return { connections: [], problems: [`${AMI_CONNECTIONS_FILE}: ${(err as Error).message}`] };
  }
  let parsed: z.infer<typeof FileSchema>;
  try {
    parsed = FileSchema.parse(JSON.parse(text));
  } catch {
    return { connections: [], problems: [`${AMI_CONNECTIONS_FILE} is not valid; starting without AMI connections`] };
  }
  const problems: string[] = [];
  const connections: StoredAmiConnection[] = [];
  for (const raw of parsed.connections) {
    const c = StoredConnectionSchema.safeParse(raw);
    if (c.success) connections.push(c.data);
    else problems.push(`${AMI_CONNECTIONS_FILE}: an invalid connection entry was ignored`);
  }
  return { connections, problems };
}

export function saveAmiConnections(dataDir: string, connections: readonly StoredAmiConnection[]): void {
  const path = join(dataDir, AMI_CONNECTIONS_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify({ version: 1, connections }, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The mode given to open is filtered by the umask and ignored for an existing file: set it outright.
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
