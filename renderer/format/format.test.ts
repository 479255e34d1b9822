import { describe, expect, it } from 'vitest';
import { formatBytes } from './bytes.ts';
import { formatCount, formatRate } from './counts.ts';
import { timeZoneLabel } from './time-zone.ts';

describe('formatBytes', () => {
  it('picks the largest binary unit with at most three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12.3 MiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.00 GiB');
  });

  it('shows a dash for sizes that cannot be', () => {
    expect(formatBytes(-1)).toBe('–');
    expect(formatBytes(Number.NaN)).toBe('–');
  });
});

describe('formatRate and formatCount', () => {
  it('keeps a decimal for small rates and rounds large ones', () => {
    expect(formatRate(0)).toBe('0');
    expect(formatRate(0.25)).toBe('0.3');
    expect(formatRate(1234.4)).toBe(formatCount(1234));
  });

  it('goes compact from a million so chips keep their width', () => {
    expect(formatCount(2_500_000)).not.toContain('2500000');
    expect(formatCount(2_500_000).length).toBeLessThan(6);
  });
});

describe('timeZoneLabel', () => {
  /** A date whose zone offset is fixed, whatever zone the test machine runs in. */
  function dateWithOffset(minutesBehindUtc: number): Date {
    const d = new Date('2026-01-15T12:00:00Z');
    d.getTimezoneOffset = () => minutesBehindUtc;
    return d;
  }

  it('prints the UTC offset in force and the zone name', () => {
    expect(timeZoneLabel(dateWithOffset(-60), 'Europe/Berlin')).toBe('UTC+01:00 Europe/Berlin');
    expect(timeZoneLabel(dateWithOffset(-330), 'Asia/Kolkata')).toBe('UTC+05:30 Asia/Kolkata');
    expect(timeZoneLabel(dateWithOffset(240), 'America/New_York')).toBe('UTC-04:00 America/New_York');
    expect(timeZoneLabel(dateWithOffset(0), 'UTC')).toBe('UTC+00:00 UTC');
  });

  it('omits the name when the zone is unknown', () => {
    expect(timeZoneLabel(new Date(), '')).toMatch(/^UTC[+-]\d{2}:\d{2}$/);
  });
});
