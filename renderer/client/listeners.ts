// A tiny typed listener set shared by the client implementations, so each keeps one job: its transport.
import type { EventName, Events } from '../../shared/contract.ts';

export class EventListeners {
  #byName = new Map<EventName, Set<(payload: never) => void>>();

  add<K extends EventName>(name: K, cb: (payload: Events[K]) => void): () => void {
    let set = this.#byName.get(name);
    if (!set) {
      set = new Set();
      this.#byName.set(name, set);
    }
    const entry = cb as (payload: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<K extends EventName>(name: K, payload: Events[K]): void {
    const set = this.#byName.get(name);
    if (!set) return;
    for (const cb of [...set]) {
      try {
        (cb as (payload: Events[K]) => void)(payload);
      } catch (err) {
        // One broken view must not stop the others from receiving the stream.
        console.error(`listener for ${name} threw`, err);
      }
    }
  }
}

/** A set of callbacks for a single value that late subscribers receive at once. */
export class StateListeners<T> {
  #value: T;
  #cbs = new Set<(value: T) => void>();

  constructor(initial: T) {
    this.#value = initial;
  }

  get value(): T {
    return this.#value;
  }

  set(value: T): void {
    if (Object.is(value, this.#value)) return;
    this.#value = value;
    for (const cb of [...this.#cbs]) cb(value);
  }

  add(cb: (value: T) => void): () => void {
    this.#cbs.add(cb);
    cb(this.#value);
    return () => {
      this.#cbs.delete(cb);
    };
  }
}
