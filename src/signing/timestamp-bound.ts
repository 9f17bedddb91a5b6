// The largest signed timestamp whk signs or reads, in seconds: 15 digits (whk's bound, thirty
// million years past any real clock), so `sign --timestamp` never makes a header `verify` refuses.
export const MAX_TIMESTAMP_DIGITS = 15;
export const MAX_TIMESTAMP_SECONDS = 10 ** MAX_TIMESTAMP_DIGITS - 1;
