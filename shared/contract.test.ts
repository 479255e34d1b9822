import { describe, expect, it } from 'vitest';
import { REQUEST_NAMES, isRequestName, parseParams } from './contract.ts';

describe('contract', () => {
  it('names every request once and recognises only those names', () => {
    expect(new Set(REQUEST_NAMES).size).toBe(REQUEST_NAMES.length);
    expect(isRequestName('status')).toBe(true);
    expect(isRequestName('toString')).toBe(false);
    expect(isRequestName('nope')).toBe(false);
  });

  it('rejects params that fail the schema with a message naming the field', () => {
    const r = parseParams('sources.save', { name: 'hep', port: 70000 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('bad_request');
      expect(r.message).toContain('port');
    }
  });

  it('treats a missing body as empty params and refuses unknown keys', () => {
    expect(parseParams('status', undefined).ok).toBe(true);
    expect(parseParams('status', { extra: 1 }).ok).toBe(false);
  });
});
