import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import { loadSettings, readSettings, settingRow } from './settings-repo.ts';
import type { Store } from './store-api.ts';
import { makeTempDir } from './test-data.ts';

let temp: ReturnType<typeof makeTempDir>;
let store: Store;
beforeEach(async () => {
  temp = makeTempDir();
  store = await openStore({ dataDir: temp.dir });
});
afterEach(async () => {
  await store.close();
  temp.remove();
});

describe('settings repo', () => {
  it('loads every saved key with its JSON value', async () => {
    await store.writer.run('settings.put', settingRow('theme', 'dark'));
    await store.writer.run('settings.put', settingRow('retention', { maxAgeDays: 7, maxBytes: 1 << 30 }));
    await store.writer.run('settings.put', settingRow('correlationHeaders', ['X-CID']));
    expect(loadSettings(store.reader)).toEqual({
      theme: 'dark',
      retention: { maxAgeDays: 7, maxBytes: 1 << 30 },
      correlationHeaders: ['X-CID'],
    });
  });

  it('a later save of a key replaces the earlier value', async () => {
    store.writer.append('settings.put', settingRow('theme', 'light'));
    await store.writer.run('settings.put', settingRow('theme', 'dark'));
    expect(loadSettings(store.reader)).toEqual({ theme: 'dark' });
  });

  it('skips and reports a corrupt value instead of throwing, keeping the other keys', async () => {
    await store.writer.run('settings.put', settingRow('theme', 'dark'));
    await store.writer.run('settings.put', { key: 'retention', value: '{"maxAgeDays": 7' });
    const reported: string[] = [];
    expect(loadSettings(store.reader, (m) => reported.push(m))).toEqual({ theme: 'dark' });
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/^setting "retention" is not valid JSON and was ignored/);
  });

  it('an empty store has no settings and no problems', () => {
    expect(readSettings(store.reader)).toEqual({ values: {}, problems: [] });
  });

  it('settingRow stores undefined as JSON null rather than a missing value', () => {
    expect(settingRow('x', undefined)).toEqual({ key: 'x', value: 'null' });
  });
});
