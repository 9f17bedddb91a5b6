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
