// AMI over TLS (port 5039 on a real PBX): certificate verification is on unless the user opts out.
// The self-signed certificate is made with the openssl CLI; without it these tests are skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmiClient, type AmiClientInfo } from './client.ts';
import { FakeAmiServer } from '../fake-server/server.ts';

function makeSelfSigned(dir: string): { key: string; cert: string } | undefined {
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore', timeout: 20_000 },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ami-tls-'));
const pem = makeSelfSigned(dir);
let server: FakeAmiServer;

beforeAll(async () => {
  if (pem) server = await FakeAmiServer.start({ tls: pem, users: [{ username: 'admin', secret: 'admin' }] });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function settle(opts: { tlsVerify?: boolean; ca?: string }): Promise<AmiClientInfo> {
  const client = new AmiClient({
    host: '127.0.0.1',
    port: server.port,
    username: 'admin',
    secret: 'admin',
    tls: true,
    timing: { fullyBootedTimeoutMs: 500 },
    ...opts,
  });
  client.start();
  const until = Date.now() + 5_000;
  while (!['connected', 'failed'].includes(client.info().status) && Date.now() < until)
    await new Promise((r) => setTimeout(r, 10));
  const info = client.info();
  await client.stop();
  return info;
}

describe.skipIf(!pem)('AmiClient over TLS', () => {
  it('refuses a self-signed certificate by default and stops with a readable reason', async () => {
    const info = await settle({});
    expect(info.status).toBe('failed');
    expect(info.lastError).toMatch(/^TLS certificate not trusted: .*self[- ]signed/i);
    expect(server.stats.logins).toBe(0);
  });

  it('connects when the PBX certificate is given as a trusted CA', async () => {
    expect((await settle({ ca: pem!.cert })).status).toBe('connected');
  });

  it('connects to a self-signed PBX only with the explicit opt-out', async () => {
    expect((await settle({ tlsVerify: false })).status).toBe('connected');
  });
});
