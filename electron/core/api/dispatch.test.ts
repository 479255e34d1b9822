import { describe, expect, it } from 'vitest';
import { createDispatcher } from './dispatch.ts';

describe('dispatcher', () => {
  it('answers not_found for a name outside the contract and never calls a handler for it', async () => {
    const d = createDispatcher({});
    expect(await d('constructor', {})).toMatchObject({ ok: false, code: 'not_found' });
    expect(await d('no.such', {})).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('validates params before the handler sees them', async () => {
    let called = false;
    const d = createDispatcher({
      'sources.save': () => {
        called = true;
        return [];
      },
    });
    const r = await d('sources.save', { name: 'nope' });
    expect(r).toMatchObject({ ok: false, code: 'bad_request' });
    expect(called).toBe(false);
  });

  it('turns a throwing handler into an internal error value and reports it', async () => {
    const seen: string[] = [];
    const d = createDispatcher(
      {
        status: () => {
          throw new Error('boom');
        },
      },
      (name) => seen.push(name),
    );
    expect(await d('status', {})).toEqual({ ok: false, code: 'internal', message: 'status failed: boom' });
    expect(seen).toEqual(['status']);
  });

  it('wraps plain results and passes error values through untouched', async () => {
    const d = createDispatcher({
      'settings.get': () => ({ ok: false, code: 'unavailable', message: 'later' }) as never,
      status: () => ({ version: '1', uptimeSec: 0, dataDir: '/x', dbBytes: 0, listeners: [] }),
    });
    expect(await d('status', {})).toMatchObject({ ok: true, result: { version: '1' } });
    expect(await d('settings.get', {})).toEqual({ ok: false, code: 'unavailable', message: 'later' });
  });
});
