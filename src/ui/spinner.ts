// A live line on stderr (ora) for terminals only; elsewhere every call is a no-op. Lines printed
// while it spins go through `print`, which clears the spinner first so the two never interleave.
import { cutToColumns } from '../util/display-width.js';
import type { Output } from './output.js';

export interface Spinner {
  update(text: string): void;
  /** Runs a print (stdout or stderr) without tearing the spinner line. */
  print(write: () => void): void;
  stop(): void;
}

// The spinner's frame and the space after it, and the terminal's last column, kept free.
const FRAME_COLUMNS = 3;

/** The spinner, loading ora only for a terminal that shows it (not in CI, not under --json). */
export async function startSpinner(output: Output, text: string): Promise<Spinner> {
  const stderr = output.streams.stderr as NodeJS.WritableStream & { columns?: number };
  // A terminal that reports no width (some ptys) would make ora clear 'infinitely many' lines.
  if (!output.live || !stderr.columns) return { update: () => {}, print: (write) => write(), stop: () => {} };
  const { default: ora } = await import('ora');
  // Cut to the terminal's width, read at each change and resize (whk's choice): wrapped over rows
  // (`sending to` a URL of 600 characters), the line left a copy of itself at each frame on a
  // terminal shorter than it. The final report says it whole.
  let whole = text;
  const fitted = (): string => cutToColumns(whole, Math.max(1, (stderr.columns ?? 80) - FRAME_COLUMNS));
  const spinner = ora({ text: fitted(), stream: stderr, discardStdin: false, color: output.paint.level > 0 ? 'cyan' : false }).start();
  const refit = (): void => void (spinner.text = fitted());
  stderr.on('resize', refit);
  return {
    update: (next) => {
      whole = next;
      refit();
    },
    print: (write) => {
      spinner.clear();
      write();
      // The line goes out now, under the cleared spinner, not after it is drawn again.
      output.flush();
      spinner.render();
    },
    stop: () => {
      stderr.off('resize', refit);
      spinner.stop();
    },
  };
}
