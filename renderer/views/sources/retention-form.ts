// Retention settings as the user types them: days, and a size in MiB or GiB.
import type { RetentionSettings } from '../../../shared/contract.ts';

/** Bounds of RetentionSchema in shared/contract.ts, repeated so the form can explain them before saving. */
export const MAX_AGE_DAYS_MIN = 1;
export const MAX_AGE_DAYS_MAX = 3650;
export const MAX_BYTES_MIN = 16 * 1024 * 1024;

export const SIZE_UNITS = { MiB: 1024 ** 2, GiB: 1024 ** 3 } as const;
export type SizeUnit = keyof typeof SIZE_UNITS;

export interface RetentionDraft {
  days: string;
  size: string;
  unit: SizeUnit;
}

export interface RetentionErrors {
  days?: string;
  size?: string;
}

export function retentionDraftFrom(r: RetentionSettings): RetentionDraft {
  if (r.maxBytes >= SIZE_UNITS.GiB) {
    return { days: String(r.maxAgeDays), size: trimNumber(r.maxBytes / SIZE_UNITS.GiB), unit: 'GiB' };
  }
  return { days: String(r.maxAgeDays), size: trimNumber(r.maxBytes / SIZE_UNITS.MiB), unit: 'MiB' };
}

export function validateRetention(d: RetentionDraft): RetentionErrors {
  const errors: RetentionErrors = {};
  const days = Number(d.days.trim());
  if (!/^\d+$/.test(d.days.trim()) || days < MAX_AGE_DAYS_MIN || days > MAX_AGE_DAYS_MAX) {
    errors.days = `Keep data from ${MAX_AGE_DAYS_MIN} to ${MAX_AGE_DAYS_MAX} days.`;
  }
  const bytes = draftBytes(d);
  if (bytes === null || bytes < MAX_BYTES_MIN) errors.size = 'The size cap must be at least 16 MiB.';
  return errors;
}

export function draftToRetention(d: RetentionDraft): RetentionSettings {
  const bytes = draftBytes(d);
  if (bytes === null) throw new Error('draftToRetention needs a validated draft');
  return { maxAgeDays: Number(d.days.trim()), maxBytes: bytes };
}

function draftBytes(d: RetentionDraft): number | null {
  const text = d.size.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text) * SIZE_UNITS[d.unit]);
}

function trimNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}
