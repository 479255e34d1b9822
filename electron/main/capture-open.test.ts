import { describe, expect, it, vi } from 'vitest';
import { CAPTURE_FILE_FILTERS, openCapture, type OpenCaptureDeps } from './capture-open.ts';

function deps(
  choice: { canceled: boolean; filePaths: string[] },
  answer: Awaited<ReturnType<OpenCaptureDeps['importFile']>>,
) {
  return {
    showOpenDialog: vi.fn<OpenCaptureDeps['showOpenDialog']>(async () => choice),
    importFile: vi.fn<OpenCaptureDeps['importFile']>(async () => answer),
    showError: vi.fn<OpenCaptureDeps['showError']>(async () => undefined),
  };
}

describe('File > Open Capture', () => {
  it('offers pcap, pcapng and PBXScope bundles in the open dialog', async () => {
    const d = deps({ canceled: true, filePaths: [] }, { ok: true, result: { importId: 'x' } });
    await openCapture(d);
    const options = d.showOpenDialog.mock.calls[0]![0];
    expect(options.properties).toEqual(['openFile']);
    expect(CAPTURE_FILE_FILTERS[0]?.extensions).toEqual(['pcap', 'pcapng', 'pbxscope']);
    expect(options.filters).toBe(CAPTURE_FILE_FILTERS);
  });

  it('asks the core to import the chosen file with import.file', async () => {
    const d = deps(
      { canceled: false, filePaths: ['/home/ops/night.pcapng'] },
      { ok: true, result: { importId: 'imp-9' } },
    );
    expect(await openCapture(d)).toBe('imp-9');
    expect(d.importFile).toHaveBeenCalledWith({ path: '/home/ops/night.pcapng' });
    expect(d.showError).not.toHaveBeenCalled();
  });

  it('imports nothing when the dialog is cancelled', async () => {
    const d = deps({ canceled: true, filePaths: [] }, { ok: true, result: { importId: 'x' } });
    expect(await openCapture(d)).toBeNull();
    expect(d.importFile).not.toHaveBeenCalled();
  });

  it('shows the core’s refusal in an error box', async () => {
    const d = deps(
      { canceled: false, filePaths: ['/home/ops/x.pcap'] },
      { ok: false, code: 'not_found', message: 'no such file: /home/ops/x.pcap' },
    );
    expect(await openCapture(d)).toBeNull();
    expect(d.showError).toHaveBeenCalledWith('The capture could not be opened.', 'no such file: /home/ops/x.pcap');
  });
});
