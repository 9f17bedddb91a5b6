// The parts a scheme signs (a message id, a timestamp), and the options that read one refused where
// no scheme in use signs it: sign's `id` and `timestamp`, verify's `now`, verify's and the receiver's
// `tolerance` (whk listen and listen() alike). Texts name fields in backticks; the CLI renders flags.
import { UsageError } from '../errors.js';
import { SCHEMES, type SchemeParams, type SignatureScheme } from './index.js';

const SIGNED_PARTS = { id: 'message id', timestamp: 'timestamp' } as const;

/** A scheme as a check uses it: what it signs can hang on its secret and settings (a GitLab token, grafana's timestamp header). */
export interface SchemeUse {
  scheme: SignatureScheme;
  secret: string;
  params: SchemeParams | undefined;
}

/**
 * sign's `id` and `timestamp` where the scheme, with this secret and these settings, signs none: they
 * were dropped without a word. The hint says how it would sign one, or which schemes do.
 */
export function refuseUnsigned(given: { id?: string | undefined; timestamp?: number | undefined }, scheme: SignatureScheme, secret: string, params: SchemeParams): void {
  for (const part of ['id', 'timestamp'] as const) {
    if (given[part] !== undefined) refuseWhereUnsigned(part, part, [{ scheme, secret, params }]);
  }
}

/**
 * verify's `now`, and verify's and listen's `tolerance`, where no scheme that checks the signature
 * (with its secret and settings) signs a timestamp: no signature's age is checked, so they were taken
 * without a word (sign refuses `timestamp`).
 */
export function refuseUncheckedTime(given: { now?: number | undefined; tolerance?: boolean }, uses: readonly SchemeUse[]): void {
  if (given.now !== undefined) refuseWhereUnsigned('now', 'timestamp', uses);
  if (given.tolerance === true) refuseWhereUnsigned('tolerance', 'timestamp', uses);
}

/** `field`, which only a scheme that signs `part` reads, refused where none of these does: the hint says how one would, or which schemes do. */
function refuseWhereUnsigned(field: string, part: keyof typeof SIGNED_PARTS, uses: readonly SchemeUse[]): void {
  const hows = uses.map(({ scheme, secret, params }) => ({ id: scheme.id, how: scheme.signs?.(secret, params)[part] ?? false }));
  if (hows.length === 0 || hows.some(({ how }) => how === true)) return;
  const ids = [...new Set(hows.map(({ id }) => id))];
  const one = ids.length === 1;
  const named = one ? `the ${ids[0]} scheme: it signs no ${SIGNED_PARTS[part]}` : `the ${ids.join(' and ')} schemes: none of them signs a ${SIGNED_PARTS[part]}`;
  const ways = [...new Set(hows.flatMap(({ id, how }) => (typeof how === 'string' ? [`${one ? 'it' : id} signs one ${how}`] : [])))];
  const takers = SCHEMES.filter((s) => (s.signs?.('', undefined)[part] ?? false) !== false).map((s) => s.id);
  throw new UsageError(`\`${field}\` cannot be used with ${named}`, ways.length > 0 ? ways.join('; ') : `the schemes that sign one: ${takers.join(', ')}`);
}
