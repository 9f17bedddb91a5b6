// `whk send <kind|all> --url U`: generate (or take) payloads and deliver them with the kind's
// delivery profile; one line or JSON object per delivery; exit 1 if any delivery failed.
import type { CliContext } from '../context.js';
import { fieldRef, InputError, UsageError } from '../errors.js';
import { attemptText, createDispatcher, endDispatcher, withOwnDispatcher } from '../delivery/attempt.js';
import { checkRequest, planChains, type SendRequest } from '../delivery/plan.js';
import { parseSentHeaderLines, type Auth } from '../delivery/request.js';
import { parseTargetUrl } from '../util/url.js';
import { checkField, eventRate, eventRateText } from '../util/checks.js';
import { deliverChains, type DeliveryResult } from '../delivery/chains.js';
import { checkStream, startStream } from '../delivery/stream.js';
import { eventsWithin } from '../delivery/source.js';
import { streamRequestOf } from '../delivery/stream-fields.js';
import { loadKind } from '../kinds/load.js';
import type { Kind } from '../kinds/types.js';
import { freshSeed } from '../util/prng.js';
import { createOutput, type Output } from '../ui/output.js';
import { deliveryLine, emptyTally, failureHint, plannedPrinter, tallyKey, tallyLine, type Credentials } from '../ui/render-send.js';
import { eventLine, statusText, summaryLine } from '../ui/render-stream.js';
import { formatCountdown, formatDuration } from '../util/units.js';
import { startSpinner, type Spinner } from '../ui/spinner.js';
import type { Attempt } from '../delivery/retry.js';
import { notJsonFile, parseJsonLenient, repairWarning } from '../util/json.js';
import { badUtf8Warning } from '../util/utf8.js';
import type { CommaRepair } from '../validate/stray-commas.js';
import { warnSecretEdges, withSecretFromEnv } from './secret-env.js';
import { parseOptions, type ParsedOptions } from '../options/schema.js';
import { sendOptions } from '../options/send.js';
import { readInput } from '../util/read-input.js';
import { maskUrl, splitCredentials } from '../util/secrets.js';
import { abortOnSignal } from './signals.js';
import { checkSendPairs } from './send-checks.js';
import { givenSchemeParams } from '../signing/given-params.js';

type Options = ParsedOptions<typeof sendOptions>;

export async function runSend(context: CliContext, given: string | undefined, raw: unknown): Promise<number> {
  const options = withSecretFromEnv(parseOptions(sendOptions, raw), context.env);
  const url = parseTargetUrl(options.url);
  // --schema: the user's own webhook is the kind; --data (or the schema's examples) is what goes out.
  const custom = options.schema === undefined ? undefined : await (await import('../kinds/custom.js')).loadCustomKind(options.schema);
  if (custom && given !== undefined && given !== custom.id) throw new UsageError(`--schema defines the kind '${custom.id}'; drop the kind argument '${given}'`);
  if (!custom && given === undefined) throw new UsageError('name the kind to send', 'e.g. whk send metric-alert --url http://127.0.0.1:9000/hook, or --schema FILE --data FILE for your own webhook');
  const target = custom?.id ?? (given as string);
  // One named kind loads that kind's module alone; only `send all` needs the registry.
  const kinds = custom ? [custom] : target === 'all' ? (await import('../kinds/index.js')).listKinds() : [await loadKind(target)];
  const seeded = checkSendPairs(target, options, custom !== undefined);
  const output = createOutput(context, { ...options, holdMs: RESULT_HOLD_MS });
  warnSecretEdges(options, (line) => output.warn(line));
  const seed = options.seed ?? freshSeed();
  const data = options.data === undefined ? undefined : await readData(context, options.data);
  const keys = await signingKeys(kinds, options, target === 'all', output);
  await checkFilterFlags(kinds, options);
  const requests = kinds.map((kind) => buildRequest(kind, options, { url, seed, data, all: target === 'all', keys }));
  if (target === 'all') tellCredentialsTaken(output, url, requests);
  requests.forEach((request, i) => checkRequest(kinds[i] as Kind, request));
  if (data && options.validate && !(await checkData(output, kinds[0] as Kind, data, options.data ?? '-', options.event))) return 1;
  // Without --data a custom kind sends its schema's example, held to the schema as --data is (with
  // --set, checkSet below judges the example as --set leaves it).
  if (custom && !data && options.validate && options.set.length === 0 && !(await checkPayload(output, custom, custom.sample({ seed }), `${options.schema}#/examples/0`, "the schema's first example"))) return 1;
  if (options.set.length > 0 && options.validate) await checkSet(kinds[0] as Kind, requests[0] as SendRequest, data, options.rate !== undefined);

  const tellSeed = (): void => {
    if (options.seed === undefined && seeded) output.info(output.paint.dim(`seed ${seed} (pass --seed ${seed} to send the same payloads again)`));
  };
  if (options.rate !== undefined) return runStream(output, requests[0] as SendRequest, options, checkField('rate', options.rate, eventRate) as number, tellSeed);
  // Told before a dry run too: the requests it shows are sent again only with the same seed.
  tellSeed();
  if (options.curl || options.dryRun) return printPlanned(output, requests, options, seeded ? seed : null);

  const shown = maskUrl(url);
  const spinner = await startSpinner(output, `sending to ${shown}`);
  // Counts, not the results: a run of a million deliveries prints each and keeps none.
  const tally = emptyTally();
  // The first failed delivery: what it may say (nothing listening, a 401) is said once, after the tally.
  let firstFailure: DeliveryResult | undefined;
  const done = (): number => tally.delivered + tally.failed + tally.notSent + tally.cancelled;
  // --lifecycle names each line's stage (one kind: 'send all' takes no --lifecycle).
  const stages = options.lifecycle ? (kinds[0]?.lifecycleStages ?? []) : undefined;
  // Ctrl-C (a long retry wait, a slow receiver) or SIGTERM ends the run with what was sent so far, exit 130 or 143.
  const interrupt = abortOnSignal();
  const countdown = retryCountdown(output, spinner, done);
  try {
    await withOwnDispatcher(async (dispatcher) => {
      for (const request of requests) {
        if (interrupt.signal.aborted) break;
        await deliverChains(planChains(request), {
          dispatcher,
          concurrency: options.concurrency,
          signal: interrupt.signal,
          onWait: countdown.start,
          onResult: (result) => {
            countdown.stop();
            const key = tallyKey(result);
            tally[key]++;
            if (key === 'failed') firstFailure ??= result;
            // The seed makes the run repeatable; --json carries it, as the text output's note does (null
            // when nothing is drawn from it: every line has the key).
            spinner.print(() => (output.json ? output.jsonLine({ ...result, seed: seeded ? seed : null }) : output.result(deliveryLine(output, result, kinds, stages))));
            if (output.live) spinner.update(`sending to ${shown}: ${done()} done`);
          },
        });
      }
    });
  } finally {
    countdown.stop();
    spinner.stop();
    interrupt.dispose();
  }
  output.info(tallyLine(tally, url));
  if (tally.notSent > 0) output.info(output.paint.dim('--no-auto-disable sends the deliveries the sender would not have sent'));
  const failedKind = kinds.find((kind) => kind.id === firstFailure?.kind);
  const hint = failureHint(firstFailure?.attempts.at(-1), url, failedKind && { kind: failedKind, sent: credentialsOf(failedKind, options) });
  if (hint) output.info(output.paint.dim(hint));
  output.flush();
  if (interrupt.signal.aborted) {
    output.warn(`${interrupt.said()}: the deliveries above are what was sent`);
    return interrupt.exitCode();
  }
  return tally.failed + tally.notSent === 0 ? 0 : 1;
}

/** --dry-run and --curl: each request the run would send, printed instead of sent. */
async function printPlanned(output: Output, requests: readonly SendRequest[], options: Options, seed: number | null): Promise<number> {
  // Planned lazily and printed at the reader's pace: a large --count never holds every request.
  // A timeout given goes with each command as curl's --max-time (the kind's default does not).
  const print = plannedPrinter(output, options.curl === true, { maxTimeMs: options.timeout });
  for (const request of requests) {
    for (const chain of planChains(request)) {
      // Named as a delivery's --json line names it: `send all` and a batch of variants tell which is which.
      for (const { kind, variant, event, stage, duplicate, request: planned } of chain) await print(planned, { seed, kind, variant, event, stage, duplicate });
    }
  }
  // Written before returning, as a send's are: left to the hold's timer, they came after whatever the
  // caller of main() wrote next (the wizard runs its command in process).
  output.flush();
  return 0;
}

// Result lines are written together every this many ms (or 64 kB): one write per event-loop turn
// would be a system call every few deliveries at thousands a second.
const RESULT_HOLD_MS = 20;

// whk's choice: without a terminal (a CI log), a wait this long is said once on stderr, so a job
// that seems to hang shows why; shorter waits pass silently.
const LONG_WAIT_MS = 10_000;

/**
 * The spinner's line during a wait between attempts: `500 — next attempt in 1m20s`, each second;
 * without a terminal, one line for a long wait.
 */
function retryCountdown(output: Output, spinner: Spinner, done: () => number): { start: (ms: number, after: Attempt) => void; stop: () => void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  return {
    stop,
    start: (ms, after) => {
      stop();
      const text = (left: number): string => `${attemptText(after)} — next attempt in ${formatCountdown(left)} (${done()} done; Ctrl-C stops)`;
      if (!output.live) {
        if (ms >= LONG_WAIT_MS) output.info(text(ms));
        return;
      }
      const until = Date.now() + ms;
      const show = (): void => spinner.update(text(until - Date.now()));
      show();
      timer = setInterval(show, 1000);
      timer.unref();
    },
  };
}

/** A streaming send: live status, state changes as they happen, a summary; Ctrl-C (SIGTERM) ends it with exit 130 (143). */
async function runStream(output: Output, request: SendRequest, options: Options, rate: number, tellSeed: () => void): Promise<number> {
  const streamRequest = streamRequestOf(request, { ...options, rate });
  const kind = request.kind;
  checkStream(kind, streamRequest);
  // Once the stream is sure to start: the same seed makes the same events again.
  tellSeed();
  const interrupt = abortOnSignal();
  // A minute or more to the second ('1m20s'): formatDuration's '1.3m' read as another length than the 80s given.
  const duration = options.duration === undefined ? '' : options.duration < 60_000 ? formatDuration(options.duration) : formatCountdown(options.duration);
  const length = options.duration ? ` for ${duration}` : options.total ? `, ${options.total} in all` : ' until Ctrl-C';
  // The rate as given (1/h), not as events per second (0.0002777777777777778/s).
  output.info(output.paint.dim(`streaming ${kind.id} to ${maskUrl(request.url)} at ${eventRateText(options.rate ?? '')}${length}`));
  const spinner = await startSpinner(output, 'starting');
  const dispatcher = createDispatcher();
  const run = startStream(streamRequest, {
    dispatcher,
    signal: interrupt.signal,
    onEvent: (event) => {
      if (output.json) output.jsonLine(event);
      else spinner.print(() => (event.type === 'state' ? output.info(eventLine(output, event)) : output.warn(eventLine(output, event))));
    },
  });
  const ticker = setInterval(() => spinner.update(statusText(run.status())), 200);
  let summary;
  try {
    summary = await run.done;
  } finally {
    clearInterval(ticker);
    spinner.stop();
    interrupt.dispose();
    await endDispatcher(dispatcher);
  }
  if (output.json) output.jsonLine(summary);
  else output.result(summaryLine(summary, kind.delivery.batching !== null));
  const due = options.duration === undefined ? undefined : eventsWithin(rate, options.duration);
  if (!summary.cancelled && due !== undefined && summary.generated < due) {
    output.warn(`the rate was not held: ${summary.generated} of ${due} events generated in ${formatDuration(options.duration ?? 0)} (this machine could not build them faster)`);
  }
  if (summary.cancelled) return interrupt.exitCode();
  return summary.failed + summary.queued + summary.dropped + summary.gap + summary.notSent + summary.cutOff > 0 ? 1 : 0;
}

/** --set must leave a payload of the kind (checked on the first payload: the others differ by seed only). */
async function checkSet(kind: Kind, request: SendRequest, data: UserData | undefined, stream: boolean): Promise<void> {
  if (data && data.payload === undefined) return;
  const { checkAssigned, firstAssignedPayload } = await import('../validate/assigned.js');
  checkAssigned(kind, firstAssignedPayload(kind, request, data, stream), request.event, request.set);
}

interface UserData {
  bytes: Buffer;
  payload: unknown;
  warnings: string[];
  /** Why it is not JSON, in the words every file reader uses (payload undefined); undefined when it is. */
  notJson?: string | undefined;
  /** The stray commas read past to parse it: the bytes sent still hold them. */
  repairs: readonly CommaRepair[];
  /** Bytes that are not UTF-8, read as U+FFFD to validate it: said, as the bytes go as they are. */
  notUtf8?: string | undefined;
}

/** The scheme a kind's bodies are signed with: --sign's in place of the kind's own. */
function schemeOf(kind: Kind, options: Options): string | undefined {
  return options.sign ?? kind.delivery.signature?.scheme;
}

/** What a delivery of `kind` carried that a receiver may check. */
function credentialsOf(kind: Kind, options: Options): Credentials {
  const scheme = schemeOf(kind, options);
  const signed = scheme === 'travis' ? options.travisKey !== undefined : options.secret !== undefined;
  return { scheme, signed, auth: options.authBasic !== undefined || options.authBearer !== undefined };
}

/**
 * Keys by scheme for the schemes that sign with key material of their own, never the shared
 * secret (travis: the RSA private key of --travis-key, made when missing, with --dry-run too: the
 * requests it prints carry its signature). A scheme listed without a key sends unsigned.
 */
async function signingKeys(kinds: readonly Kind[], options: Options, all: boolean, output: Output): Promise<Record<string, string | undefined>> {
  const travis = kinds.some((kind) => schemeOf(kind, options) === 'travis');
  if (!travis && options.travisKey !== undefined && !all) throw new UsageError("--travis-key applies to Travis CI's scheme only", options.sign === undefined ? 'send travis-ci, or sign with --sign travis' : `--sign ${options.sign} signs with --secret`);
  if (travis && !all && options.secret !== undefined) throw new UsageError('--secret: travis signs with an RSA key, not a shared secret', 'give --travis-key FILE (created when missing; whk travis-key FILE prints its public key)');
  if (!travis) return {};
  return { travis: options.travisKey === undefined ? undefined : await (await import('./travis-key.js')).travisPrivateKey(options.travisKey, (line) => output.info(line)) };
}

function buildRequest(kind: Kind, options: Options, context: { url: string; seed: number; data: UserData | undefined; all: boolean; keys: Record<string, string | undefined> }): SendRequest {
  const profile = kind.delivery;
  // Under `send all`, profile-specific flags apply to the kinds that have that feature.
  const applies = (supported: boolean): boolean => !context.all || supported;
  const auth: Auth | undefined =
    options.authBasic !== undefined ? { scheme: 'basic', token: options.authBasic } : options.authBearer !== undefined ? { scheme: 'bearer', token: options.authBearer } : undefined;
  const filters = senderFilters(kind, options);
  const scheme = schemeOf(kind, options);
  return {
    kind,
    // Under `send all`, a URL's credentials (an Authorization: Basic) go to the kinds whose sender sends one.
    url: applies(profile.auth.includes('basic')) ? context.url : splitCredentials(context.url).url,
    seed: context.seed,
    variant: filters.variant,
    event: options.event,
    count: options.count,
    set: [...options.set, ...filters.set],
    ...(context.data ? { body: context.data.bytes, payload: context.data.payload } : {}),
    headers: parseSentHeaderLines(options.header),
    gzip: options.gzip,
    timeoutMs: options.timeout,
    retry: options.retry,
    autoDisable: applies(Boolean(profile.autoDisable)) ? options.autoDisable : undefined,
    retries: options.retries,
    // Under `send all`, for the kinds that retry (or are told to): one that makes one attempt refuses it.
    retryDelayMs: applies(options.retries !== undefined || profile.retry.maxAttempts > 1) ? options.retryDelay : undefined,
    secret: scheme !== undefined && Object.hasOwn(context.keys, scheme) ? context.keys[scheme] : applies(profile.signature !== null || options.sign !== undefined) ? options.secret : undefined,
    sign: options.sign,
    signParams: givenSchemeParams(options),
    auth: auth && applies(profile.auth.includes(auth.scheme)) ? auth : undefined,
    duplicates: applies(profile.atLeastOnce) ? options.duplicates : undefined,
    duplicateId: applies(kind.withNewIdempotencyId !== undefined) ? options.duplicateId : undefined,
    lifecycle: options.lifecycle,
    senderVersion: options.senderVersion,
  };
}

/** `send all` with credentials in the URL: the kinds they go to, said once (the others' senders send no Authorization header). */
function tellCredentialsTaken(output: Output, url: string, requests: readonly SendRequest[]): void {
  if (splitCredentials(url).authorization === undefined) return;
  // --auth-basic or --auth-bearer, where a kind takes it, replaces them.
  const taking = requests.filter((request) => request.url === url && request.auth === undefined).map((request) => request.kind.id);
  if (taking.length > 0) output.info(output.paint.dim(`--url's credentials go as Authorization: Basic to the kinds whose sender sends one: ${taking.join(', ')}`));
}

// The flags that set a kind's sample filters (see whk kinds: only kinds that declare them take them).
const FILTER_FLAGS = ['environment', 'alertType'] as const;

/** The kind's sample filters given as flags: the variant and assignments that make the sent payload pass them. */
function senderFilters(kind: Kind, options: Options): { variant: string | undefined; set: string[] } {
  const set: string[] = [];
  let variant = options.variant;
  for (const name of FILTER_FLAGS) {
    const raw = options[name];
    if (raw === undefined) continue;
    const flag = fieldRef(name);
    const filter = kind.sampleFilters?.find((f) => f.name === name);
    if (!filter) continue; // refused before (checkFilterFlags)
    let value = raw;
    if (filter.choices) {
      value = raw.toUpperCase().replaceAll('-', '_');
      const wanted = filter.choices[value];
      if (!wanted) throw new UsageError(`invalid ${flag} '${raw}'`, `use ${Object.keys(filter.choices).join(' or ')}`);
      if (variant !== undefined && !wanted.includes(variant)) throw new UsageError(`${flag} ${value} contradicts --variant ${variant}`);
      variant ??= wanted[0];
    }
    set.push(...filter.set(value));
  }
  return { variant, set };
}

/** A filter flag given for a kind that does not declare it is refused, naming the kinds that do. */
async function checkFilterFlags(kinds: readonly Kind[], options: Options): Promise<void> {
  const name = FILTER_FLAGS.find((flag) => options[flag] !== undefined && kinds.some((kind) => !kind.sampleFilters?.some((f) => f.name === flag)));
  if (name === undefined) return;
  const filtering = (await import('../kinds/index.js'))
    .listKinds()
    .filter((kind) => kind.sampleFilters?.some((f) => f.name === name))
    .map((kind) => kind.id)
    .join(', ');
  throw new UsageError(`${fieldRef(name)} applies to ${filtering} only`);
}

async function readData(context: CliContext, source: string): Promise<UserData> {
  const bytes = await readInput(source, '--data', context.stdin);
  const text = bytes.toString('utf8');
  const parsed = parseJsonLenient(text);
  if (!parsed.ok) return { bytes, payload: undefined, warnings: [], repairs: [], notJson: notJsonFile('--data', source === '-' ? '<stdin>' : source, parsed) };
  return { bytes, payload: parsed.value, warnings: parsed.warnings.map((w) => repairWarning(w)), repairs: parsed.warnings, notUtf8: badUtf8Warning(bytes, text, '--data') };
}

/** The user's payload must be a valid payload of the kind; prints the issues when it is not. */
async function checkData(output: Output, kind: Kind, data: UserData, source: string, event: string | undefined): Promise<boolean> {
  if (data.notJson !== undefined) throw new InputError(data.notJson, 'fix it, or pass --no-validate to send the bytes as they are');
  if (data.notUtf8 !== undefined) output.warn(`${data.notUtf8} (sent as is)`);
  for (const warning of data.warnings) output.warn(`--data ${warning} (sent as is)`);
  // Held to the event it goes as (--event's header), not to any of the kind's.
  return checkPayload(output, kind, data.payload, source === '-' ? '<stdin>' : source, '--data', data.repairs, event);
}

/** A payload about to be sent must be a valid one of the kind; prints the issues when it is not. */
async function checkPayload(output: Output, kind: Kind, payload: unknown, source: string, subject: string, repairs: readonly CommaRepair[] = [], event?: string): Promise<boolean> {
  const [{ givenVerdict }, { jsonRecord, textLines }] = await Promise.all([import('../validate/given.js'), import('../validate/report.js')]);
  const result = { ...givenVerdict(kind, payload, repairs, event), source, line: 1 };
  if (result.valid) return true;
  if (output.json) output.jsonLine(jsonRecord(result));
  else for (const line of textLines(result)) output.result(line);
  output.error(`${subject} is not a valid ${kind.id}${event === undefined ? '' : ` ${event}`} payload; nothing was sent (--no-validate sends it anyway)`);
  return false;
}


