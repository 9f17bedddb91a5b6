// The message of an error a call must throw, of the class it must be: the one shape of a test that
// checks a refusal's words. A call that throws nothing fails the test.
import { expect } from 'vitest';

export function thrownMessage(call: () => unknown, type: abstract new (...args: never[]) => Error): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return (error as Error).message;
  }
  throw new Error(`expected ${type.name} to be thrown`);
}
