import { describe, expect, it } from 'vitest';
import { ARENA_INITIAL_BYTES, BlobArena } from './blob-arena.ts';

describe('BlobArena', () => {
  it('packs values end to end and returns where each starts', () => {
    const arena = new BlobArena(8);
    expect(arena.add(new Uint8Array([1, 2, 3]))).toBe(0);
    expect(arena.add(new Uint8Array([4, 5]))).toBe(3);
    expect(arena.used).toBe(5);
    expect([...(arena.take() ?? new Uint8Array(0)).subarray(0, 5)]).toEqual([1, 2, 3, 4, 5]);
  });

  it('grows past its capacity without losing what it holds', () => {
    const arena = new BlobArena(4);
    arena.add(new Uint8Array([9, 9, 9]));
    const at = arena.add(new Uint8Array(10).fill(7));
    const packed = arena.take();
    expect(at).toBe(3);
    expect([...(packed ?? new Uint8Array(0)).subarray(0, 13)]).toEqual([9, 9, 9, ...Array<number>(10).fill(7)]);
  });

  it('copies only the bytes of a view, not the buffer behind it', () => {
    const big = new Uint8Array(1000).map((_, i) => i % 251);
    const arena = new BlobArena(16);
    arena.add(big.subarray(500, 504));
    expect(arena.used).toBe(4);
    expect([...(arena.take() ?? new Uint8Array(0)).subarray(0, 4)]).toEqual([...big.subarray(500, 504)]);
  });

  it('take hands over the bytes and starts a fresh buffer; nothing packed gives null', () => {
    const arena = new BlobArena();
    expect(arena.take()).toBeNull();
    arena.add(new Uint8Array([1]));
    const first = arena.take();
    arena.add(new Uint8Array([2]));
    const second = arena.take();
    expect(first?.buffer).not.toBe(second?.buffer);
    expect(first?.[0]).toBe(1);
    expect(second?.byteLength).toBeGreaterThanOrEqual(ARENA_INITIAL_BYTES);
  });
});
