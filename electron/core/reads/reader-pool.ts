// Core-thread side of the reader worker: runs a read operation there and resolves with its result,
// or with an error value (never a rejection) when the read failed or the thread is gone. A thread
// that died is started again on the next read.
import { Worker } from 'node:worker_threads';
import { fail, type RpcResult } from '../../../shared/contract.ts';
import { workerFileUrl } from '../worker-file.ts';
import type { ReadArg, ReadName, ReadResult } from './read-ops.ts';
import type { FromReader, ReaderConfig, ToReader } from './reader-protocol.ts';

export function readerWorkerUrl(base: string | URL = import.meta.url): URL {
  return workerFileUrl('reader-worker', base);
}

type Pending = (r: RpcResult<unknown>) => void;

export class ReaderPool {
  readonly #config: ReaderConfig;
  #worker: Worker | null = null;
  #ready: Promise<RpcResult<true>> | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #closed = false;

  constructor(dbPath: string) {
    this.#config = { dbPath };
  }

  /** Starts the thread (reads start it too); resolves once its connection is open, or with why not. */
  start(): Promise<RpcResult<true>> {
    this.#ready ??= this.#spawn();
    return this.#ready;
  }

  async run<K extends ReadName>(name: K, arg: ReadArg<K>): Promise<RpcResult<ReadResult<K>>> {
    if (this.#closed) return fail('unavailable', 'the store is closed');
    const ready = await this.start();
    if (!ready.ok) return ready;
    const worker = this.#worker;
    if (worker === null) return fail('unavailable', 'the store reader stopped');
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve as Pending);
      try {
        worker.postMessage({ id, name, arg } satisfies ToReader);
      } catch (err) {
        this.#pending.delete(id);
        resolve(fail('internal', `${name}: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    this.#failAll('the store is closed');
    if (worker) await worker.terminate();
  }

  #spawn(): Promise<RpcResult<true>> {
    return new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(readerWorkerUrl(), { workerData: this.#config, name: 'pbxscope-reader' });
      } catch (err) {
        this.#ready = null;
        resolve(
          fail('unavailable', `cannot start the store reader: ${err instanceof Error ? err.message : String(err)}`),
        );
        return;
      }
      this.#worker = worker;
      let started = false;
      worker.on('message', (msg: FromReader) => {
        if (msg.type === 'ready') {
          started = true;
          resolve({ ok: true, result: true });
        } else if (msg.type === 'open-failed') {
          resolve(fail('unavailable', `the store reader cannot open the database: ${msg.message}`));
        } else {
          const done = this.#pending.get(msg.id);
          this.#pending.delete(msg.id);
          done?.(msg.ok ? { ok: true, result: msg.result } : fail('internal', msg.message));
        }
      });
      const gone = (why: string): void => {
        if (this.#worker !== worker) return;
        this.#worker = null;
        // The next read starts a new thread.
        this.#ready = null;
        this.#failAll(why);
        if (!started) resolve(fail('unavailable', why));
      };
      worker.on('error', (err) => gone(`the store reader failed: ${err.message}`));
      worker.on('exit', (code) => gone(`the store reader stopped (code ${code})`));
    });
  }

  #failAll(why: string): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const done of pending) done(fail('unavailable', why));
  }
}

/** A read's answer as a handler returns it: its value, the query's own refusal as bad_request, or the failure. */
export function readAnswer<T>(r: RpcResult<T | { error: string }>): RpcResult<T> {
  if (!r.ok) return r;
  const value = r.result;
  if (typeof value === 'object' && value !== null && 'error' in value) {
    return fail('bad_request', (value as { error: string }).error);
  }
  return { ok: true, result: value as T };
}
