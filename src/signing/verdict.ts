// The verdicts every scheme gives, worded once so `whk verify` and `whk listen` say the same thing.
import type { VerifyResult } from './types.js';
import { millisecondsHint } from './timestamp-bound.js';

/** No signature to check: the header is absent, or (`headers` holding it) there but empty. */
export function missing(header: string, spelled: string, headers: Readonly<Record<string, unknown>>): VerifyResult {
  const empty = Object.hasOwn(headers, header);
  return { verdict: 'missing', reason: empty ? `the ${spelled} header is empty` : `no ${spelled} header`, header };
}

export function malformed(header: string, what: string): VerifyResult {
  return { verdict: 'invalid', reason: `header malformed: ${what}`, header };
}

/** `note`: how the scheme read what it signed, when that is not the text sent (a timestamp '01764504000'). */
export function mismatch(header: string, note?: string): VerifyResult {
  return { verdict: 'invalid', reason: `signature does not match: wrong secret or changed body${note === undefined ? '' : ` (${note})`}`, header };
}

/**
 * The right signature's bytes written otherwise (compare.ts): the sender's own check would refuse it,
 * so whk does. `whkOwn`: a scheme of whk's own (the generic HMAC) has no sender's verifier to cite.
 */
export function respelled(header: string, how: string, whkOwn = false): VerifyResult {
  const why = whkOwn ? "whk compares the text as sent (whk's choice, as the owners' verifiers of the named schemes do)" : "the sender's own verifiers compare the text as sent and reject it";
  return { verdict: 'invalid', reason: `the right signature written in ${how}: ${why}`, header, respelled: how };
}

export function valid(header: string, signed: { id?: string | undefined; timestamp?: number | undefined } = {}, note?: string): VerifyResult {
  return { verdict: 'valid', reason: `signature matches${note === undefined ? '' : ` (${note})`}`, header, ...signed };
}

/** How an expired reason (outsideTolerance) says the timestamp is ahead of the clock, not behind it. */
export const SIGNED_AHEAD = ' s in the future';

/**
 * A matching signature whose timestamp is too far from now: expired, with the skew in seconds.
 * `pastOnly`: only an old one is (Stripe's libraries let a timestamp ahead of the clock through).
 */
export function outsideTolerance(
  header: string,
  signed: { id?: string | undefined; timestamp: number },
  now: number,
  toleranceSeconds: number,
  pastOnly = false,
): VerifyResult | undefined {
  // Whole seconds of now, as the owners' libraries count (standardwebhooks, stripe: Math.floor):
  // 300.6 s after a 300 s tolerance is still within it, 300.4 s ahead already past it.
  const skew = Math.floor(now / 1000) - signed.timestamp;
  if ((pastOnly ? skew : Math.abs(skew)) <= toleranceSeconds) return undefined;
  const when = skew > 0 ? `signed ${skew} s ago` : `signed ${-skew}${SIGNED_AHEAD}`;
  const hint = millisecondsHint(signed.timestamp);
  return { verdict: 'expired', reason: `clock skew of ${Math.abs(skew)} s (${when}; tolerance ${toleranceSeconds} s)${hint === undefined ? '' : `: ${hint}`}`, header, ...signed };
}
