import type { ReadName } from './read-ops.ts';

export interface ReaderConfig {
  dbPath: string;
}

export type ToReader = { id: number; name: ReadName; arg: unknown };

export type FromReader =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; message: string };
