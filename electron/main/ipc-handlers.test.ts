import { describe, expect, it, vi } from 'vitest';
import { createSaveExportHandler, type SaveExportHandlerDeps } from './ipc-handlers.ts';
import { appOrigins } from './security.ts';

const sender = {} as never;

function handler() {
  const save = vi.fn<SaveExportHandlerDeps['save']>(async () => ({
    ok: true,
    result: { saved: true, path: '/tmp/x.pcap' },
  }));
  return { save, handle: createSaveExportHandler({ origins: appOrigins(), save }) };
}

describe('saveExport IPC handler', () => {
  it('saves for the app’s own page', async () => {
    const { save, handle } = handler();
    const r = await handle({ senderFrame: { url: 'app://pbxscope/index.html' } as never, sender }, 'x.pcap');
    expect(r).toEqual({ ok: true, result: { saved: true, path: '/tmp/x.pcap' } });
    expect(save).toHaveBeenCalledWith('x.pcap', expect.anything());
  });

  it('refuses a page from anywhere else, and a frame that is gone', async () => {
    const { save, handle } = handler();
    for (const frame of [
      { url: 'https://evil.example/' },
      { url: 'app://pbxscope@evil/' },
      { url: 'file:///etc/passwd' },
      null,
    ]) {
      const r = await handle({ senderFrame: frame as never, sender }, 'x.pcap');
      expect(r).toMatchObject({ ok: false, code: 'unauthorized' });
    }
    expect(save).not.toHaveBeenCalled();
  });

  it('answers a failure as a value instead of rejecting the renderer’s call', async () => {
    const handle = createSaveExportHandler({
      origins: appOrigins(),
      save: async () => {
        throw new Error('dialog crashed');
      },
    });
    expect(
      await handle({ senderFrame: { url: 'app://pbxscope/index.html' } as never, sender }, 'x.pcap'),
    ).toMatchObject({
      ok: false,
      code: 'internal',
      message: expect.stringContaining('dialog crashed'),
    });
  });
});
