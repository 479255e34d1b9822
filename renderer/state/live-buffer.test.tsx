import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveBuffer, useLiveVersion } from './live-buffer.ts';

describe('LiveBuffer', () => {
  it('keeps items oldest first until full', () => {
    const b = new LiveBuffer<number>(3);
    b.push(1);
    b.push(2);
    expect(b.toArray()).toEqual([1, 2]);
    expect(b.size).toBe(2);
    expect(b.at(0)).toBe(1);
    expect(b.at(2)).toBeUndefined();
  });

  it('overwrites the oldest items once full, never growing past capacity', () => {
    const b = new LiveBuffer<number>(3);
    for (let i = 1; i <= 7; i++) b.push(i);
    expect(b.size).toBe(3);
    expect(b.toArray()).toEqual([5, 6, 7]);
    expect(b.at(0)).toBe(5);
    expect(b.at(-1)).toBeUndefined();
  });

  it('keeps only the newest items of a batch larger than the capacity', () => {
    const b = new LiveBuffer<number>(4);
    b.push(0);
    b.pushMany([1, 2, 3, 4, 5, 6]);
    expect(b.toArray()).toEqual([3, 4, 5, 6]);
  });

  it('counts one version per batch and notifies subscribers', () => {
    const b = new LiveBuffer<string>(10);
    const seen: number[] = [];
    const off = b.subscribe(() => seen.push(b.version));
    b.pushMany(['a', 'b', 'c']);
    b.push('d');
    b.pushMany([]);
    off();
    b.push('e');
    expect(seen).toEqual([1, 2]);
    expect(b.version).toBe(3);
  });

  it('clears and bumps the version only when there was something to clear', () => {
    const b = new LiveBuffer<number>(2);
    b.clear();
    expect(b.version).toBe(0);
    b.push(1);
    b.clear();
    expect(b.size).toBe(0);
    expect(b.toArray()).toEqual([]);
    expect(b.version).toBe(2);
    b.push(9);
    expect(b.toArray()).toEqual([9]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LiveBuffer(0)).toThrow(RangeError);
    expect(() => new LiveBuffer(1.5)).toThrow(RangeError);
  });
});

describe('useLiveVersion', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'performance'] });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  function Probe({ buffer, onRender }: { buffer: LiveBuffer<number>; onRender: (v: number) => void }) {
    const version = useLiveVersion(buffer);
    onRender(version);
    return <span data-testid="count">{buffer.size}</span>;
  }

  it('re-renders once per animation frame however many batches arrived in it', () => {
    const buffer = new LiveBuffer<number>(100);
    const renders: number[] = [];
    const { getByTestId } = render(<Probe buffer={buffer} onRender={(v) => renders.push(v)} />);
    renders.length = 0;

    act(() => {
      for (let i = 0; i < 50; i++) buffer.push(i);
    });
    expect(renders).toEqual([]);

    act(() => {
      vi.advanceTimersToNextFrame();
    });
    expect(renders).toEqual([50]);
    expect(getByTestId('count').textContent).toBe('50');

    act(() => {
      vi.advanceTimersToNextFrame();
    });
    expect(renders).toEqual([50]);
  });

  it('stops scheduling frames after unmount', () => {
    const buffer = new LiveBuffer<number>(10);
    const renders: number[] = [];
    const { unmount } = render(<Probe buffer={buffer} onRender={(v) => renders.push(v)} />);
    act(() => buffer.push(1));
    unmount();
    renders.length = 0;
    act(() => {
      vi.advanceTimersToNextFrame();
    });
    expect(renders).toEqual([]);
  });
});
