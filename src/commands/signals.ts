import { EXIT } from '../errors.js';

// Waiting for Ctrl-C or a TERM in the commands that serve until stopped. Installed before the
// port opens, so a signal right after readiness is never lost; dispose() removes the handlers.

// `again` resolves on the second signal: a stop that waits for work in flight can be cut short by it.
export function untilSignal(): { signalled: Promise<'SIGINT' | 'SIGTERM'>; again: Promise<void>; dispose(): void } {
  let stop: ((signal: 'SIGINT' | 'SIGTERM') => void) | undefined;
  let repeat: (() => void) | undefined;
  let count = 0;
  const signalled = new Promise<'SIGINT' | 'SIGTERM'>((resolve) => (stop = resolve));
  const again = new Promise<void>((resolve) => (repeat = resolve));
  const on = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (++count === 1) stop?.(signal);
    else repeat?.();
  };
  const onSigint = (): void => on('SIGINT');
  const onSigterm = (): void => on('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return {
    signalled,
    again,
    dispose() {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}

/** A run stopped midway by a signal: what to say of it and the exit code. */
export interface Interrupt {
  signal: AbortSignal;
  /** 'cancelled' (Ctrl-C), 'cancelled by SIGTERM' (a CI runner stopping the job). */
  said(): string;
  /** 130 after Ctrl-C, 143 after SIGTERM: 128 and the signal's number, as a shell reports a process it killed. */
  exitCode(): number;
  dispose(): void;
}

/**
 * An AbortSignal that Ctrl-C and SIGTERM abort, for the commands that stop a run midway and report
 * what was done (send, replay, check); dispose() removes the handlers.
 */
export function abortOnSignal(): Interrupt {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const abort = (): void => {
      received ??= name;
      controller.abort();
    };
    process.on(name, abort);
    return [name, abort] as const;
  });
  return {
    signal: controller.signal,
    said: () => (received === 'SIGTERM' ? 'cancelled by SIGTERM' : 'cancelled'),
    exitCode: () => (received === 'SIGTERM' ? EXIT.terminated : EXIT.cancelled),
    dispose() {
      for (const [name, abort] of handlers) process.off(name, abort);
    },
  };
}
