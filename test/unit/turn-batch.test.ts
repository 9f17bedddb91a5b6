import { describe, expect, it } from 'vitest';
import { createTurnBatch } from '../../src/receiver/turn-batch.js';

const nextImmediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('turn batch', () => {
  it('runs the steps of one turn together, in the order they came, each with its context, then its end', async () => {
    const steps: string[] = [];
    const nextTurn = createTurnBatch(
      () => steps.push('end'),
      (error) => steps.push(`error ${String(error)}`),
    );
    const step = (name: string): void => void steps.push(`${name} runs`);
    // Work the turn had queued already (an immediate) comes first: the batch waits for the check phase.
    setImmediate(() => steps.push('the turn'));
    for (const name of ['a', 'b', 'c']) {
      steps.push(`${name} in`);
      nextTurn(name, step);
    }
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(steps).toEqual(['a in', 'b in', 'c in']);
    await nextImmediate();
    expect(steps).toEqual(['a in', 'b in', 'c in', 'the turn', 'a runs', 'b runs', 'c runs', 'end']);
  });

  it('gives the steps of a later turn a batch of their own, with its own end', async () => {
    const ran: number[] = [];
    let ends = 0;
    const nextTurn = createTurnBatch(
      () => ends++,
      () => {},
    );
    nextTurn(1, (n) => ran.push(n));
    nextTurn(2, (n) => ran.push(n));
    await nextImmediate();
    expect({ ran, ends }).toEqual({ ran: [1, 2], ends: 1 });
    // A step queued by a step goes to the next turn's batch, not the one running.
    nextTurn(3, (n) => {
      ran.push(n);
      nextTurn(4, (m) => ran.push(m));
    });
    await nextImmediate();
    expect({ ran, ends }).toEqual({ ran: [1, 2, 3], ends: 2 });
    await nextImmediate();
    expect({ ran, ends }).toEqual({ ran: [1, 2, 3, 4], ends: 3 });
  });

  it('tells what a step throws, and still runs the steps after it and the end', async () => {
    const steps: string[] = [];
    const errors: unknown[] = [];
    const nextTurn = createTurnBatch(
      () => steps.push('end'),
      (error) => errors.push(error),
    );
    const boom = new Error('boom');
    nextTurn('a', (name) => steps.push(name));
    nextTurn('b', () => {
      throw boom;
    });
    nextTurn('c', (name) => steps.push(name));
    await nextImmediate();
    expect(steps).toEqual(['a', 'c', 'end']);
    expect(errors).toEqual([boom]);
  });
});
