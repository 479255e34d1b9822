import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportResult } from '../../shared/contract.ts';
import { BLOB_URL_LIFETIME_MS, createWebTransfers, type WebTransferDeps } from './web-transfers.ts';

const exported: ExportResult = {
  path: '/data/exports/pbxscope-20260724-120000-1-call.html',
  fileName: 'pbxscope-20260724-120000-1-call.html',
  bytes: 2048,
  calls: 1,
  messages: 14,
  downloadUrl: '/api/exports/pbxscope-20260724-120000-1-call.html',
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function harness(
  answer: (url: string, init: RequestInit) => Response | Promise<Response>,
  token: string | null = 'tok',
) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const clicked: Array<{ href: string; download: string }> = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const revoked: string[] = [];
  const deps: WebTransferDeps = {
    fetch: vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(input), init: init ?? {} });
      return answer(String(input), init ?? {});
    }) as unknown as typeof fetch,
    token: () => token,
    document,
    createObjectURL: () => 'blob:http://127.0.0.1/1234',
    revokeObjectURL: (url) => void revoked.push(url),
    setTimeout: (fn, ms) => void timers.push({ fn, ms }),
  };
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ href: this.href, download: this.download });
  });
  return { transfers: createWebTransfers(deps), requests, clicked, timers, revoked };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('web downloads', () => {
  it('fetches the export with the token in a header, never in the URL, and saves it under its file name', async () => {
    const h = harness(() => new Response('<html></html>', { status: 200 }));
    const saved = await h.transfers.exports.save(exported);
    expect(saved).toEqual({ ok: true, result: { saved: true } });
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]!.url).toBe(exported.downloadUrl);
    expect(h.requests[0]!.url).not.toContain('tok');
    expect(new Headers(h.requests[0]!.init.headers).get('authorization')).toBe('Bearer tok');
    expect(h.clicked).toEqual([{ href: 'blob:http://127.0.0.1/1234', download: exported.fileName }]);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
    expect(h.timers[0]?.ms).toBe(BLOB_URL_LIFETIME_MS);
    h.timers[0]!.fn();
    expect(h.revoked).toEqual(['blob:http://127.0.0.1/1234']);
  });

  it('refuses to send the token to an address outside the exports endpoint', async () => {
    const h = harness(() => new Response('x'));
    const saved = await h.transfers.exports.save({ ...exported, downloadUrl: 'https://evil.example/steal' });
    expect(saved.ok).toBe(false);
    expect(h.requests).toHaveLength(0);
  });

  it('reports the host’s message when the export is gone', async () => {
    const h = harness(() => json(404, { ok: false, code: 'not_found', message: 'no export named x.html' }));
    expect(await h.transfers.exports.save(exported)).toEqual({
      ok: false,
      code: 'not_found',
      message: 'no export named x.html',
    });
    expect(h.clicked).toEqual([]);
  });

  it('says the page has no token instead of asking the host without one', async () => {
    const h = harness(() => new Response('x'), null);
    expect(await h.transfers.exports.save(exported)).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(h.requests).toHaveLength(0);
  });
});

describe('web uploads', () => {
  it('posts the raw file with its name in the query and the passphrase in a header', async () => {
    const h = harness(() => json(200, { ok: true, result: { importId: 'imp-1' } }));
    const file = new Blob([new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1])]);
    const r = await h.transfers.uploads.upload(file, {
      fileName: 'trace one.pbxscope',
      name: 'Ticket 4711',
      passphrase: 'correct horse',
    });
    expect(r).toEqual({ ok: true, result: { importId: 'imp-1' } });
    const { url, init } = h.requests[0]!;
    expect(url).toBe('/api/import?file=trace+one.pbxscope&name=Ticket+4711');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(file);
    const headers = new Headers(init.headers);
    expect(headers.get('authorization')).toBe('Bearer tok');
    expect(headers.get('x-passphrase')).toBe('correct horse');
    expect(url).not.toContain('correct');
  });

  it('returns the core’s refusal as it was worded', async () => {
    const h = harness(() =>
      json(503, { ok: false, code: 'unavailable', message: '2 imports are already running: wait for one to finish' }),
    );
    expect(await h.transfers.uploads.upload(new Blob(['x']), { fileName: 'a.pcap' })).toEqual({
      ok: false,
      code: 'unavailable',
      message: '2 imports are already running: wait for one to finish',
    });
  });

  it('says an aborted upload was cancelled', async () => {
    const controller = new AbortController();
    const h = harness(() => {
      controller.abort();
      throw new DOMException('aborted', 'AbortError');
    });
    const r = await h.transfers.uploads.upload(new Blob(['x']), { fileName: 'a.pcap' }, controller.signal);
    expect(r).toMatchObject({ ok: false, message: 'the upload was cancelled' });
  });

  it('refuses a passphrase an HTTP header cannot carry, before sending anything', async () => {
    const h = harness(() => json(200, { ok: true, result: { importId: 'x' } }));
    const r = await h.transfers.uploads.upload(new Blob(['x']), {
      fileName: 'b.pbxscope',
      passphrase: 'пароль-пароль',
    });
    expect(r).toMatchObject({ ok: false, code: 'bad_request' });
    expect(h.requests).toHaveLength(0);
  });
});
