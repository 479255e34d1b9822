import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaptureInfo, ImportProgress, ParamsOf, RpcResult } from '../../../../shared/contract.ts';
import { ClientProvider } from '../../../client/client-context.tsx';
import type { FakeClient } from '../../../client/fake-client.ts';
import type { CaptureUploader, UploadMeta } from '../../../client/file-transfer.ts';
import { bindClient } from '../../../state/client-bindings.ts';
import { BASE_US, callPage, proxiedCall, sipStats } from '../../../testing/fake-calls.ts';
import { fakeCore, resetStores } from '../../../testing/fake-data.ts';
import { hashForCalls } from '../call-route.ts';
import { CallsView } from '../calls-view.tsx';

const IMPORTED: CaptureInfo = {
  id: 3,
  name: 'kamailio-sip.pcap',
  format: 'pcap',
  importedAt: BASE_US + 3_600_000_000,
  fileBytes: 296_170,
  messages: 572,
  calls: 50,
  firstTs: BASE_US,
  lastTs: BASE_US + 10_965_118,
};

const LIVE_CALLS = callPage(2);
const CAPTURE_CALLS = callPage(5, () => ({ capture: 3 }));

function captureCore(captures: CaptureInfo[] = [IMPORTED]): FakeClient {
  return fakeCore({
    'captures.list': () => captures,
    'calls.search': (p: ParamsOf<'calls.search'>) => ({
      items: p.capture === 3 ? CAPTURE_CALLS : LIVE_CALLS,
      nextCursor: null,
    }),
  });
}

function renderCalls(client: FakeClient) {
  const unbind = bindClient(client);
  const view = render(
    <ClientProvider client={client}>
      <CallsView />
    </ClientProvider>,
  );
  return { ...view, unbind };
}

function rowIds(): string[] {
  return screen.queryAllByTestId('call-row').map((r) => r.dataset.callId ?? '');
}

function params(client: FakeClient, name: string): Array<Record<string, unknown>> {
  return client.calls.filter((c) => c.name === name).map((c) => c.params as Record<string, unknown>);
}

/** An uploader the test answers by hand, recording what it was given. */
function manualUploader() {
  const sent: Array<{ file: Blob; meta: UploadMeta; signal: AbortSignal | undefined }> = [];
  const answers: Array<(r: RpcResult<{ importId: string }>) => void> = [];
  const uploader: CaptureUploader = {
    upload: (file, meta, signal) => {
      sent.push({ file, meta, signal });
      return new Promise((resolve) => answers.push(resolve));
    },
  };
  return { uploader, sent, answers };
}

function progress(patch: Partial<ImportProgress>): ImportProgress {
  return {
    importId: 'imp-1',
    fileName: 'kamailio-sip.pcap',
    state: 'running',
    bytesRead: 0,
    totalBytes: 296_170,
    messages: 0,
    calls: 0,
    ...patch,
  };
}

/** The failed event of an encrypted bundle opened without its passphrase. */
function passphraseNeeded(patch: Partial<ImportProgress>): ImportProgress {
  return progress({ state: 'failed', error: 'passphrase needed: the bundle is encrypted', ...patch });
}

function pickFile(file: File): void {
  fireEvent.change(screen.getByTestId('open-capture-input'), { target: { files: [file] } });
}

describe('Imported captures in the Calls view', () => {
  beforeEach(() => {
    resetStores();
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(1200);
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('switches the list to an imported capture: calls.search names it, and a banner says so', async () => {
    const client = captureCore();
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toEqual(LIVE_CALLS.map((c) => c.callId)));
    const select = screen.getByTestId('capture-select') as HTMLSelectElement;
    await waitFor(() => expect(select.options).toHaveLength(2));
    expect(select.options[1]?.textContent).toBe('kamailio-sip.pcap · 50 calls · 289 KiB');
    fireEvent.change(select, { target: { value: '3' } });
    await waitFor(() => expect(rowIds()).toEqual(CAPTURE_CALLS.map((c) => c.callId)));
    expect(window.location.hash).toBe('#/calls?capture=3');
    expect(params(client, 'calls.search').at(-1)).toEqual({ capture: 3, limit: 500 });
    const banner = screen.getByTestId('capture-banner');
    expect(within(banner).getByTestId('capture-banner-name').textContent).toBe('kamailio-sip.pcap');
    expect(banner.textContent).toContain('289 KiB · 50 calls · 572 messages');
    expect(screen.getByTestId('calls-imported').textContent).toBe('Imported');
    // Live deltas do not leak into a capture.
    act(() => client.emit('calls.delta', { calls: callPage(1, () => ({ callId: 'live-new' })) }));
    expect(rowIds()).not.toContain('live-new');
    fireEvent.click(screen.getByTestId('capture-back-live'));
    await waitFor(() => expect(rowIds()).toEqual(LIVE_CALLS.map((c) => c.callId)));
    expect(screen.queryByTestId('capture-banner')).toBeNull();
    unbind();
  });

  it('opens a call of the capture with the capture in calls.get and keeps the banner', async () => {
    window.history.replaceState(null, '', `/${hashForCalls(3)}`);
    const detail = proxiedCall(CAPTURE_CALLS[0]!.callId);
    const client = captureCore();
    client.handle('calls.get', detail);
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(5));
    fireEvent.doubleClick(screen.getAllByTestId('call-row')[0]!);
    expect(await screen.findByTestId('call-view')).toBeTruthy();
    expect(window.location.hash).toBe(`#/calls/${encodeURIComponent(detail.call.callId)}?capture=3`);
    await waitFor(() => expect(params(client, 'calls.get')).toEqual([{ callId: detail.call.callId, capture: 3 }]));
    expect(screen.getByTestId('capture-banner')).toBeTruthy();
    fireEvent.click(screen.getAllByTestId('call-back')[0]!);
    await waitFor(() => expect(window.location.hash).toBe('#/calls?capture=3'));
    unbind();
  });

  it('asks sip.stats about the capture, with time ranges ending at its last message', async () => {
    window.history.replaceState(null, '', `/${hashForCalls(3)}`);
    const client = captureCore();
    client.handle('sip.stats', sipStats());
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(5));
    await waitFor(() => expect(screen.getByTestId('capture-banner-name').textContent).toBe('kamailio-sip.pcap'));
    fireEvent.click(screen.getByTestId('calls-tab-stats'));
    await screen.findByTestId('stats-kpis');
    expect(params(client, 'sip.stats')[0]).toEqual({ capture: 3 });
    fireEvent.click(screen.getByTestId('stats-range-15m'));
    await waitFor(() =>
      expect(params(client, 'sip.stats').at(-1)).toEqual({ capture: 3, from: IMPORTED.lastTs! - 15 * 60_000_000 }),
    );
    unbind();
  });

  it('deletes a capture only after confirming, and goes back to live when it was on screen', async () => {
    window.history.replaceState(null, '', `/${hashForCalls(3)}`);
    let stored = [IMPORTED];
    const client = captureCore();
    client.handle('captures.list', () => stored);
    client.handle('captures.delete', ({ id }) => {
      stored = stored.filter((c) => c.id !== id);
      return { deleted: true };
    });
    const { unbind } = renderCalls(client);
    fireEvent.click(await screen.findByTestId('captures-manage'));
    const manager = screen.getByTestId('captures-manager');
    expect(within(manager).getByTestId('capture-row').textContent).toContain('kamailio-sip.pcap');
    fireEvent.click(within(manager).getByTestId('capture-delete'));
    expect(within(manager).getByTestId('capture-delete-confirm').textContent).toContain(
      'Delete “kamailio-sip.pcap” with its 50 calls and 572 messages? This cannot be undone.',
    );
    expect(params(client, 'captures.delete')).toEqual([]);
    fireEvent.click(within(manager).getByTestId('capture-delete-yes'));
    await waitFor(() => expect(params(client, 'captures.delete')).toEqual([{ id: 3 }]));
    await waitFor(() => expect(window.location.hash).toBe('#/calls'));
    await waitFor(() => expect(screen.queryByTestId('capture-banner')).toBeNull());
    unbind();
  });

  it('tells a missing capture apart from one still loading', async () => {
    window.history.replaceState(null, '', `/${hashForCalls(9)}`);
    const { unbind } = renderCalls(captureCore());
    expect((await screen.findByText(/Capture 9 is not stored any more/)).textContent).toBeTruthy();
    unbind();
  });
});

describe('Importing a capture', () => {
  beforeEach(() => {
    resetStores();
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(1200);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('uploads the picked file and drives the progress bar from import.progress until Browse', async () => {
    const client = captureCore([]);
    const up = manualUploader();
    client.uploads = up.uploader;
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    const file = new File([new Uint8Array(296_170)], 'kamailio-sip.pcap');
    pickFile(file);
    expect(up.sent).toEqual([{ file, meta: { fileName: 'kamailio-sip.pcap' }, signal: expect.any(AbortSignal) }]);
    expect((await screen.findByTestId('import-status')).textContent).toBe('Uploading…');

    act(() => client.emit('import.progress', progress({ bytesRead: 148_085, messages: 290, calls: 24 })));
    await waitFor(() => expect(screen.getByTestId('import-progress-bar').getAttribute('aria-valuenow')).toBe('50'));
    expect(screen.getByTestId('import-status').textContent).toBe('Importing… 50 %');
    expect(screen.getByTestId('import-facts').textContent).toBe('145 KiB of 289 KiB · 290 messages · 24 calls');

    client.handle('captures.list', [IMPORTED]);
    act(() =>
      client.emit(
        'import.progress',
        progress({ state: 'done', bytesRead: 296_170, messages: 572, calls: 50, captureId: 3 }),
      ),
    );
    await act(async () => up.answers[0]!({ ok: true, result: { importId: 'imp-1' } }));
    await waitFor(() => expect(screen.getByTestId('import-status').textContent).toBe('Imported'));
    expect(screen.queryByTestId('import-progress-bar')).toBeNull();
    expect(screen.getByTestId('import-facts').textContent).toBe('289 KiB · 572 messages · 50 calls');
    // The finished import refreshed the selector.
    await waitFor(() => expect((screen.getByTestId('capture-select') as HTMLSelectElement).options).toHaveLength(2));
    fireEvent.click(screen.getByTestId('import-browse'));
    await waitFor(() => expect(window.location.hash).toBe('#/calls?capture=3'));
    await waitFor(() => expect(rowIds()).toEqual(CAPTURE_CALLS.map((c) => c.callId)));
    unbind();
  });

  it('cancels a running import through import.cancel with its id', async () => {
    const client = captureCore([]);
    client.handle('import.cancel', { cancelled: true });
    const up = manualUploader();
    client.uploads = up.uploader;
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    pickFile(new File([new Uint8Array(1000)], 'kamailio-sip.pcap'));
    act(() => client.emit('import.progress', progress({ importId: 'imp-7', bytesRead: 10_000 })));
    await waitFor(() => expect(screen.getByTestId('import-status').textContent).toMatch(/^Importing/));
    fireEvent.click(screen.getByTestId('import-cancel'));
    await waitFor(() => expect(params(client, 'import.cancel')).toEqual([{ importId: 'imp-7' }]));
    await waitFor(() => expect(up.sent[0]!.signal?.aborted).toBe(true));
    await waitFor(() => expect(screen.getByTestId('import-status').textContent).toBe('Cancelled'));
    unbind();
  });

  it('stops an upload the core has not named yet by aborting it', async () => {
    const client = captureCore([]);
    const up = manualUploader();
    client.uploads = up.uploader;
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    pickFile(new File(['x'], 'slow.pcap'));
    fireEvent.click(await screen.findByTestId('import-cancel'));
    expect(up.sent[0]!.signal?.aborted).toBe(true);
    expect(params(client, 'import.cancel')).toEqual([]);
    await waitFor(() => expect(screen.getByTestId('import-status').textContent).toBe('Cancelled'));
    unbind();
  });

  it('shows the core’s words when a file is not a capture', async () => {
    const client = captureCore([]);
    const up = manualUploader();
    client.uploads = up.uploader;
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    pickFile(new File(['GET / HTTP/1.1\r\n'], 'garbage.bin'));
    await act(async () => up.answers[0]!({ ok: true, result: { importId: 'g-1' } }));
    const message = 'not a capture: the file starts with 47 45 54 20, which is neither pcap nor pcapng';
    act(() =>
      client.emit(
        'import.progress',
        progress({ importId: 'g-1', fileName: 'garbage.bin', state: 'failed', error: message }),
      ),
    );
    expect((await screen.findByTestId('import-error')).textContent).toBe(message);
    expect(screen.getByTestId('import-status').textContent).toBe('Import failed');
    // Nothing was read: no "0 B of 16 B · 0 messages" noise next to the reason.
    expect(screen.queryByTestId('import-facts')).toBeNull();
    unbind();
  });

  it('asks for the passphrase an encrypted bundle needs and uploads it again with it', async () => {
    const client = captureCore([]);
    const up = manualUploader();
    client.uploads = up.uploader;
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    const bundle = new File(['PBXSCOPE'], 'ticket-4711.pbxscope');
    pickFile(bundle);
    await act(async () => up.answers[0]!({ ok: true, result: { importId: 'b-1' } }));
    act(() => client.emit('import.progress', passphraseNeeded({ importId: 'b-1', fileName: 'ticket-4711.pbxscope' })));
    const prompt = await screen.findByTestId('import-passphrase');
    fireEvent.change(within(prompt).getByTestId('import-passphrase-input'), { target: { value: 'correct horse' } });
    fireEvent.click(within(prompt).getByRole('button', { name: 'Import with passphrase' }));
    expect(up.sent[1]).toMatchObject({
      file: bundle,
      meta: { fileName: 'ticket-4711.pbxscope', passphrase: 'correct horse' },
    });
    await waitFor(() => expect(screen.getByTestId('import-status').textContent).toBe('Uploading…'));
    expect(screen.getAllByTestId('import-item')).toHaveLength(1);
    unbind();
  });

  it('asks for the passphrase of a bundle opened on the core machine (desktop menu) and has the core read it again', async () => {
    // No uploader: the desktop app, where File > Open Capture hands the core a path.
    const client = captureCore([]);
    client.handle('import.file', () => ({ importId: 'b-2' }));
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    act(() =>
      client.emit(
        'import.progress',
        passphraseNeeded({
          importId: 'b-1',
          fileName: 'ticket-4711.pbxscope',
          path: '/home/tech/Downloads/ticket-4711.pbxscope',
        }),
      ),
    );
    const prompt = await screen.findByTestId('import-passphrase');
    fireEvent.change(within(prompt).getByTestId('import-passphrase-input'), { target: { value: 'correct horse' } });
    fireEvent.click(within(prompt).getByRole('button', { name: 'Import with passphrase' }));
    await waitFor(() =>
      expect(params(client, 'import.file')).toEqual([
        { path: '/home/tech/Downloads/ticket-4711.pbxscope', passphrase: 'correct horse' },
      ]),
    );
    // The failed attempt gives way to the new one, which the core's events then drive.
    await waitFor(() => expect(screen.getAllByTestId('import-item')).toHaveLength(1));
    act(() =>
      client.emit(
        'import.progress',
        progress({ importId: 'b-2', fileName: 'ticket-4711.pbxscope', state: 'done', captureId: 9, calls: 3 }),
      ),
    );
    await waitFor(() => expect(screen.getByTestId('import-status').textContent).toBe('Imported'));
    expect(screen.getAllByTestId('import-item')).toHaveLength(1);
    unbind();
  });

  it('offers no passphrase prompt for an encrypted bundle it cannot read again', async () => {
    // Started by another tab's upload: neither the file nor a path is at hand here.
    const client = captureCore([]);
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    act(() => client.emit('import.progress', passphraseNeeded({ importId: 'b-3', fileName: 'other.pbxscope' })));
    expect(await screen.findByTestId('import-error')).toBeTruthy();
    expect(screen.queryByTestId('import-passphrase')).toBeNull();
    unbind();
  });

  it('takes a file dropped anywhere on the view', async () => {
    const client = captureCore([]);
    const up = manualUploader();
    client.uploads = up.uploader;
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    const view = screen.getByTestId('view-calls');
    const file = new File(['x'], 'dropped.pcapng');
    const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none' };
    fireEvent.dragEnter(view, { dataTransfer });
    expect(screen.getByTestId('drop-overlay')).toBeTruthy();
    fireEvent.drop(view, { dataTransfer });
    expect(screen.queryByTestId('drop-overlay')).toBeNull();
    expect(up.sent.map((s) => s.meta.fileName)).toEqual(['dropped.pcapng']);
    unbind();
  });

  it('offers Open capture on the empty page, before any call was captured live', async () => {
    const client = fakeCore();
    const up = manualUploader();
    client.uploads = up.uploader;
    const { unbind } = renderCalls(client);
    const empty = await screen.findByTestId('empty-calls');
    // Nothing imported yet: no selector with Live as its only choice.
    expect(screen.queryByTestId('capture-select')).toBeNull();
    pickFile(new File(['x'], 'from-the-customer.pcapng'));
    expect(up.sent.map((s) => s.meta.fileName)).toEqual(['from-the-customer.pcapng']);
    expect((await within(empty).findByTestId('import-item')).textContent).toContain('from-the-customer.pcapng');
    unbind();
  });

  it('points to File > Open Capture in the desktop app, where the page cannot upload', async () => {
    const client = captureCore([]);
    const { unbind } = renderCalls(client);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    expect(screen.queryByTestId('open-capture-input')).toBeNull();
    fireEvent.click(screen.getByTestId('open-capture'));
    expect(screen.getByText(/File › Open Capture…/)).toBeTruthy();
    // An import started from the menu still shows its progress here.
    act(() =>
      client.emit('import.progress', progress({ importId: 'menu-1', fileName: 'night.pcapng', bytesRead: 1000 })),
    );
    expect((await screen.findByTestId('import-item')).textContent).toContain('night.pcapng');
    unbind();
  });
});
