// Opens the TCP or TLS socket to a PBX and turns every way it can fail into a short readable reason.
// TLS verifies the certificate unless the user explicitly opted out (self-signed PBX): AMI carries
// the secret and can hang up calls, so a man in the middle must not be accepted silently.
import net from 'node:net';
import tls from 'node:tls';

export interface AmiSocketOptions {
  host: string;
  port: number;
  tls?: boolean;
  /** Default true. False accepts any certificate (the user's explicit choice for a self-signed PBX). */
  tlsVerify?: boolean;
  /** Extra trusted CA (PEM), e.g. the PBX's own self-signed certificate, instead of turning verification off. */
  ca?: string | Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
}

export type AmiSocketResult =
  | { ok: true; socket: net.Socket }
  /** terminal: retrying cannot help until the user changes something (an untrusted certificate). */
  | { ok: false; reason: string; terminal: boolean };

/** Node's codes for a certificate that failed verification (as opposed to a broken handshake). */
const CERT_ERROR_RE = /CERT|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)|HOSTNAME_MISMATCH|INVALID_CA/;

export function openAmiSocket(opts: AmiSocketOptions): Promise<AmiSocketResult> {
  return new Promise((resolve) => {
    const socket = opts.tls
      ? tls.connect({
          host: opts.host,
          port: opts.port,
          rejectUnauthorized: opts.tlsVerify !== false,
          ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
          // SNI takes host names only.
          ...(net.isIP(opts.host) === 0 ? { servername: opts.host } : {}),
        })
      : net.connect({ host: opts.host, port: opts.port });
    let settled = false;
    const done = (result: AmiSocketResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      if (!result.ok) socket.destroy();
      resolve(result);
    };
    const onError = (err: NodeJS.ErrnoException): void =>
      done({ ok: false, ...describeSocketError(err, opts.tls === true) });
    const onAbort = (): void => done({ ok: false, reason: 'stopped', terminal: true });
    const timer = setTimeout(
      () =>
        done({
          ok: false,
          reason: `no answer from ${opts.host}:${opts.port} within ${Math.round(opts.timeoutMs / 1000)} s`,
          terminal: false,
        }),
      opts.timeoutMs,
    );
    socket.once('error', onError);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    socket.once(opts.tls ? 'secureConnect' : 'connect', () => {
      // Asterisk sets TCP_NODELAY too; our actions are small and a Ping must not wait for Nagle.
      socket.setNoDelay(true);
      done({ ok: true, socket });
    });
  });
}

/** A readable reason for a socket error; never includes anything the user typed but the host. */
export function describeSocketError(err: NodeJS.ErrnoException, isTls: boolean): { reason: string; terminal: boolean } {
  const code = err.code ?? '';
  if (isTls && CERT_ERROR_RE.test(code))
    return { reason: `TLS certificate not trusted: ${err.message}`, terminal: true };
  switch (code) {
    case 'ECONNREFUSED':
      return { reason: 'connection refused', terminal: false };
    case 'ECONNRESET':
      return { reason: 'connection reset by the PBX', terminal: false };
    case 'ETIMEDOUT':
      return { reason: 'connection timed out', terminal: false };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: 'host not found', terminal: false };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { reason: 'host unreachable', terminal: false };
    case 'EPIPE':
      return { reason: 'connection closed by the PBX', terminal: false };
  }
  if (isTls) return { reason: `TLS handshake failed: ${err.message}`, terminal: false };
  return { reason: err.message || code || 'socket error', terminal: false };
}
