// The largest signed timestamp whk signs or reads, in seconds: 15 digits (whk's bound, thirty
// million years past any real clock), so `sign --timestamp` never makes a header `verify` refuses.
export const MAX_TIMESTAMP_DIGITS = 15;
export const MAX_TIMESTAMP_SECONDS = 10 ** MAX_TIMESTAMP_DIGITS - 1;

// 10^12 s is the year 33658, while 10^12 ms was September 2001: a timestamp from there on is a clock's
// milliseconds given where a scheme signs Unix seconds (whk's choice of where to say so).
const MILLISECONDS_FROM = 10 ** 12;

/** What to say of a signed timestamp that is a thousand times a plausible one; undefined otherwise. */
export function millisecondsHint(seconds: number): string | undefined {
  return seconds >= MILLISECONDS_FROM ? 'it looks like milliseconds; schemes sign Unix seconds' : undefined;
}
