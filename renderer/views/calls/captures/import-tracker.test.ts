import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../../shared/contract.ts';
import { ImportTracker, MAX_FINISHED_IMPORTS } from './import-tracker.ts';

function progress(patch: Partial<ImportProgress> = {}): ImportProgress {
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

describe('ImportTracker', () => {
  it('follows an upload through the events the core sends before it answers with the import id', () => {
    const t = new ImportTracker();
    const key = t.beginUpload('kamailio-sip.pcap', 296_170);
    expect(t.get(key)?.phase).toBe('uploading');
    t.progress(progress({ bytesRead: 100_000, messages: 190, calls: 17 }));
    expect(t.entries).toHaveLength(1);
    expect(t.get(key)).toMatchObject({ importId: 'imp-1', phase: 'running', bytesRead: 100_000, calls: 17 });
    t.progress(progress({ state: 'done', bytesRead: 296_170, messages: 572, calls: 50, captureId: 2 }));
    t.uploadAnswered(key, { ok: true, result: { importId: 'imp-1' } });
    expect(t.entries).toHaveLength(1);
    expect(t.get(key)).toMatchObject({ phase: 'done', messages: 572, calls: 50, captureId: 2 });
  });

  it('shows imports started elsewhere (File > Open Capture) as their own entries', () => {
    const t = new ImportTracker();
    t.progress(progress({ importId: 'menu-1', fileName: 'night.pcapng' }));
    expect(t.entries).toMatchObject([{ fileName: 'night.pcapng', phase: 'running', local: false }]);
  });

  it('keeps the core’s message when an import fails, and flags one a passphrase would fix', () => {
    const t = new ImportTracker();
    const garbage = t.beginUpload('garbage.bin', 10);
    t.uploadAnswered(garbage, { ok: true, result: { importId: 'g' } });
    t.progress(
      progress({ importId: 'g', fileName: 'garbage.bin', state: 'failed', error: 'not a capture: unknown magic' }),
    );
    expect(t.get(garbage)).toMatchObject({
      phase: 'failed',
      error: 'not a capture: unknown magic',
      needsPassphrase: false,
    });
    const bundle = t.beginUpload('ticket.pbxscope', 10);
    t.progress(
      progress({
        importId: 'b',
        fileName: 'ticket.pbxscope',
        state: 'failed',
        error: 'passphrase needed: this bundle is encrypted',
      }),
    );
    expect(t.get(bundle)?.needsPassphrase).toBe(true);
  });

  it('reports a refused upload with the refusal', () => {
    const t = new ImportTracker();
    const key = t.beginUpload('a.pcap', 10);
    t.uploadAnswered(key, {
      ok: false,
      code: 'unavailable',
      message: '2 imports are already running: wait for one to finish',
    });
    expect(t.get(key)).toMatchObject({
      phase: 'failed',
      error: '2 imports are already running: wait for one to finish',
    });
  });

  it('keeps a cancelled upload cancelled while the cancel settles', () => {
    const t = new ImportTracker();
    const key = t.beginUpload('a.pcap', 10);
    t.cancelled(key);
    t.uploadAnswered(key, { ok: false, code: 'unavailable', message: 'the upload was cancelled' });
    t.progress(progress({ fileName: 'a.pcap', state: 'failed', error: 'the upload stopped' }));
    expect(t.get(key)).toMatchObject({ phase: 'cancelled', error: null });
  });

  it('keeps running imports and only the newest finished ones', () => {
    const t = new ImportTracker();
    t.progress(progress({ importId: 'running', fileName: 'big.pcap' }));
    for (let i = 0; i < MAX_FINISHED_IMPORTS + 3; i++) {
      t.progress(progress({ importId: `f${i}`, fileName: `f${i}.pcap`, state: 'done' }));
    }
    expect(t.entries.filter((e) => e.phase === 'done')).toHaveLength(MAX_FINISHED_IMPORTS);
    expect(t.entries.some((e) => e.importId === 'running')).toBe(true);
    expect(t.entries.at(-1)?.importId).toBe(`f${MAX_FINISHED_IMPORTS + 2}`);
  });
});
