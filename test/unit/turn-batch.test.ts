import { describe, expect, it } from 'vitest';
import { createTurnBatch } from '../../src/receiver/turn-batch.js';

describe('turn batch', () => {
  it('lets the callers of one turn go on together, in the order they called, then runs its end after all of them', async () => {
    const steps: string[] = [];
    const nextTurn = createTurnBatch(() => steps.push('end'));
    // Each caller, as a request's handler: it waits for the batch, then works until its next wait.
    const handle = async (name: string): Promise<void> => {
      steps.push(`${name} in`);
      await nextTurn();
      steps.push(`${name} runs`);
      await Promise.resolve();
      steps.push(`${name} after its next wait`);
    };
    // Work the turn had queued already (an immediate) comes first: the batch waits for the check phase.
    setImmediate(() => steps.push('the turn'));
    const done = Promise.all(['a', 'b', 'c'].map(handle));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(steps).toEqual(['a in', 'b in', 'c in']);
    await done;
    expect(steps).toEqual(['a in', 'b in', 'c in', 'the turn', 'a runs', 'b runs', 'c runs', 'end', 'a after its next wait', 'b after its next wait', 'c after its next wait']);
  });

  it('gives the callers of a later turn a batch of their own, with its own end', async () => {
    let ends = 0;
    const nextTurn = createTurnBatch(() => ends++);
    const first = nextTurn();
    expect(nextTurn()).toBe(first);
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(ends).toBe(1);
    const second = nextTurn();
    expect(second).not.toBe(first);
    await second;
    await new Promise((resolve) => setImmediate(resolve));
    expect(ends).toBe(2);
  });
});
