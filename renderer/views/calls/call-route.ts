// One call opens at #/calls/<Call-ID, URI-encoded>: a link, a reload or Back lands on the same call.
import { useSyncExternalStore } from 'react';

const CALL_PREFIX = '#/calls/';
export const CALLS_LIST_HASH = '#/calls';

export function hashForCall(callId: string): string {
  return `${CALL_PREFIX}${encodeURIComponent(callId)}`;
}

/** The Call-ID in "#/calls/<id>", or null for the list (or a malformed escape). */
export function callIdFromHash(hash: string): string | null {
  if (!hash.startsWith(CALL_PREFIX)) return null;
  const encoded = hash.slice(CALL_PREFIX.length);
  if (encoded === '') return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The open call's Call-ID, following the address bar. */
export function useCallRoute(): string | null {
  return useSyncExternalStore(subscribe, () => callIdFromHash(window.location.hash));
}

export function openCall(callId: string): void {
  window.location.hash = hashForCall(callId);
}

export function backToCalls(): void {
  window.location.hash = CALLS_LIST_HASH;
}
