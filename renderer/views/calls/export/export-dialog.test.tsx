import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportResult, ParamsOf, RedactionPreviewItem } from '../../../../shared/contract.ts';
import { ClientProvider } from '../../../client/client-context.tsx';
import type { FakeClient } from '../../../client/fake-client.ts';
import type { ExportSaver } from '../../../client/file-transfer.ts';
import { fakeCore, resetStores } from '../../../testing/fake-data.ts';
import { ExportDialog } from './export-dialog.tsx';
import type { ExportSelection } from './export-selection.ts';

/** What the core would mask in the proxied test call, per kind. */
const FOUND: RedactionPreviewItem[] = [
  { kind: 'number', original: '1001', masked: 'user-1', count: 28 },
  { kind: 'number', original: '+4930123456', masked: 'number-1', count: 28 },
  { kind: 'ip', original: '10.0.0.10', masked: '192.0.2.1', count: 19 },
  { kind: 'ip', original: '10.0.0.20', masked: '192.0.2.2', count: 12 },
  { kind: 'sdp', original: '10.0.0.10', masked: '192.0.2.1', count: 6 },
];

const WRITTEN: ExportResult = {
  path: '/home/ops/.config/PBXScope/exports/pbxscope-20260724-120000-1-call.html',
  fileName: 'pbxscope-20260724-120000-1-call.html',
  bytes: 48_640,
  calls: 3,
  messages: 41,
  downloadUrl: '/api/exports/pbxscope-20260724-120000-1-call.html',
};

const ONE_CALL: ExportSelection = { kind: 'call', callId: 'a84b@10.0.0.10', legIds: ['leg-b@10.0.0.1'], capture: 0 };

/** A core answering export.preview with the values of the ticked kinds only, as the real one does. */
function exportCore(handlers: Parameters<typeof fakeCore>[0] = {}): FakeClient {
  return fakeCore({
    'export.preview': (p: ParamsOf<'export.preview'>) => {
      const on = { number: p.redact.numbers, ip: p.redact.ips, auth: p.redact.auth, sdp: p.redact.sdp };
      return { calls: 3, messages: 41, redactions: FOUND.filter((r) => on[r.kind] === true) };
    },
    'export.snapshot': WRITTEN,
    ...handlers,
  });
}

function renderDialog(client: FakeClient, selection: ExportSelection = ONE_CALL, onClose = vi.fn()) {
  render(
    <ClientProvider client={client}>
      <ExportDialog selection={selection} onClose={onClose} />
    </ClientProvider>,
  );
  return { onClose };
}

function previewRows(): Array<[string | undefined, string, string]> {
  return screen.getAllByTestId('redaction-row').map((row) => {
    const cells = row.querySelectorAll('td');
    return [row.dataset.kind, cells[1]?.textContent ?? '', cells[3]?.textContent ?? ''];
  });
}

function calls(client: FakeClient, name: string): Array<Record<string, unknown>> {
  return client.calls.filter((c) => c.name === name).map((c) => c.params as Record<string, unknown>);
}

describe('Export dialog', () => {
  beforeEach(resetStores);
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('previews every value each ticked redaction masks, with the call and message counts', async () => {
    const client = exportCore();
    renderDialog(client);
    await waitFor(() => expect(screen.getAllByTestId('redaction-row')).toHaveLength(5));
    expect(previewRows()).toEqual([
      ['number', '1001', 'user-1'],
      ['number', '+4930123456', 'number-1'],
      ['ip', '10.0.0.10', '192.0.2.1'],
      ['ip', '10.0.0.20', '192.0.2.2'],
      ['sdp', '10.0.0.10', '192.0.2.1'],
    ]);
    expect(screen.getByTestId('export-counts').textContent).toBe('3 calls, 41 messages');
    // The call and its legs, with every redaction on by default.
    expect(calls(client, 'export.preview')[0]).toEqual({
      callIds: ['a84b@10.0.0.10', 'leg-b@10.0.0.1'],
      redact: { numbers: true, ips: true, auth: true, sdp: true },
    });
  });

  it('asks again when a redaction is unticked and shows only what is still masked', async () => {
    const client = exportCore();
    renderDialog(client);
    await waitFor(() => expect(screen.getAllByTestId('redaction-row')).toHaveLength(5));
    fireEvent.click(screen.getByTestId('redact-numbers'));
    await waitFor(() => expect(previewRows().map((r) => r[0])).toEqual(['ip', 'ip', 'sdp']));
    expect(calls(client, 'export.preview').at(-1)).toMatchObject({
      redact: { numbers: false, ips: true, auth: true, sdp: true },
    });
  });

  it('says when the ticked kinds find nothing, and warns when nothing will be masked', async () => {
    const client = exportCore();
    renderDialog(client);
    await waitFor(() => expect(screen.getAllByTestId('redaction-row')).toHaveLength(5));
    fireEvent.click(screen.getByTestId('redact-numbers'));
    fireEvent.click(screen.getByTestId('redact-ips'));
    fireEvent.click(screen.getByTestId('redact-sdp'));
    // Only credentials are left ticked, and this call carries none.
    expect(await screen.findByTestId('redaction-nothing')).toBeTruthy();
    expect(screen.queryByTestId('redaction-preview')).toBeNull();
    fireEvent.click(screen.getByTestId('redact-auth'));
    expect((await screen.findByTestId('redaction-off')).textContent).toContain('Nothing will be masked');
  });

  it('offers a passphrase for bundles only, and sends it only once both fields agree', async () => {
    const client = exportCore();
    renderDialog(client);
    await screen.findByTestId('redaction-preview');
    expect(screen.queryByTestId('export-passphrase')).toBeNull();
    fireEvent.click(screen.getByTestId('export-format-bundle'));
    const fields = screen.getByTestId('export-passphrase');
    expect(fields.textContent).toContain('cannot be recovered');
    const submit = screen.getByTestId('export-submit') as HTMLButtonElement;
    expect(submit.textContent).toBe('Export bundle');
    fireEvent.change(screen.getByTestId('export-passphrase-input'), { target: { value: 'short' } });
    expect(within(fields).getByRole('alert').textContent).toBe('At least 8 characters');
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('export-passphrase-input'), { target: { value: 'correct horse' } });
    fireEvent.change(screen.getByTestId('export-passphrase-confirm'), { target: { value: 'correct hose!' } });
    expect(within(fields).getByRole('alert').textContent).toBe('The two passphrases differ');
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('export-passphrase-confirm'), { target: { value: 'correct horse' } });
    expect(submit.disabled).toBe(false);
    // Back to pcap: the field goes, and the passphrase is not sent with a format that cannot carry it.
    fireEvent.click(screen.getByTestId('export-format-pcap'));
    expect(screen.queryByTestId('export-passphrase')).toBeNull();
    fireEvent.click(screen.getByTestId('export-submit'));
    await screen.findByTestId('export-done');
    expect(calls(client, 'export.snapshot')[0]).not.toHaveProperty('passphrase');
  });

  it('sends the passphrase with an encrypted bundle', async () => {
    const client = exportCore();
    renderDialog(client);
    fireEvent.click(screen.getByTestId('export-format-bundle'));
    fireEvent.change(screen.getByTestId('export-passphrase-input'), { target: { value: 'correct horse' } });
    fireEvent.change(screen.getByTestId('export-passphrase-confirm'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByTestId('export-submit'));
    await screen.findByTestId('export-done');
    expect(calls(client, 'export.snapshot')[0]).toMatchObject({ format: 'bundle', passphrase: 'correct horse' });
  });

  it('shows the written file with its size and downloads it on request', async () => {
    const client = exportCore();
    const save = vi.fn<ExportSaver['save']>(async () => ({ ok: true, result: { saved: true } }));
    client.exports = { kind: 'download', save };
    renderDialog(client);
    fireEvent.click(screen.getByTestId('export-format-html'));
    fireEvent.click(screen.getByTestId('export-submit'));
    expect(await screen.findByTestId('export-file-name')).toHaveProperty('textContent', WRITTEN.fileName);
    expect(screen.getByTestId('export-size').textContent).toBe('47.5 KiB');
    expect(screen.getByTestId('export-done').textContent).toContain('3 calls, 41 messages');
    expect(screen.getByTestId('export-masked').textContent).toBe(
      'Masked: numbers and users, IP addresses, credentials, SDP addresses',
    );
    expect(calls(client, 'export.snapshot')[0]).toEqual({
      callIds: ['a84b@10.0.0.10', 'leg-b@10.0.0.1'],
      format: 'html',
      redact: { numbers: true, ips: true, auth: true, sdp: true },
      exportId: expect.stringMatching(/^exp-/),
    });
    const download = screen.getByTestId('export-save');
    expect(download.textContent).toBe('Download');
    fireEvent.click(download);
    await screen.findByTestId('export-saved');
    expect(save).toHaveBeenCalledWith(WRITTEN);
    expect(screen.getByRole('button', { name: /copy path/i })).toBeTruthy();
  });

  it('offers Save as… in the desktop app and says where the file went', async () => {
    const client = exportCore();
    client.exports = {
      kind: 'save-as',
      save: async () => ({ ok: true, result: { saved: true, path: '/home/ops/ticket-4711.html' } }),
    };
    renderDialog(client);
    fireEvent.click(screen.getByTestId('export-submit'));
    fireEvent.click(await screen.findByRole('button', { name: 'Save as…' }));
    expect((await screen.findByTestId('export-saved')).textContent).toBe('Saved to /home/ops/ticket-4711.html');
  });

  it('shows the core’s refusal inline and keeps the dialog open to fix it', async () => {
    const client = exportCore({
      'export.snapshot': () => ({
        ok: false,
        code: 'bad_request',
        message: 'invalid params for export.snapshot: (params): only bundles can be encrypted',
      }),
    });
    renderDialog(client);
    fireEvent.click(screen.getByTestId('export-submit'));
    expect((await screen.findByTestId('export-error')).textContent).toContain('only bundles can be encrypted');
    expect(screen.queryByTestId('export-done')).toBeNull();
    expect((screen.getByTestId('export-submit') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows a selection the core refuses as too large where the preview would be', async () => {
    const client = exportCore({
      'export.preview': () => ({
        ok: false,
        code: 'bad_request',
        message: 'the selection holds more than 10000 calls: narrow the filter or the time range',
      }),
    });
    renderDialog(client, { kind: 'query', query: {}, filtered: false, capture: 0 });
    expect((await screen.findByTestId('redaction-error')).textContent).toContain('more than 10000 calls');
    expect(calls(client, 'export.preview')[0]).toMatchObject({ query: {} });
  });

  it('shows elapsed time and the percentage the core reports for this export, and cannot be sent twice', async () => {
    let answer!: (r: ExportResult) => void;
    const client = exportCore({
      'export.snapshot': () => new Promise((resolve) => (answer = (r) => resolve({ ok: true, result: r }))),
    });
    renderDialog(client);
    await screen.findByTestId('redaction-preview');
    const submit = screen.getByTestId('export-submit') as HTMLButtonElement;
    fireEvent.click(submit);
    fireEvent.click(submit);
    expect(await screen.findByTestId('export-running')).toBeTruthy();
    expect(submit.disabled).toBe(true);
    expect(screen.getByTestId('export-running').textContent).toMatch(/Writing the pcap… \d+ s/);
    expect(calls(client, 'export.snapshot')).toHaveLength(1);
    // Until the core reports, the bar cannot say how far it is.
    expect(screen.queryByTestId('export-percent')).toBeNull();
    const exportId = (calls(client, 'export.snapshot')[0] as { exportId?: string }).exportId;
    expect(exportId).toMatch(/^exp-/);
    act(() => client.emit('export.progress', { exportId: 'someone-else', done: 9, total: 10 }));
    expect(screen.queryByTestId('export-percent')).toBeNull();
    act(() => client.emit('export.progress', { exportId: exportId as string, done: 429, total: 1144 }));
    expect(screen.getByTestId('export-percent').textContent).toBe('37 %');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('37');
    await act(async () => answer(WRITTEN));
    expect(await screen.findByTestId('export-done')).toBeTruthy();
  });

  it('names the ticked calls of an imported capture in the request', async () => {
    const client = exportCore();
    renderDialog(client, { kind: 'calls', callIds: ['c1', 'c2'], capture: 4 });
    expect(await screen.findByText('2 selected calls')).toBeTruthy();
    await waitFor(() => expect(calls(client, 'export.preview')).toHaveLength(1));
    expect(calls(client, 'export.preview')[0]).toMatchObject({ callIds: ['c1', 'c2'], capture: 4 });
  });

  it('closes on Escape without the key reaching the views behind it', async () => {
    const behind = vi.fn();
    window.addEventListener('keydown', behind);
    const { onClose } = renderDialog(exportCore());
    await screen.findByTestId('redaction-preview');
    fireEvent.keyDown(screen.getByTestId('export-dialog'), { key: '2' });
    fireEvent.keyDown(screen.getByTestId('export-dialog'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
    expect(behind).not.toHaveBeenCalled();
    window.removeEventListener('keydown', behind);
  });
});
