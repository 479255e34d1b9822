import { describe, expect, it } from 'vitest';
import { applyPatch, applySourcePatch, defaultSettings, mergeStored, withPortOverrides } from './settings.ts';

describe('settings', () => {
  it('keeps valid stored values and reports, not throws on, invalid ones', () => {
    const d = defaultSettings('0.0.0.0');
    const { settings, problems } = mergeStored(d, {
      theme: 'purple',
      retention: { maxAgeDays: 3, maxBytes: 64 * 1024 * 1024 },
      sources: [
        { name: 'hep', enabled: false, host: '127.0.0.1', port: 9999, udp: true, tcp: false },
        { name: 'hep', port: 'x' },
      ],
    });
    expect(settings.theme).toBe('system');
    expect(settings.retention.maxAgeDays).toBe(3);
    expect(settings.sources.find((s) => s.name === 'hep')).toMatchObject({ port: 9999, enabled: false });
    expect(problems).toHaveLength(2);
  });

  it('applies patches without touching other fields', () => {
    const d = defaultSettings('0.0.0.0');
    const p = applyPatch(d, { retention: { maxAgeDays: 2 } });
    expect(p.retention).toEqual({ ...d.retention, maxAgeDays: 2 });
    expect(p.sources).toEqual(d.sources);
    const s = applySourcePatch(d, { name: 'statsd', port: 8200 });
    expect(s.sources.find((x) => x.name === 'statsd')?.port).toBe(8200);
    expect(s.sources.find((x) => x.name === 'hep')?.port).toBe(9060);
  });

  it('lets command-line ports and listen host win for the run', () => {
    const o = withPortOverrides(defaultSettings('0.0.0.0'), { hep: 0 }, '127.0.0.1');
    expect(o.sources.find((x) => x.name === 'hep')).toMatchObject({ port: 0, host: '127.0.0.1' });
    expect(o.sources.find((x) => x.name === 'statsd')).toMatchObject({ port: 8125, host: '127.0.0.1' });
  });
});
