// The bounded queue batches wait in while an integration is paused. Overflow drops the newest
// batches and hands them back to the caller to count: never silent.
import { Fifo } from '../util/fifo.js';

export class BoundedQueue<T> {
  // A queue as long as --max-queue allows (no bound but the user's) is drained one batch at a time.
  #items = new Fifo<T>();

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.#items.length;
  }

  /** Appends; returns the item back when the queue is full (it was dropped). */
  push(item: T): T | undefined {
    if (this.#items.length >= this.capacity) return item;
    this.#items.push(item);
    return undefined;
  }

  shift(): T | undefined {
    return this.#items.shift();
  }

  /** Puts items back at the head, in order; returns what no longer fits (the newest). */
  requeue(items: readonly T[]): T[] {
    const all = [...items, ...this.#items.items()];
    const overflow = all.splice(this.capacity);
    this.#items = new Fifo<T>();
    for (const item of all) this.#items.push(item);
    return overflow;
  }

  items(): readonly T[] {
    return this.#items.items();
  }
}
