import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLOCK_TICK_MS, useNowMs } from './clock.ts';

/** Every value rendered, first paint included: effects may correct it before a test can look. */
const rendered: number[] = [];

function Now() {
  const now = useNowMs();
  rendered.push(now);
  return <span data-testid="now">{now}</span>;
}

function shown(): number {
  return Number(screen.getByTestId('now').textContent);
}

describe('useNowMs', () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('ticks once a second while mounted', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    render(<Now />);
    expect(shown()).toBe(1_000_000);
    act(() => vi.advanceTimersByTime(CLOCK_TICK_MS));
    expect(shown()).toBe(1_000_000 + CLOCK_TICK_MS);
  });

  it('paints the current time on the first render after everything unmounted a while ago', () => {
    vi.useFakeTimers({ now: 2_000_000 });
    const first = render(<Now />);
    first.unmount();
    // Nothing listens, so no tick runs while a minute passes.
    vi.setSystemTime(2_060_000);
    rendered.length = 0;
    render(<Now />);
    // The first paint, not only the one after subscribing, already shows the current time
    // (a wallboard's longest wait read a second or more short on a slow machine).
    expect(rendered[0]).toBe(2_060_000);
    expect(shown()).toBe(2_060_000);
  });
});
