// Login: MD5 challenge when the server offers it (the secret never crosses the wire), plain Login
// otherwise. Asterisk answers every bad credential (wrong secret, unknown user, bad MD5 key, ACL)
// with the same `Message: Authentication failed` and closes; that is reported as `authFailed` so the
// client stops instead of retrying into a fail2ban ban.
import { createHash } from 'node:crypto';
import { amiField } from '../message.ts';
import type { AmiReply } from './correlator.ts';
import type { AmiActionFields } from './encode.ts';

export type AmiRequest = (action: string, fields: AmiActionFields, opts: { timeoutMs: number }) => Promise<AmiReply>;

export interface AmiCredentials {
  username: string;
  secret: string;
  /** `Events:` header: `on`, `off`, or a class list such as `call,agent,system,security`. */
  events: string;
  /** auto (default): Challenge first, plain Login if the server does not offer MD5. */
  auth?: 'auto' | 'md5' | 'plain';
}

export type AmiLoginResult = { ok: true; method: 'md5' | 'plain' } | { ok: false; authFailed: boolean; reason: string };

export const AUTH_FAILED_REASON = 'authentication failed';

/** Lowercase hex md5(challenge + secret), as `action_login` compares it. */
export function md5LoginKey(challenge: string, secret: string): string {
  return createHash('md5')
    .update(challenge + secret)
    .digest('hex');
}

export async function loginAmi(request: AmiRequest, creds: AmiCredentials, timeoutMs: number): Promise<AmiLoginResult> {
  const mode = creds.auth ?? 'auto';
  let fields: [string, string][] | undefined;
  let method: 'md5' | 'plain' = 'plain';
  if (mode !== 'plain') {
    const challenge = await request('Challenge', { AuthType: 'MD5' }, { timeoutMs });
    const value = challenge.response ? amiField(challenge.response, 'Challenge') : undefined;
    if (challenge.ok && value) {
      fields = [
        ['AuthType', 'MD5'],
        ['Username', creds.username],
        ['Key', md5LoginKey(value, creds.secret)],
      ];
      method = 'md5';
    } else if (challenge.error?.code === 'disconnected' || challenge.error?.code === 'timeout') {
      return {
        ok: false,
        authFailed: false,
        reason: challenge.error.code === 'timeout' ? 'no answer to Challenge' : 'connection closed during login',
      };
    } else if (mode === 'md5') {
      return { ok: false, authFailed: false, reason: 'the PBX does not offer MD5 login' };
    }
  }
  fields ??= [
    ['Username', creds.username],
    ['Secret', creds.secret],
  ];
  fields.push(['Events', creds.events]);
  const reply = await request('Login', fields, { timeoutMs });
  if (reply.ok) return { ok: true, method };
  const error = reply.error;
  if (error?.code === 'error_response') {
    if (/authentication failed/i.test(error.message))
      return { ok: false, authFailed: true, reason: AUTH_FAILED_REASON };
    return { ok: false, authFailed: false, reason: `login refused: ${error.message}` };
  }
  if (error?.code === 'timeout') return { ok: false, authFailed: false, reason: 'no answer to Login' };
  if (error?.code === 'encode') return { ok: false, authFailed: true, reason: error.message };
  return { ok: false, authFailed: false, reason: 'connection closed during login' };
}
