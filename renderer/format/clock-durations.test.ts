import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, isSameLocalDay } from './clock.ts';
import { formatDelay, formatDuration, formatGap } from './durations.ts';
import { formatPercent } from './percent.ts';

describe('formatClock', () => {
  it('prints local wall-clock time with milliseconds from microseconds', () => {
    const local = new Date(2026, 6, 24, 9, 5, 7, 42);
    const us = local.getTime() * 1000 + 999;
    expect(formatClock(us)).toBe('09:05:07.042');
    expect(formatDateTime(us)).toBe('2026-07-24 09:05:07.042');
  });

  it('tells whether a timestamp is from today', () => {
    const now = new Date(2026, 6, 24, 23, 59).getTime();
    expect(isSameLocalDay(new Date(2026, 6, 24, 0, 1).getTime() * 1000, now)).toBe(true);
    expect(isSameLocalDay(new Date(2026, 6, 23, 23, 59).getTime() * 1000, now)).toBe(false);
  });
});

describe('durations and delays', () => {
  it('prints talk time as m:ss, or h:mm:ss from an hour, rounding down', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_999)).toBe('0:07');
    expect(formatDuration(12 * 60_000 + 3_000)).toBe('12:03');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-1)).toBe('–');
  });

  it('prints setup delays in ms below a second and a dash when unknown', () => {
    expect(formatDelay(85.4)).toBe('85 ms');
    expect(formatDelay(1240)).toBe('1.24 s');
    expect(formatDelay(null)).toBe('—');
    expect(formatDelay(undefined)).toBe('—');
  });

  it('prints ladder gaps with a sign and a unit that fits their size', () => {
    expect(formatGap(0)).toBe('+0 ms');
    expect(formatGap(1.25)).toBe('+1.3 ms');
    expect(formatGap(250)).toBe('+250 ms');
    expect(formatGap(2015)).toBe('+2.015 s');
  });

  it('prints ratios as percentages and null as a dash', () => {
    expect(formatPercent(60)).toBe('60.0 %');
    expect(formatPercent(100)).toBe('100 %');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(null)).toBe('—');
  });
});
