// Promises handed back by the user's hooks, which may have been written async where whk calls them
// synchronously: told apart from values, and never left to reject unhandled (that ends the process).

/** A promise, or anything that settles like one. */
export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** A hook's promise that is not awaited: its rejection is dropped; the warning says why its value was not used. */
export function unawaited(promise: PromiseLike<unknown>, hook: string): string {
  promise.then(undefined, () => {});
  return `${hook}: returned a Promise; \`${hook}\` must return its value, not a Promise`;
}

/** Calls a user's hook whose outcome whk does not use: an error it throws, or an async one's rejection, is dropped. */
export function callDropping<A extends unknown[]>(hook: (...args: A) => unknown, ...args: A): void {
  try {
    const returned = hook(...args);
    if (isThenable(returned)) returned.then(undefined, () => undefined);
  } catch {
    // The hook's own bug: the work it was told of goes on.
  }
}
