// The request a receiver check sends for each of its variants, and the refusals the delivery core
// would meet with them, found when the contract is read and said in the contract's words: met at
// send time, one stopped the run part-way, its report lost, naming flags a contract does not have.
import { renameFields, UsageError } from '../errors.js';
import { checkRequest, type SendRequest } from '../delivery/plan.js';
import type { Auth, GzipMode } from '../delivery/request.js';
import type { Kind } from '../kinds/types.js';
import { requestedSender } from '../kinds/sender-version.js';
import { headerValueProblem } from '../util/sendable-header.js';
import { findScheme } from '../signing/index.js';

/** The fields of a contract's `send` that shape its requests (contract.ts SendCheck has them all). */
export interface ReceiverSend {
  url: string;
  duplicates: boolean;
  lifecycle: boolean;
  seed: number;
  headers?: Record<string, string> | undefined;
  secret?: string | undefined;
  auth?: Auth | undefined;
  gzip: GzipMode;
  retries?: number | undefined;
  retryDelay?: number | undefined;
  timeout?: number | undefined;
}

/** The request of the check's variant at `place` in the variants sent. */
export function receiverRequest(kind: Kind, check: ReceiverSend, variant: string, place: number): SendRequest {
  return {
    kind,
    url: check.url,
    variant,
    // One seed per variant: the same seed gives variants the same event id (Metaplane's
    // idempotencyId), and distinct events must not look like duplicates to the receiver.
    seed: check.seed + place,
    duplicates: check.duplicates && kind.delivery.atLeastOnce ? 1 : 0,
    // A variant past the lifecycle's start (resolved) is sent as itself.
    lifecycle: check.lifecycle && (kind.lifecycleFrom?.includes(variant) ?? true),
    headers: check.headers,
    secret: check.secret,
    auth: check.auth,
    gzip: check.gzip,
    retries: check.retries,
    retryDelayMs: check.retryDelay,
    timeoutMs: check.timeout,
  };
}

export interface ReceiverSendProblem {
  /** Below the check's `send`. */
  path: PropertyKey[];
  message: string;
}

// The delivery core names its options in backquotes (`authBearer`); these are the contract's fields for them.
const CONTRACT_FIELDS: Readonly<Record<string, string>> = { authBasic: 'auth', authBearer: 'auth', variant: 'variants', header: 'headers', retryDelayMs: 'retryDelay', timeoutMs: 'timeout' };

/**
 * The first refusal the check's requests would meet when sent, or undefined. `listed`: the variants
 * were listed (a problem of one is then at its place in the list).
 */
export function receiverSendProblem(kind: Kind, check: ReceiverSend, variants: readonly string[], listed: boolean): ReceiverSendProblem | undefined {
  const own = authProblem(kind, check, variants) ?? seedProblem(check, variants) ?? secretProblem(kind, check, variants);
  if (own) return own;
  for (const [place, variant] of variants.entries()) {
    try {
      checkRequest(kind, receiverRequest(kind, check, variant, place));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      const said = renameFields(error.message, (field) => `'${CONTRACT_FIELDS[field] ?? field}'`);
      return { path: listed ? ['variants', place] : [], message: `variant ${variant}: ${said}` };
    }
  }
  return undefined;
}

/** A token no header can carry, or a scheme the release a variant is sent as does not send (HertzBeat before 1.8.0). */
function authProblem(kind: Kind, check: ReceiverSend, variants: readonly string[]): ReceiverSendProblem | undefined {
  const auth = check.auth;
  if (!auth) return undefined;
  const bad = headerValueProblem(auth.token);
  if (bad !== undefined) return { path: ['auth', 'token'], message: `the token goes in the Authorization header, and ${bad}` };
  const senders = variants.map((variant) => ({ variant, sender: requestedSender(kind, { variant }) }));
  const without = senders.filter(({ sender }) => !sender.delivery.auth.includes(auth.scheme));
  if (without.length === 0) return undefined;
  const withAuth = senders.filter(({ sender }) => sender.delivery.auth.includes(auth.scheme)).map(({ variant }) => variant);
  const since = kind.senderVersions?.releases.find((line) => (line.delivery.auth ?? kind.delivery.auth).includes(auth.scheme))?.from;
  const sentAs = without.map(({ variant, sender }) => (sender.version === undefined ? variant : `${variant} (${sender.version})`)).join(', ');
  const fix = withAuth.length > 0 ? `list in 'variants' only ones sent with it (${withAuth.join(', ')}), or leave out 'auth'` : "leave out 'auth'";
  return { path: ['auth'], message: `${kind.id} sends ${auth.scheme} auth from ${since ?? 'no release'} on, and these variants are sent as the earlier releases that send them: ${sentAs}; ${fix}` };
}

/**
 * A `secret` the sender's scheme cannot sign with (travis-ci: no RSA private key in PEM), as send
 * checks its key before sending: met at the first delivery, it made the check 'could not run', exit 1.
 */
function secretProblem(kind: Kind, check: ReceiverSend, variants: readonly string[]): ReceiverSendProblem | undefined {
  if (check.secret === undefined) return undefined;
  const schemes = new Set(variants.map((variant) => requestedSender(kind, { variant }).delivery.signature?.scheme));
  for (const id of schemes) {
    const message = id === undefined ? undefined : secretProblemOf(id, check.secret, 'sign');
    if (message !== undefined) return { path: ['secret'], message };
  }
  return undefined;
}

/** Why `secret` cannot sign (`side` sign) or verify in the scheme (travis: no RSA key in PEM), in the scheme's words, or undefined. */
export function secretProblemOf(schemeId: string, secret: string, side: 'sign' | 'verify'): string | undefined {
  const scheme = findScheme(schemeId);
  try {
    (side === 'sign' ? (scheme?.checkSigningSecret ?? scheme?.checkSecret) : scheme?.checkSecret)?.(secret);
    return undefined;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return error.message;
  }
}

/** Variant i is drawn from seed + i: past 2^53 - 1 two of those are one double (plan.ts checkSeedRoom). */
function seedProblem(check: ReceiverSend, variants: readonly string[]): ReceiverSendProblem | undefined {
  const most = Number.MAX_SAFE_INTEGER - variants.length + 1;
  if (check.seed <= most) return undefined;
  return { path: ['seed'], message: `each variant is drawn from seed + its place, and the last passes ${Number.MAX_SAFE_INTEGER}: give a seed of at most ${most}` };
}
