// Web mode file transfers over the host's HTTP endpoints (ARCHITECTURE section 4): exports are
// fetched with the token in the Authorization header and saved through a blob URL, so the token
// never appears in a URL (history, logs, Referer); captures are POSTed as the raw request body.
import { fail, ok, type ErrorCode, type ExportResult, type RpcResult } from '../../shared/contract.ts';
import type { CaptureUploader, ExportSaver, SavedExport, UploadMeta } from './file-transfer.ts';

/** Where the host serves exports. A download URL outside it never gets the token. */
export const EXPORTS_PATH = '/api/exports/';
export const IMPORT_PATH = '/api/import';
/**
 * A blob URL is revoked this long after the click: the browser has started reading it by then,
 * and a large export is not held in the tab's memory for the rest of the session.
 */
export const BLOB_URL_LIFETIME_MS = 60_000;

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'bad_request',
  'not_found',
  'unauthorized',
  'unavailable',
  'conflict',
  'internal',
]);

export interface WebTransferDeps {
  fetch: typeof fetch;
  /** The page's token, read when a transfer starts (it lives in session storage). */
  token: () => string | null;
  document: Document;
  createObjectURL: (blob: Blob) => string;
  revokeObjectURL: (url: string) => void;
  setTimeout: (fn: () => void, ms: number) => unknown;
}

export interface WebTransfers {
  exports: ExportSaver;
  uploads: CaptureUploader;
}

export function createWebTransfers(deps: WebTransferDeps): WebTransfers {
  function authorization(): RpcResult<string> {
    const token = deps.token();
    return token
      ? ok(`Bearer ${token}`)
      : fail('unauthorized', 'this page has no token: open the link the host printed');
  }

  async function save(result: ExportResult): Promise<RpcResult<SavedExport>> {
    if (!result.downloadUrl.startsWith(EXPORTS_PATH)) {
      return fail('bad_request', `not an export download address: ${result.downloadUrl.slice(0, 100)}`);
    }
    const auth = authorization();
    if (!auth.ok) return auth;
    let res: Response;
    try {
      res = await deps.fetch(result.downloadUrl, { headers: { authorization: auth.result }, cache: 'no-store' });
    } catch (err) {
      return fail('unavailable', `the download did not start: ${messageOf(err)}`);
    }
    if (!res.ok) return errorFromResponse(res);
    const blob = await res.blob();
    const url = deps.createObjectURL(blob);
    const link = deps.document.createElement('a');
    link.href = url;
    link.download = result.fileName;
    link.rel = 'noopener';
    link.style.display = 'none';
    deps.document.body.append(link);
    link.click();
    link.remove();
    deps.setTimeout(() => deps.revokeObjectURL(url), BLOB_URL_LIFETIME_MS);
    return ok({ saved: true });
  }

  async function upload(file: Blob, meta: UploadMeta, signal?: AbortSignal): Promise<RpcResult<{ importId: string }>> {
    const auth = authorization();
    if (!auth.ok) return auth;
    const query = new URLSearchParams({ file: meta.fileName });
    if (meta.name) query.set('name', meta.name);
    const headers: Record<string, string> = {
      authorization: auth.result,
      'content-type': 'application/octet-stream',
    };
    // In a header, never in the URL; HTTP headers carry Latin-1 only, which fetch enforces by throwing.
    if (meta.passphrase !== undefined) {
      if (!isLatin1(meta.passphrase)) {
        return fail(
          'bad_request',
          'this passphrase has characters a web upload cannot send: open the bundle in the desktop app',
        );
      }
      headers['x-passphrase'] = meta.passphrase;
    }
    let res: Response;
    try {
      res = await deps.fetch(`${IMPORT_PATH}?${query.toString()}`, {
        method: 'POST',
        body: file,
        headers,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) return fail('unavailable', 'the upload was cancelled');
      return fail('unavailable', `the upload failed: ${messageOf(err)}`);
    }
    const answer = await readRpcResult(res);
    if (!answer.ok) return answer;
    const importId = (answer.result as { importId?: unknown } | null)?.importId;
    return typeof importId === 'string'
      ? ok({ importId })
      : fail('internal', 'the host answered the upload without an import id');
  }

  return { exports: { kind: 'download', save }, uploads: { upload } };
}

/** The host answers every /api call with an RpcResult, with the HTTP status matching its code. */
async function readRpcResult(res: Response): Promise<RpcResult<unknown>> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return fail(res.ok ? 'internal' : statusCode(res.status), `the host answered HTTP ${res.status} without a result`);
  }
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    const b = body as { ok: unknown; result?: unknown; code?: unknown; message?: unknown };
    if (b.ok === true) return ok(b.result);
    const code = typeof b.code === 'string' && ERROR_CODES.has(b.code) ? (b.code as ErrorCode) : statusCode(res.status);
    return fail(code, typeof b.message === 'string' ? b.message : `HTTP ${res.status}`);
  }
  return fail('internal', `the host answered HTTP ${res.status} with something that is not a result`);
}

async function errorFromResponse(res: Response): Promise<RpcResult<never>> {
  const answer = await readRpcResult(res);
  return answer.ok ? fail(statusCode(res.status), `HTTP ${res.status}`) : answer;
}

function statusCode(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 400 && status < 500) return 'bad_request';
  if (status === 503) return 'unavailable';
  return 'internal';
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
