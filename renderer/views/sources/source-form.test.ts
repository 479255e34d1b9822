import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../shared/contract.ts';
import { draftToRetention, retentionDraftFrom, validateRetention } from './retention-form.ts';
import { draftFrom, draftToPatch, isDirty, parsePort, validateDraft } from './source-form.ts';

const hep: SourceConfig = { name: 'hep', enabled: true, host: '0.0.0.0', port: 9060, udp: true, tcp: false };

describe('source form', () => {
  it('accepts ports 1 to 65535 only', () => {
    expect(parsePort('1')).toBe(1);
    expect(parsePort(' 65535 ')).toBe(65535);
    for (const bad of ['0', '65536', '70000', '-1', '90.5', '', 'abc', '1e3']) expect(parsePort(bad)).toBeNull();
  });

  it('explains each invalid field', () => {
    const errors = validateDraft({ host: ' ', port: '70000', udp: false, tcp: false }, true);
    expect(errors.host).toMatch(/bind address/);
    expect(errors.port).toMatch(/1 to 65535/);
    expect(errors.transport).toMatch(/UDP or TCP/);
  });

  it('allows no transport while the source is off', () => {
    expect(validateDraft({ host: '0.0.0.0', port: '9060', udp: false, tcp: false }, false)).toEqual({});
  });

  it('is dirty only when a field differs from the saved config', () => {
    expect(isDirty(draftFrom(hep), hep)).toBe(false);
    expect(isDirty({ ...draftFrom(hep), port: '9061' }, hep)).toBe(true);
    expect(isDirty({ ...draftFrom(hep), tcp: true }, hep)).toBe(true);
  });

  it('turns a valid draft into sources.save params', () => {
    expect(draftToPatch('hep', { host: ' 127.0.0.1 ', port: '9061', udp: true, tcp: true })).toEqual({
      name: 'hep',
      host: '127.0.0.1',
      port: 9061,
      udp: true,
      tcp: true,
    });
  });
});

describe('retention form', () => {
  it('shows whole GiB caps in GiB and smaller caps in MiB', () => {
    expect(retentionDraftFrom({ maxAgeDays: 30, maxBytes: 2 * 1024 ** 3 })).toEqual({
      days: '30',
      size: '2',
      unit: 'GiB',
    });
    expect(retentionDraftFrom({ maxAgeDays: 7, maxBytes: 512 * 1024 ** 2 })).toEqual({
      days: '7',
      size: '512',
      unit: 'MiB',
    });
  });

  it('refuses days outside 1..3650 and caps under 16 MiB', () => {
    expect(validateRetention({ days: '0', size: '1', unit: 'GiB' }).days).toBeDefined();
    expect(validateRetention({ days: '3651', size: '1', unit: 'GiB' }).days).toBeDefined();
    expect(validateRetention({ days: '30', size: '15', unit: 'MiB' }).size).toBeDefined();
    expect(validateRetention({ days: '30', size: '1.5', unit: 'GiB' })).toEqual({});
  });

  it('converts the draft back to bytes', () => {
    expect(draftToRetention({ days: '30', size: '1.5', unit: 'GiB' })).toEqual({
      maxAgeDays: 30,
      maxBytes: 1.5 * 1024 ** 3,
    });
  });
});
