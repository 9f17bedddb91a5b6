// Waiting for something to happen rather than for a while: polls until the probe gives a value.
// No deadline of its own: if the event never comes, the test's timeout fails the test.
import { setTimeout as sleep } from 'node:timers/promises';

export async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, everyMs = 20): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(everyMs);
  }
}
