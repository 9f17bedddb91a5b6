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

/**
 * An AbortSignal that Ctrl-C (and the other `signals` given) aborts, for the commands that stop a
 * run midway and report what was done (send, replay, check); dispose() removes the handlers.
 */
export function abortOnSignal(...signals: NodeJS.Signals[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const on = signals.length > 0 ? signals : (['SIGINT'] as NodeJS.Signals[]);
  for (const name of on) process.on(name, abort);
  return {
    signal: controller.signal,
    dispose() {
      for (const name of on) process.off(name, abort);
    },
  };
}
