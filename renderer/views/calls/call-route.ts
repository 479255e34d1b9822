// One call opens at #/calls/<Call-ID, URI-encoded>: a link, a reload or Back lands on the same call.
// An imported capture adds ?capture=<id> (#/calls?capture=3, #/calls/<id>?capture=3), so browsing a
// capture survives a reload and a copied link opens the same capture; no parameter means Live.
import { useMemo, useSyncExternalStore } from 'react';

const CALL_PREFIX = '#/calls/';
export const CALLS_LIST_HASH = '#/calls';
/** The live capture: what the listeners receive. Any other number names an imported capture. */
export const LIVE_CAPTURE = 0;
const CAPTURE_PARAM = 'capture';

export interface CallsRoute {
  /** The open call, or null for the list. */
  callId: string | null;
  capture: number;
}

function withCapture(hash: string, capture: number): string {
  return capture === LIVE_CAPTURE ? hash : `${hash}?${CAPTURE_PARAM}=${capture}`;
}

export function hashForCall(callId: string, capture: number = LIVE_CAPTURE): string {
  return withCapture(`${CALL_PREFIX}${encodeURIComponent(callId)}`, capture);
}

export function hashForCalls(capture: number = LIVE_CAPTURE): string {
  return withCapture(CALLS_LIST_HASH, capture);
}

/** Splits "#/calls/<id>?capture=3"; the encoded Call-ID never holds a literal "?". */
function splitQuery(hash: string): { path: string; params: URLSearchParams } {
  const q = hash.indexOf('?');
  return q === -1
    ? { path: hash, params: new URLSearchParams() }
    : { path: hash.slice(0, q), params: new URLSearchParams(hash.slice(q + 1)) };
}

/** The Call-ID in "#/calls/<id>", or null for the list (or a malformed escape). */
export function callIdFromHash(hash: string): string | null {
  const { path } = splitQuery(hash);
  if (!path.startsWith(CALL_PREFIX)) return null;
  const encoded = path.slice(CALL_PREFIX.length);
  if (encoded === '') return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/** The capture a calls hash names; Live for none or anything that is not a capture number. */
export function captureFromHash(hash: string): number {
  const raw = splitQuery(hash).params.get(CAPTURE_PARAM);
  if (raw === null || !/^\d{1,15}$/.test(raw)) return LIVE_CAPTURE;
  return Number(raw);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHash(): string {
  return window.location.hash;
}

/** The open call and the capture, following the address bar. */
export function useCallsRoute(): CallsRoute {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return useMemo(() => ({ callId: callIdFromHash(hash), capture: captureFromHash(hash) }), [hash]);
}

/** The open call's Call-ID, following the address bar. */
export function useCallRoute(): string | null {
  return useCallsRoute().callId;
}

export function openCall(callId: string, capture: number = LIVE_CAPTURE): void {
  window.location.hash = hashForCall(callId, capture);
}

export function backToCalls(capture: number = LIVE_CAPTURE): void {
  window.location.hash = hashForCalls(capture);
}

/** Switches the list (and everything under it) to a capture; Live when `capture` is 0. */
export function showCapture(capture: number): void {
  window.location.hash = hashForCalls(capture);
}
