// Waiting for Ctrl-C or a TERM in the commands that serve until stopped. Installed before the
// port opens, so a signal right after readiness is never lost; dispose() removes the handlers.

export function untilSignal(): { signalled: Promise<'SIGINT' | 'SIGTERM'>; dispose(): void } {
  let stop: ((signal: 'SIGINT' | 'SIGTERM') => void) | undefined;
  const signalled = new Promise<'SIGINT' | 'SIGTERM'>((resolve) => (stop = resolve));
  const onSigint = (): void => stop?.('SIGINT');
  const onSigterm = (): void => stop?.('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return {
    signalled,
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
