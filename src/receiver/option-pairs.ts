// The receiver's options that cannot hold together, or that modify another option left out: refused
// before it starts, one line naming the fields (README: two flags that cannot both hold are refused,
// never one silently winning; an option whose effect would never show is refused likewise). One rule
// for `whk listen` (which renders the fields as flags) and listen() (which names `route` `routes`).
import { fieldRef, UsageError } from '../errors.js';
import type { Kind } from '../kinds/types.js';

/** What was given, in the command table's fields; a field left out, or a list left empty, was not. */
export interface PairedOptions {
  /** The command line's one status (listen() has only `respond`). */
  status?: number | undefined;
  respond?: readonly number[] | undefined;
  /** The paths given statuses of their own. */
  route?: readonly unknown[] | undefined;
  failRate?: number | undefined;
  seed?: number | undefined;
  forwardTo?: string | undefined;
  /** Given by the caller: a tolerance that is the default was not. */
  tolerance: boolean;
  secret: readonly string[];
  verify: readonly string[];
  strict?: boolean | undefined;
  kind?: string | undefined;
}

/** `kinds`: the kinds `kind` may name (the command line's --schema adds its own). */
export function checkReceiverPairs(options: PairedOptions, kinds: readonly Kind[]): void {
  const scripted = (['status', 'respond', 'route', 'failRate'] as const).find((field) => {
    const value = options[field];
    return Array.isArray(value) ? value.length > 0 : value !== undefined;
  });
  if (options.forwardTo !== undefined && scripted !== undefined) {
    throw new UsageError(`${fieldRef('forwardTo')} answers with your app's status; it cannot be combined with ${fieldRef(scripted)}`);
  }
  if (options.seed !== undefined && options.failRate === undefined) throw new UsageError('`seed` needs `failRate`', 'it seeds which requests `failRate` answers 500; nothing else in the receiver draws on it');
  if (options.tolerance && options.secret.length === 0 && options.verify.length === 0) throw new UsageError('`tolerance` needs `secret` or `verify`', 'it bounds how far a signed timestamp may be from now; nothing checks signatures without them');
  if (options.strict === true && options.kind !== undefined) throw new UsageError('`strict` cannot be used with `kind`: with `kind` every request is of that kind, so none is unknown', 'leave out `strict`; a body that is not a valid one of the kind is invalid anyway');
  const kind = options.kind === undefined ? undefined : kinds.find((each) => each.id === options.kind);
  if (kind !== undefined && kind.delivery.signature === null && options.secret.length > 0 && options.verify.length === 0) {
    throw new UsageError(`\`secret\` has nothing to verify: \`kind\` ${kind.id} signs nothing, so no scheme reads the secret`, 'name the scheme the requests are signed with in `verify`, beside the `secret`');
  }
}
