// The public listen(): the receiver core started in-process, for a user's own tests. Every
// request is decoded, validated and recorded; `requests` holds the records (capture file fields).
import { deepFreeze } from '../util/deep-freeze.js';
import { fieldRef, UsageError, WhkError } from '../errors.js';
import { listKinds } from '../kinds/index.js';
import type { PairedOptions } from '../receiver/option-pairs.js';
import type { ReceiverSummary } from '../receiver/summary.js';
import type { CaptureRecord } from '../capture/record.js';
import { checkField, rate, seconds } from '../util/checks.js';
import { listenOptions } from '../options/listen.js';
import { checkInt, checkStatus, toBytes, toMs, type AgreesWith } from './options.js';
import { checkShape, type Shape } from './shape.js';
import { describeValue } from '../util/describe-value.js';
import { schemeSettingsShape, type SchemeSettings } from './scheme-settings.js';

/** The receiver's options; the scheme settings are those of the `verify` schemes hmac and grafana. */
export interface ListenOptions extends SchemeSettings {
  /** Default 0: any free port (read it back from `url` or `port`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The status to answer (default 200), or statuses in turn with the last repeating, e.g. [500, 200]. */
  respond?: number | readonly number[];
  /**
   * Statuses per path in place of `respond`, e.g. { '/split': [500, 200], '/hooks/*': 202 }: the
   * first pattern that matches answers (* matches any characters), each with a sequence of its own.
   */
  routes?: Readonly<Record<string, number | readonly number[]>>;
  /** Answer 500 to this fraction (0..1) of requests, drawn from `seed`. */
  failRate?: number;
  /** Seeds which requests `failRate` answers 500 (default 1: the same ones each run); refused without `failRate`. */
  seed?: number;
  /** Wait before answering, ms or '2s'. */
  delay?: number | string;
  /** Seconds in a Retry-After header on every answer that is not 2xx: a number, or as the CLI's --retry-after takes them, '30s', '2m'. */
  retryAfter?: number | string;
  /** Also append every record to this NDJSON capture file (what `whk listen --save` writes). */
  save?: string;
  /** Validate every body as this kind instead of detecting it. */
  kind?: string;
  /** A request of any other kind counts as unexpected in the summary. */
  expect?: string;
  /** A request no kind claims is invalid (by default it is unknown: recorded, neither valid nor invalid). Refused with `kind`, where none is unknown. */
  strict?: boolean;
  /** Verify Travis CI's Signature header with this public key (PEM; a private key's public half is used). */
  travisPublicKey?: string;
  /** Verify signature headers (x-metaplane-sig) with this secret; with `verify`, one per scheme (or one for all). */
  secret?: string | readonly string[];
  /** Verify with this scheme, or these (src/signing ids), instead of the kind's; the same signed message (id and timestamp) again after a 2xx is 'replayed'. */
  verify?: string | readonly string[];
  /** How far a signed timestamp may be from now, ms or '5m'. Default 5 minutes. Refused without `secret` or `verify`. */
  tolerance?: number | string;
  /** Answer 401 to a request whose signature is not valid. */
  reject?: boolean;
  /** Relay every request to your app and answer with its answer: refused with `respond`, `routes` or `failRate`. */
  forwardTo?: string;
  /** Largest body, bytes or '10mb' (413 above). Default 10 MB. */
  maxBody?: number | string;
  /** How many records `requests` keeps, oldest dropped first. Default: all. */
  retain?: number;
  /** Extracts something from each parsed body, synchronously (a Promise is not awaited: it becomes a warning); recorded as `mapped` (with `save`, a value JSON cannot hold, such as a BigInt, is a warning instead). */
  map?: (body: unknown, record: CaptureRecord) => unknown;
  /** Called once per request, after it was recorded and answered (an async one is not awaited; its rejection goes to onError). */
  onRequest?: (record: CaptureRecord) => void;
  /** Told when onRequest throws (the listener goes on); an error onError throws, or an async one's rejection, is dropped. Default: the error is dropped. */
  onError?: (error: unknown) => void;
}

// `map` is a function here and a mapping file on the command line.
true satisfies AgreesWith<Omit<ListenOptions, 'map'>, typeof listenOptions>;

export interface Listener {
  /** http://host:port */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * The records so far (with `retain`, the last `retain`), in the order they were answered, each with
   * the capture file's fields: a frozen snapshot as of this read, not a live view, of records frozen
   * to their last level (as onRequest and waitFor give them). Reads with no new request between them
   * give the same snapshot; the first read after a request copies the list.
   */
  readonly requests: readonly CaptureRecord[];
  /** Requests recorded and answered so far. */
  readonly count: number;
  /**
   * Resolves with the records once `n` requests have been answered: every record kept so far (with
   * `retain`, only the last `retain`, so possibly fewer than `n`). Rejects with a
   * CheckFailedError when `timeout` (ms or '30s') passes first, or when the listener closes.
   */
  waitFor(n: number, options?: { timeout?: number | string }): Promise<CaptureRecord[]>;
  /** Tally so far: requests by kind, valid/invalid/unknown, gzip, duplicates, statuses answered. */
  summary(): ReceiverSummary;
  /** Stops accepting, finishes requests in flight, flushes `save`. Idempotent. */
  close(): Promise<ReceiverSummary>;
}

export type { ReceiverSummary } from '../receiver/summary.js';

/** The key `travisPublicKey` holds, checked as `whk listen --travis-public-key` checks its file: refused before the receiver starts. */
async function travisVerifyKey(pem: string): Promise<string> {
  // Loaded only with the option, as the receiver is.
  const { readTravisPublicKey, TRAVIS_PUBLIC_KEY_HINT } = await import('../signing/schemes/travis.js');
  const key = readTravisPublicKey(pem);
  if (key === undefined) throw new UsageError('invalid `travisPublicKey`: it holds no RSA key in PEM', TRAVIS_PUBLIC_KEY_HINT);
  return key;
}

const listenShape: Shape<ListenOptions> = {
  port: 'number',
  // Empty, the CLI's --host and --save are refused; here they would give 'http://:PORT' and no file.
  host: 'text',
  respond: 'numberOrNumbers',
  routes: 'object',
  failRate: 'number',
  seed: 'number',
  delay: 'amount',
  retryAfter: 'amount',
  save: 'text',
  kind: 'string',
  expect: 'string',
  strict: 'boolean',
  travisPublicKey: 'string',
  secret: 'stringOrStrings',
  verify: 'stringOrStrings',
  tolerance: 'amount',
  ...schemeSettingsShape,
  reject: 'boolean',
  forwardTo: 'string',
  maxBody: 'amount',
  retain: 'number',
  map: 'function',
  onRequest: 'function',
  onError: 'function',
};

const isStatuses = (value: unknown): value is number | readonly number[] => typeof value === 'number' || (Array.isArray(value) && value.every((item) => typeof item === 'number'));

/** The pairs `whk listen` refuses, refused as its flags are: the command table's `route` is `routes` here. */
async function checkPairs(options: PairedOptions): Promise<void> {
  // Loaded here, as the receiver is: `import 'whk'` loads no receiver module.
  const { checkReceiverPairs } = await import('../receiver/option-pairs.js');
  try {
    checkReceiverPairs(options, listKinds());
  } catch (error) {
    if (error instanceof WhkError) error.renameFields((field) => (field === 'route' ? fieldRef('routes') : undefined));
    throw error;
  }
}

/** Starts a receiver on 127.0.0.1 (port 0 by default) and resolves once it is listening. */
export async function listen(given?: ListenOptions): Promise<Listener> {
  // The command line's listener waits for a count of requests; a listener's caller waits with waitFor().
  const waitHint = "await listener.waitFor(n, { timeout: '30s' }) waits for n requests";
  const options = checkShape('listen()', given, listenShape, { count: waitHint, timeout: waitHint });
  // Loaded on first call: `import 'whk'` does not load the receiver or the signing schemes.
  const [{ startReceiver }, { DEFAULT_SIGNATURE_TOLERANCE_SECONDS, signatureSettings }, { givenSchemeParams }, { queryInPattern }] = await Promise.all([import('../receiver/server.js'), import('../receiver/signature.js'), import('../signing/given-params.js'), import('../receiver/responder.js')]);
  const respond = options.respond === undefined ? undefined : typeof options.respond === 'number' ? [options.respond] : [...options.respond];
  if (respond?.length === 0) throw new UsageError('invalid `respond`: give at least one status');
  respond?.forEach((status) => checkStatus(status, 'respond'));
  const failRate = checkField('failRate', options.failRate, rate);
  const routes = Object.entries(options.routes ?? {}).map(([pattern, given]: [string, unknown]) => {
    // The shape checks only that routes is an object: a value of another type (null, '200') would be a TypeError below.
    if (!isStatuses(given)) throw new UsageError(`invalid \`routes\` '${pattern}': expected a status or an array of statuses, got ${describeValue(given)}`);
    const statuses = typeof given === 'number' ? [given] : [...given];
    if (statuses.length === 0) throw new UsageError(`invalid \`routes\` '${pattern}': give at least one status`);
    const query = queryInPattern(pattern);
    if (query !== undefined) throw new UsageError(`invalid \`routes\`: ${query}`);
    statuses.forEach((status) => checkStatus(status, 'routes'));
    return { pattern, statuses };
  });
  const maxBodyBytes = toBytes(options.maxBody, 'maxBody', 'body');
  const secret = options.secret === undefined ? [] : typeof options.secret === 'string' ? [options.secret] : options.secret;
  const verify = options.verify === undefined ? [] : typeof options.verify === 'string' ? [options.verify] : options.verify;
  await checkPairs({ ...options, respond, route: routes, secret, verify, tolerance: options.tolerance !== undefined });
  const travisKey = options.travisPublicKey === undefined ? undefined : await travisVerifyKey(options.travisPublicKey);
  const signing = signatureSettings({
    secret,
    verify,
    toleranceMs: toMs(options.tolerance, 'tolerance', listenOptions.tolerance) ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS * 1000,
    reject: options.reject,
    params: givenSchemeParams(options),
    travisKey: travisKey !== undefined,
    toleranceGiven: options.tolerance !== undefined,
    kind: listKinds().find((kind) => kind.id === options.kind),
  });
  const receiver = await startReceiver({
    host: options.host,
    port: checkInt(options.port, 'port'),
    save: options.save,
    respond: {
      ...(respond ? { statuses: respond } : {}),
      ...(routes.length > 0 ? { routes } : {}),
      ...(failRate === undefined ? {} : { failRate }),
      ...(options.delay === undefined ? {} : { delayMs: toMs(options.delay, 'delay', listenOptions.delay) as number }),
      ...(options.retryAfter === undefined ? {} : { retryAfterSeconds: checkField('retryAfter', options.retryAfter, seconds) }),
    },
    limits: maxBodyBytes === undefined ? undefined : { maxBodyBytes },
    ...signing,
    forwardTo: options.forwardTo,
    kind: options.kind,
    expect: options.expect,
    strict: options.strict,
    schemeKeys: travisKey === undefined ? undefined : { travis: travisKey },
    map: options.map,
    seed: checkInt(options.seed, 'seed'),
    retain: checkInt(options.retain, 'retain'),
    // Frozen before anyone outside sees it: onRequest, waitFor and `requests` hand out the listener's
    // own records. Returned, not dropped: the emitter reports a rejected async onRequest to onError.
    onEvent: (event) => {
      if (event.type !== 'request') return undefined;
      deepFreeze(event.record);
      return options.onRequest?.(event.record);
    },
    onSubscriberError: options.onError,
  });
  // The receiver's own array, handed out, let a caller's splice() take records from waitFor and
  // every later read; a copy on every read would make a loop over requests[i] quadratic.
  let snapshot: readonly CaptureRecord[] = Object.freeze([]);
  let snapshotCount = 0;
  return {
    url: receiver.url,
    host: receiver.host,
    port: receiver.port,
    get requests() {
      // The count grows with each request answered, as the records change (server.ts answered()).
      if (snapshotCount !== receiver.count) {
        snapshot = Object.freeze([...receiver.requests]);
        snapshotCount = receiver.count;
      }
      return snapshot;
    },
    get count() {
      return receiver.count;
    },
    waitFor(n, waitOptions) {
      // A bad argument rejects, as every other call's does: thrown, a caller's .catch() never saw it.
      try {
        // A count that is not a whole number would never be reached: the wait would run to its timeout.
        const count = typeof n === 'number' ? checkInt(n, 'n') : undefined;
        if (count === undefined) throw new UsageError(`invalid \`n\`: expected a number of requests, got ${describeValue(n)}`);
        const timeoutMs = toMs(checkShape('waitFor()', waitOptions, { timeout: 'amount' }).timeout, 'timeout', listenOptions.timeout);
        return receiver.waitFor(count, timeoutMs === undefined ? {} : { timeoutMs });
      } catch (error) {
        return Promise.reject(error);
      }
    },
    summary: () => receiver.summary(),
    close: () => receiver.close(),
  };
}
