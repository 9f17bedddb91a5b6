// At most a screenful of warning lines a second. A hostile or broken sender can cause one warning
// per connection (headers too slow, bodies cut off), thousands a second, and lines written to a
// terminal are written synchronously: past the limit, the lines of that second are counted and one
// line says how many were left out (the summary counts what they were about). --json is not limited.
import { groupDigits } from '../util/units.js';

/** whk's choice: twenty lines a second is more than a person reads, and costs a receiver nothing. */
export const WARNINGS_PER_SECOND = 20;
const WINDOW_MS = 1000;

export interface WarningLimitEnv {
  now?: () => number;
  /** Runs `run` after `ms` (default an unref'd setTimeout, so a pending roll-up never holds the process). */
  later?: (run: () => void, ms: number) => void;
}

/** `warn` wrapped so that at most `perSecond` lines a second reach it, and a line counts the rest. */
export function limitWarnings(warn: (line: string) => void, perSecond = WARNINGS_PER_SECOND, env: WarningLimitEnv = {}): (line: string) => void {
  const now = env.now ?? Date.now;
  const later = env.later ?? ((run, ms) => void setTimeout(run, ms).unref());
  let windowStart = -Infinity;
  let shown = 0;
  let held = 0;
  const rollUp = (): void => {
    if (held > 0) warn(`${groupDigits(held)} more warning${held === 1 ? '' : 's'} in that second not shown (the summary counts them)`);
    held = 0;
  };
  return (line) => {
    const at = now();
    if (at - windowStart >= WINDOW_MS) {
      rollUp();
      windowStart = at;
      shown = 0;
    }
    if (shown < perSecond) {
      shown++;
      warn(line);
      return;
    }
    // The first line held in a window sets the roll-up for its end, should no later warning come.
    if (held++ === 0) later(rollUp, windowStart + WINDOW_MS - at);
  };
}
