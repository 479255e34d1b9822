// "Test connection": one login, CoreSettings for the versions, Logoff. Never retries (a wrong
// secret must cost exactly one failed login on the PBX) and asks for no events.
import { amiField } from '../message.ts';
import { AmiClient, type AmiClientInfo, type AmiClientOptions } from './client.ts';

/** The whole test: connect + login (Asterisk takes 1 s to refuse) + CoreSettings, with room for a slow VPN. */
export const PROBE_TIMEOUT_MS = 20_000;

export type AmiProbeTarget = Pick<
  AmiClientOptions,
  'host' | 'port' | 'username' | 'secret' | 'tls' | 'tlsVerify' | 'ca' | 'timing'
>;

export interface AmiProbeResult {
  ok: boolean;
  amiVersion?: string;
  asteriskVersion?: string;
  error?: string;
}

export async function probeAmi(target: AmiProbeTarget, timeoutMs = PROBE_TIMEOUT_MS): Promise<AmiProbeResult> {
  let asteriskVersion: string | undefined;
  let amiVersion: string | undefined;
  let settingsError: string | undefined;
  let settle: (info: AmiClientInfo) => void = () => {};
  const settled = new Promise<AmiClientInfo>((resolve) => (settle = resolve));
  const client = new AmiClient({
    ...target,
    events: 'off',
    reconnect: false,
    resync: async (c) => {
      const reply = await c.send('CoreSettings');
      if (reply.ok && reply.response) {
        asteriskVersion = amiField(reply.response, 'AsteriskVersion');
        amiVersion = amiField(reply.response, 'AMIversion');
      } else settingsError = `CoreSettings: ${reply.error?.message ?? 'failed'}`;
    },
    onStatus: (info) => {
      if (info.status === 'connected' || info.status === 'failed') settle(info);
    },
  });
  const timer = setTimeout(
    () =>
      settle({ status: 'failed', lastError: `no result within ${Math.round(timeoutMs / 1000)} s`, eventsReceived: 0 }),
    timeoutMs,
  );
  client.start();
  const info = await settled;
  clearTimeout(timer);
  await client.stop();
  if (info.status !== 'connected') return { ok: false, error: info.lastError ?? 'failed' };
  const result: AmiProbeResult = { ok: true };
  const ami = amiVersion ?? info.amiVersion;
  if (ami) result.amiVersion = ami;
  if (asteriskVersion) result.asteriskVersion = asteriskVersion;
  // Logged in but CoreSettings refused (no write=reporting): the login works, say what is missing.
  if (settingsError) result.error = settingsError;
  return result;
}
