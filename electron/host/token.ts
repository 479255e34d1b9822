// The web-mode access token: random per start, compared in constant time.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 192 bits: unguessable, and short enough to paste. */
const TOKEN_BYTES = 24;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Accepts `Authorization: Bearer <t>` (scripts) or `?token=<t>` (browsers cannot set headers on a WebSocket). */
export function tokenFromRequest(authorization: string | undefined, url: URL): string | null {
  if (authorization) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (m) return m[1] ?? null;
  }
  return url.searchParams.get('token');
}
