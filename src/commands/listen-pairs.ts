// `whk listen`'s options that cannot hold together, or that modify another option left out: refused
// as it starts, one line saying why (README: two flags that cannot both hold are refused, never one
// silently winning; an option whose effect would never show is refused likewise).
import { UsageError } from '../errors.js';
import type { Kind } from '../kinds/types.js';
import type { OptionsOf } from '../options/spec.js';
import type { listenOptions } from '../options/listen.js';
import { getScheme } from '../signing/index.js';
import type { VerifierEntry } from '../signing/verifier.js';
import { refuseUncheckedTime, type SchemeUse } from './signing-options.js';

type ListenFlags = OptionsOf<typeof listenOptions>;

/**
 * `given(field)`: the flag was on the command line (a field with a fallback, --tolerance, --ui-port,
 * has a value either way). `kinds`: the kinds --kind may name (with --schema's own).
 */
export function checkListenPairs(options: ListenFlags, given: (field: keyof ListenFlags) => boolean, kinds: readonly Kind[]): void {
  if (options.status !== undefined && options.respond !== undefined) throw new UsageError('give --status or --respond, not both', '--respond 500,200 answers 500 first, then 200 for every later request');
  if (options.forwardTo !== undefined && (options.status !== undefined || options.respond !== undefined || options.failRate !== undefined || options.route.length > 0)) {
    throw new UsageError('--forward-to answers with your app\'s status; it cannot be combined with --status, --respond, --route or --fail-rate');
  }
  if (options.seed !== undefined && options.failRate === undefined) throw new UsageError('--seed needs --fail-rate', 'it seeds which requests --fail-rate answers 500; nothing else in listen draws on it');
  if (given('uiPort') && !options.ui) throw new UsageError('--ui-port needs --ui', 'it is the port of the inspector page --ui serves');
  // Bound after the receiver, the page found its port taken and blamed someone else ("is in use").
  if (options.ui && options.uiPort !== 0 && options.uiPort === options.port) throw new UsageError(`--ui-port ${options.uiPort} is --port's too: the page needs a port of its own`, 'leave out --ui-port for any free port, or pick another');
  if (given('tolerance') && options.secret.length === 0 && options.verify.length === 0) throw new UsageError('--tolerance needs --secret or --verify', 'it bounds how far a signed timestamp may be from now; nothing checks signatures without them');
  if (options.strict && options.kind !== undefined) throw new UsageError('--strict cannot be used with --kind: with --kind every request is of that kind, so none is unknown', 'leave out --strict; a body that is not a valid one of the kind is invalid anyway');
  const kind = options.kind === undefined ? undefined : kinds.find((each) => each.id === options.kind);
  if (kind !== undefined && kind.delivery.signature === null && options.secret.length > 0 && options.verify.length === 0) {
    throw new UsageError(`--secret has nothing to verify: --kind ${kind.id} signs nothing, so no scheme reads the secret`, 'name the scheme the requests are signed with: --verify <scheme> --secret S');
  }
}

/**
 * --tolerance where no scheme that checks the signatures signs a timestamp (github, shopify…): no
 * signature's age is checked, so it is refused as verify refuses it. The schemes are --verify's, or
 * with --secret alone --kind's own; without --kind a request of any kind may come, its scheme signing one.
 */
export function checkToleranceRead(given: boolean, signing: { secret: string | undefined; verify: readonly VerifierEntry[] | undefined }, kind: Kind | undefined): void {
  if (!given) return;
  const own = kind?.delivery.signature;
  const uses: SchemeUse[] = signing.verify
    ? signing.verify.map(({ scheme, secret, params }) => ({ scheme: getScheme(scheme), secret, params }))
    : own && signing.secret !== undefined
      ? [{ scheme: getScheme(own.scheme), secret: signing.secret, params: undefined }]
      : [];
  refuseUncheckedTime({ tolerance: true }, uses);
}
