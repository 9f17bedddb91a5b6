import { describe, expect, it } from 'vitest';
import { createTurnBatch } from '../../src/receiver/turn-batch.js';

const nextImmediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('turn batch', () => {
  it('runs the step for each context of one turn together, in the order they came, then its end', async () => {
    const steps: string[] = [];
    const nextTurn = createTurnBatch<string>(
      (name) => void steps.push(`${name} runs`),
      () => steps.push('end'),
      (error) => steps.push(`error ${String(error)}`),
    );
    // Work the turn had queued already (an immediate) comes first: the batch waits for the check phase.
    setImmediate(() => steps.push('the turn'));
    for (const name of ['a', 'b', 'c']) {
      steps.push(`${name} in`);
      nextTurn(name);
    }
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(steps).toEqual(['a in', 'b in', 'c in']);
    await nextImmediate();
    expect(steps).toEqual(['a in', 'b in', 'c in', 'the turn', 'a runs', 'b runs', 'c runs', 'end']);
  });

  it('gives the contexts of a later turn a batch of their own, with its own end', async () => {
    const ran: number[] = [];
    let ends = 0;
    // Context 3's step queues context 4, as a step may.
    const nextTurn = createTurnBatch<number>(
      (n) => {
        ran.push(n);
        if (n === 3) nextTurn(4);
      },
      () => ends++,
      () => {},
    );
    nextTurn(1);
    nextTurn(2);
    await nextImmediate();
    expect({ ran, ends }).toEqual({ ran: [1, 2], ends: 1 });
    // A context queued by a step goes to the next turn's batch, not the one running.
    nextTurn(3);
    await nextImmediate();
    expect({ ran, ends }).toEqual({ ran: [1, 2, 3], ends: 2 });
    await nextImmediate();
    expect({ ran, ends }).toEqual({ ran: [1, 2, 3, 4], ends: 3 });
  });

  it('tells what the step throws for one context, and still runs the contexts after it and the end', async () => {
    const steps: string[] = [];
    const errors: unknown[] = [];
    const boom = new Error('boom');
    const nextTurn = createTurnBatch<string>(
      (name) => {
        if (name === 'b') throw boom;
        steps.push(name);
      },
      () => steps.push('end'),
      (error) => errors.push(error),
    );
    nextTurn('a');
    nextTurn('b');
    nextTurn('c');
    await nextImmediate();
    expect(steps).toEqual(['a', 'c', 'end']);
    expect(errors).toEqual([boom]);
  });
});
