// Callbacks waiting on a signal: called once when it aborts, unless forgotten; one listener on the
// signal however many wait.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort } from '../../src/util/on-abort.js';

describe('onAbort', () => {
  it('calls each pending callback once when the signal aborts, and none it forgot', () => {
    const controller = new AbortController();
    const called: number[] = [];
    const forgets = [0, 1, 2, 3, 4].map((n) => onAbort(controller.signal, () => called.push(n)));
    forgets[1]?.();
    forgets[3]?.();
    forgets[3]?.();
    controller.abort();
    controller.abort();
    expect(called.sort()).toEqual([0, 2, 4]);
  });

  it('holds one listener on the signal for a hundred callbacks, and calls them all', () => {
    const controller = new AbortController();
    let called = 0;
    for (let i = 0; i < 100; i++) onAbort(controller.signal, () => called++);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(called).toBe(100);
  });

  it('calls a callback that another forgets as the signal aborts (each was pending then)', () => {
    const controller = new AbortController();
    const called: string[] = [];
    let forgetB = (): void => undefined;
    onAbort(controller.signal, () => {
      called.push('a');
      forgetB();
    });
    forgetB = onAbort(controller.signal, () => called.push('b'));
    controller.abort();
    expect(called.sort()).toEqual(['a', 'b']);
  });

  it('keeps signals apart', () => {
    const [one, two] = [new AbortController(), new AbortController()];
    const called: string[] = [];
    onAbort(one.signal, () => called.push('one'));
    onAbort(two.signal, () => called.push('two'));
    two.abort();
    expect(called).toEqual(['two']);
  });
});
