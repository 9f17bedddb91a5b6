// The receiving side's signature check: one or more (scheme, secret) pairs, tried on each request,
// and a memory of the signed messages already accepted (answered 2xx), so the same one again is
// called 'replayed'. The clock comes in with each request and answer, so it runs in virtual time in tests.
import { messageOf } from '../errors.js';
import { setBounded } from '../util/bounded-map.js';
import { getScheme, givenParams } from './index.js';
import type { HeaderMap, SchemeParams, SchemeVerdict, SignatureScheme, VerifyResult } from './types.js';

export interface VerifierEntry {
  scheme: string;
  secret: string;
  params?: SchemeParams | undefined;
}

/** A request's verdict, as the receiver records it. */
export interface SignatureCheck {
  /** The scheme id (src/signing/schemes). */
  scheme: string;
  verdict: SchemeVerdict | 'replayed';
  /** The scheme's words for the verdict ("signature matches", "clock skew of 412 s", ...). */
  reason: string;
  /** The header the verdict is about, lower-case. */
  header: string;
  /** The message id the signature covers (schemes that sign one, checked through `createVerifier`). */
  id?: string | undefined;
  /**
   * The settings it was checked with (`verify` hmac's or grafana's: `--content`, `--timestamp-header`…),
   * when any were given: a replay signs the record anew with them, and knows its signature's headers.
   */
  params?: SchemeParams | undefined;
}

export interface ReceivedRequest {
  body: Uint8Array;
  headers: HeaderMap;
  now: number;
  url?: string | undefined;
  contentType?: string | undefined;
}

/**
 * A valid signed message that carries an id, told how its request was answered: remembered for
 * 'replayed' only if the receiver accepted it (whk's choice: the owners' libraries check the
 * timestamp's tolerance alone and remember nothing). A refused one leaves no memory, so the sender's
 * retry of it, the same bytes in the same second or not, is valid.
 */
export interface SignedMessage {
  /** The status the request was answered (0: its sender never saw an answer), at `now` (epoch ms). */
  answered(status: number, now: number): void;
}

/** The verdict, and the message to remember once accepted (valid with an id, not seen before). */
export interface Verified {
  check: SignatureCheck;
  message?: SignedMessage | undefined;
}

export type Verifier = ((request: ReceivedRequest) => Verified) & {
  /** How many different secrets it tries: with several, a mismatch is of every one of them. */
  secretCount?: number;
};

/** An entry with its scheme looked up. */
export interface ResolvedEntry {
  impl: SignatureScheme;
  secret: string;
  params?: SchemeParams | undefined;
}

// The verdicts from most to least telling, for when no entry says valid. Among the invalid, the
// right signature written otherwise (one secret's bytes match) tells more than a plain mismatch
// (another secret's, while a secret rotates), whichever entry came first.
const RANK: Record<SchemeVerdict, number> = { valid: 0, expired: 1, invalid: 3, missing: 4 };
const RESPELLED_RANK = 2;

function rank(result: VerifyResult): number {
  return result.verdict === 'invalid' && result.respelled !== undefined ? RESPELLED_RANK : RANK[result.verdict];
}

/**
 * The most telling verdict of the entries on one request, and the scheme that gave it. A secret a
 * scheme cannot use (not in its format) fails that entry's check, not the request.
 */
export function bestVerdict(entries: readonly ResolvedEntry[], request: ReceivedRequest, toleranceSeconds: number): Checked {
  const results = entries.map(({ impl, secret, params }): Checked => {
    try {
      return { impl, params, result: impl.verify({ ...request, secret, params, toleranceSeconds }) };
    } catch (error) {
      return { impl, params, result: { verdict: 'invalid' as const, reason: `cannot verify: ${messageOf(error)}`, header: impl.headers[0] ?? '' } };
    }
  });
  const best = results.reduce((a, b) => (rank(b.result) < rank(a.result) ? b : a));
  return best.result.verdict === 'missing' ? noneCame(results, request.headers) : best;
}

/** One entry's verdict: the scheme, the settings it was checked with, and what it found. */
export interface Checked {
  impl: SignatureScheme;
  params?: SchemeParams | undefined;
  result: VerifyResult;
}

/** How the reason of a request that carries none of several schemes' headers begins. */
export const NONE_CAME = 'no header of the ';

/**
 * Every entry's header missing: with several headers, the first one's alone would read as if it were
 * the only one looked for, so all are named. One that came empty is the one to tell of.
 */
function noneCame(results: readonly Checked[], headers: HeaderMap): Checked {
  const first = results.find(({ result }) => Object.hasOwn(headers, result.header)) ?? (results[0] as Checked);
  const named = new Map(results.map(({ impl, result }) => [result.header, `${result.header} (${impl.id})`]));
  if (named.size === 1 || Object.hasOwn(headers, first.result.header)) return first;
  const reason = `${NONE_CAME}${named.size} schemes came: ${[...named.values()].join(', ')}`;
  return { ...first, result: { ...first.result, reason } };
}

/**
 * whk's bound on the signed messages remembered, the newest kept: within the tolerance (300 s by
 * default) a signed load of 10,000 requests a second would otherwise hold three million. A replay
 * of one accepted before the last 100,000 reads valid.
 */
export const MAX_REMEMBERED = 100_000;

/**
 * Tries every entry (several secrets of one scheme while one rotates, or several schemes) and keeps
 * the most telling verdict. A message accepted before within the tolerance, the same id with the
 * same signed timestamp, is 'replayed': that is what a replay of a captured request carries, as its
 * signature holds both. A sender's retry or re-delivery keeps the id and signs a new timestamp (the
 * Standard Webhooks spec: the id stays across retries, the attempt's timestamp changes), and is
 * valid; the receiver's duplicate step calls it a retry or a duplicate. A retry within the same
 * second carries the same timestamp: it is valid because its refused first attempt was never remembered.
 */
export function createVerifier(entries: readonly VerifierEntry[], toleranceSeconds: number, remembered = MAX_REMEMBERED): Verifier {
  // A secret its scheme cannot use fails that entry's check (bestVerdict); receivers started from
  // listen options refuse it before this, as they start (receiver/signature.ts, signatureSettings).
  const resolved = entries.map((entry) => ({ ...entry, impl: getScheme(entry.scheme) }));
  const memory: Memory = { seen: new Map(), remembered, toleranceMs: toleranceSeconds * 1000 };
  const verifier = (request: ReceivedRequest): Verified => {
    const best = bestVerdict(resolved, request, toleranceSeconds);
    forget(memory.seen, request.now);
    return best.result.verdict === 'valid' ? recall(memory, best, request.now) : { check: check(best) };
  };
  return Object.assign(verifier, { secretCount: new Set(entries.map((entry) => entry.secret)).size });
}

function check({ impl, params, result }: Checked): SignatureCheck {
  const settings = params === undefined || givenParams(params).length === 0 ? {} : { params };
  return { scheme: impl.id, verdict: result.verdict, reason: result.reason, header: result.header, ...(result.id === undefined ? {} : { id: result.id }), ...settings };
}

/** When a message was accepted, and the last moment a replay of it could still read valid. */
interface Accepted {
  at: number;
  until: number;
}

interface Memory {
  seen: Map<string, Accepted>;
  remembered: number;
  toleranceMs: number;
}

/** A valid message: 'replayed' if one accepted before had its id and timestamp, else one to remember once accepted. */
function recall(memory: Memory, best: Checked, now: number): Verified {
  const { impl: scheme, result } = best;
  if (result.id === undefined || result.id === '') return { check: check(best) };
  // A scheme that signs an id and no time (a generic HMAC so set up) has only the id to go by.
  const key = `${scheme.id}\u0000${result.id}\u0000${result.timestamp ?? ''}`;
  const first = memory.seen.get(key);
  if (first !== undefined) {
    const ago = Math.round((now - first.at) / 1000);
    const signed = result.timestamp === undefined ? `message id ${result.id}` : `message id ${result.id} with timestamp ${result.timestamp}`;
    return { check: { ...check(best), verdict: 'replayed', reason: `${signed} was accepted ${ago} s ago` } };
  }
  const answered = (status: number, at: number): void => {
    if (status >= 200 && status < 300) accept(memory, key, result.timestamp, at);
  };
  return { check: check(best), message: { answered } };
}

function accept(memory: Memory, key: string, timestamp: number | undefined, now: number): void {
  // Two copies in flight at once both read valid; the first accepted is the one remembered.
  if (memory.seen.has(key)) return;
  // A timestamp signed in the future stays within the tolerance past its acceptance's: kept until
  // whichever is later, or its replay would read valid again while its timestamp still does (the
  // last millisecond of its last whole second: outsideTolerance counts whole seconds of now).
  const signedUntil = timestamp === undefined ? 0 : timestamp * 1000 + memory.toleranceMs + 999;
  const until = Math.max(now + memory.toleranceMs, signedUntil);
  setBounded(memory.seen, key, { at: now, until }, memory.remembered);
}

/**
 * Drops the messages whose replay would now be expired by its own timestamp. Insertion order is
 * acceptance order, nearly `until` order: one signed in the future holds back the ones behind it
 * until it goes, which the bound on their number (setBounded) caps.
 */
function forget(seen: Map<string, Accepted>, now: number): void {
  for (const [key, { until }] of seen) {
    if (until >= now) break;
    seen.delete(key);
  }
}
