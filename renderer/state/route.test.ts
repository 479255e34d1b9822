import { describe, expect, it } from 'vitest';
import { VIEW_IDS, hashForView, viewFromHash } from './route.ts';

describe('route', () => {
  it('reads every view back from its own hash', () => {
    for (const view of VIEW_IDS) expect(viewFromHash(hashForView(view))).toBe(view);
  });

  it('ignores query parameters and sub-paths after the view name', () => {
    expect(viewFromHash('#/calls?id=7')).toBe('calls');
    expect(viewFromHash('#/sources/hep')).toBe('sources');
  });

  it('returns null for an empty, unknown or token-only hash', () => {
    expect(viewFromHash('')).toBeNull();
    expect(viewFromHash('#/nowhere')).toBeNull();
    expect(viewFromHash('#token=abc')).toBeNull();
  });
});
