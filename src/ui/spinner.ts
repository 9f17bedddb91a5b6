// A live line on stderr (ora) for terminals only; elsewhere every call is a no-op. Lines printed
// while it spins go through `print`, which clears the spinner first so the two never interleave.
import type { Output } from './output.js';

export interface Spinner {
  update(text: string): void;
  /** Runs a print (stdout or stderr) without tearing the spinner line. */
  print(write: () => void): void;
  stop(): void;
}

/** The spinner, loading ora only for a terminal that shows it (not in CI, not under --json). */
export async function startSpinner(output: Output, text: string): Promise<Spinner> {
  // A terminal that reports no width (some ptys) would make ora clear 'infinitely many' lines.
  const columns = (output.streams.stderr as { columns?: number }).columns;
  if (!output.live || !columns) return { update: () => {}, print: (write) => write(), stop: () => {} };
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: output.streams.stderr, discardStdin: false, color: output.paint.level > 0 ? 'cyan' : false }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    print: (write) => {
      spinner.clear();
      write();
      // The line goes out now, under the cleared spinner, not after it is drawn again.
      output.flush();
      spinner.render();
    },
    stop: () => void spinner.stop(),
  };
}
