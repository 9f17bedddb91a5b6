// `whk listen`: run the receiver, print one line per request, stop on a count, a timeout or a
// signal, and print the summary. The one place that installs signal handlers (removed on exit).
import type { CliContext } from '../context.js';
import { EXIT, messageOf, UsageError } from '../errors.js';
import { listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { extract, mappedFields } from '../mapping/extract.js';
import { loadMappingSet } from '../mapping/load.js';
import { signatureHeaders, signatureSettings } from '../receiver/signature.js';
import type { ReplaySecret } from '../capture/arrival-signing.js';
import { startReceiver, type Receiver, type ReceiverOptions } from '../receiver/server.js';
import { route, type Route } from '../receiver/responder.js';
import type { ReceiverSummary } from '../receiver/summary.js';
import { checkField } from '../util/checks.js';
import type { Inspector } from '../inspector/server.js';
import { createPageFeed, type PageFeed } from './page-feed.js';
import { createOutput } from '../ui/output.js';
import { createRequestPrinter, renderListening, renderSummary, warnIfExposed } from '../ui/render-listen.js';
import { warnSecretEdges, withSecretsFromEnv } from './secret-env.js';
import { givenByUser, parseOptions } from '../options/schema.js';
import { textWithFlags } from './fields.js';
import { listenOptions } from '../options/listen.js';
import { travisVerifyKey } from './travis-key.js';
import { untilSignal } from './signals.js';
import { ciEnding, type Ending } from './ci-ending.js';
import { checkListenPairs } from './listen-pairs.js';
import { givenSchemeParams } from '../signing/given-params.js';



export async function runListen(context: CliContext, raw: unknown): Promise<number> {
  const options = withSecretsFromEnv(parseOptions(listenOptions, raw), context.env);
  const routes = options.route.map((text) => checkField('route', text, route) as Route);
  // --schema adds the user's own kind (detected first); --map extracts fields from each body with the
  // mapping that belongs to its kind (one mapping without a kind: every body).
  const custom = options.schema === undefined ? undefined : await (await import('../kinds/custom.js')).loadCustomKind(options.schema);
  const kinds: readonly Kind[] = custom ? [custom, ...listKinds()] : listKinds();
  // '-' is stdin or stdout to every other file flag: a file named '-' was made instead.
  if (options.save === '-') throw new UsageError("--save takes a file: '-' would be stdout, where listen prints its lines", "name a file (--save captures.ndjson, or ./- for one named '-'); --json --body prints each request, body and all, on stdout");
  checkListenPairs(options, (field) => givenByUser(listenOptions, raw, field), kinds);
  const mappings = options.map === undefined ? undefined : await loadMappingSet(options.map, (id) => kinds.find((kind) => kind.id === id));
  const travisKey = options.travisPublicKey === undefined ? undefined : await travisVerifyKey(options.travisPublicKey);
  const output = createOutput(context, options);
  warnSecretEdges(options, (line) => output.warn(line));
  const params = givenSchemeParams(options);
  // A signature header of --verify hmac's or grafana's own naming is masked as the known ones are.
  const secretHeaders = [...signatureHeaders(), ...(params.header === undefined ? [] : [params.header.toLowerCase()])];
  // A subscriber that fails (whk's own bug on a request it cannot print or list) is told, never fatal.
  const subscriberFailed = (error: unknown): void => output.warn(`an event subscriber failed: ${messageOf(error)}`);
  const printer = createRequestPrinter(output, { showSecrets: options.showSecrets ?? false, showHeaders: options.headers ?? false, showBody: options.body ?? false, secretHeaders }, subscriberFailed);
  // --ui: every request from the first on reaches the page, those before it is up held until then.
  const pageFeed = options.ui ? createPageFeed(subscriberFailed) : undefined;
  const signing = signatureSettings({ secret: options.secret, verify: options.verify, toleranceMs: options.tolerance, reject: options.reject, params, travisKey: travisKey !== undefined, toleranceGiven: givenByUser(listenOptions, raw, 'tolerance'), kind: kinds.find((kind) => kind.id === options.kind) });
  const receiverOptions: ReceiverOptions = {
    host: options.host,
    port: options.port,
    save: options.save,
    respond: {
      statuses: options.respond ?? (options.status === undefined ? undefined : [options.status]),
      routes,
      failRate: options.failRate,
      delayMs: options.delay,
      retryAfterSeconds: options.retryAfter,
    },
    limits: { maxBodyBytes: options.maxBody, headersTimeoutMs: options.headerTimeout, idleTimeoutMs: options.idleTimeout },
    ...signing,
    forwardTo: options.forwardTo,
    kind: options.kind,
    expect: options.expect,
    strict: options.strict ?? false,
    schemeKeys: travisKey === undefined ? {} : { travis: travisKey },
    kinds,
    map: mappings
      ? (body, record) => {
          const mapping = mappings.forKind(record.kind);
          return mapping ? mappedFields(extract(body, mapping)) : undefined;
        }
      : undefined,
    seed: options.seed,
    // The CLI reports as it goes and keeps only the tally, so a long session stays small.
    retain: 0,
    // Subscribed before the port opens, so what start-up reports (a torn capture file) is printed too.
    // The receiver names its options as fields (`maxBody`); the records (their capture lines too,
    // which a user reads with jq) and the warnings name them as flags.
    wording: (text) => textWithFlags(text, listenOptions),
    onEvent: (event) => {
      pageFeed?.event(event);
      printer.event(event.type === 'warning' ? { ...event, message: textWithFlags(event.message, listenOptions) } : event);
    },
    onSubscriberError: subscriberFailed,
  };

  const waiting = untilSignal();
  // stdout gone (a full disk): said by main.ts; the receiver stops as on a fatal error, below.
  context.endsOnOutputLost = true;
  const stop = new AbortController();
  let receiver: Receiver | undefined;
  let inspector: Inspector | undefined;
  try {
    // Loaded only with --ui, before the receiver starts; the feed holds what arrives while the page starts.
    const page = options.ui ? await import('../inspector/server.js') : undefined;
    receiver = await startReceiver(receiverOptions);
    const warn = (message: string): void => printer.event({ type: 'warning', message });
    if (page && pageFeed) inspector = await startPage(page, pageFeed, { label: receiver.url, host: options.host, port: options.uiPort, headersTimeoutMs: options.headerTimeout, captureFile: options.save, secretHeaders, replaySecret: replaySecretOf(signing), warn });
    renderListening(output, receiver.url, inspector?.url);
    warnIfExposed(output, options.host, options.ui ? 'send requests to it and read them, headers and secrets included, on the inspector page' : 'send requests to it');
    const signalled = waiting.signalled.then((signal): Ending => ({ reason: 'signal', signal }));
    const ending = await Promise.race([signalled, ciEnding(receiver, options.count, options.timeout, stop.signal), outputLostEnding(context)]);
    stop.abort();
    // A second Ctrl-C (or TERM) does not wait for what is in flight (a long --delay, a slow app).
    const started = receiver;
    // A failure of the close itself is reported by the await below, not here a second time.
    void waiting.again.then(() => started.close({ now: true })).catch(() => undefined);
    const summary = await receiver.close();
    printer.flush();
    const exitCode = exitCodeFor(ending, summary);
    // A terminal echoes Ctrl-C as ^C where the cursor is, the start of a line: the summary starts on the next.
    if (ending.reason === 'signal' && ending.signal === 'SIGINT' && output.streams.stderr.isTTY) output.streams.stderr.write('\n');
    renderSummary(output, summary, { reason: ending.reason, exitCode, message: ending.reason === 'timeout' ? ending.message : undefined });
    return exitCode;
  } finally {
    stop.abort();
    await receiver?.close();
    await inspector?.close();
    printer.flush();
    waiting.dispose();
    context.endsOnOutputLost = false;
  }
}

type Page = typeof import('../inspector/server.js');

/**
 * How the receiver verifies a scheme, for the page's replays signed anew: `--verify`'s entry (the
 * first given for that scheme), its secret with the settings it reads (--content, --timestamp-header
 * ...); or with `--secret` alone the one secret, with no settings (it verifies each kind's own scheme
 * by its defaults).
 */
function replaySecretOf(signing: ReturnType<typeof signatureSettings>): ReplaySecret {
  return (scheme) => {
    if (!signing.verify) return signing.secret === undefined ? undefined : { secret: signing.secret };
    const entry = signing.verify.find((each) => each.scheme === scheme);
    return entry && { secret: entry.secret, params: entry.params };
  };
}

/**
 * --ui: the inspector page on its own port where the receiver binds, fed by a second subscriber.
 * The page keeps its own records (the receiver keeps none here). Loaded only then, so a plain listen
 * does not pay for the page's server.
 */
async function startPage(page: Page, feed: PageFeed, options: { label: string; host: string; port: number; headersTimeoutMs: number; captureFile: string | undefined; secretHeaders: readonly string[]; replaySecret: ReplaySecret; warn: (message: string) => void }): Promise<Inspector> {
  const { createRecordStore, startInspector } = page;
  // retain 0: the page's catalogue keeps the records; the store only hands each one on.
  const records = createRecordStore({ captureFile: options.captureFile, retain: 0 });
  const inspector = await startInspector({ source: records, host: options.host, port: options.port, portField: 'uiPort', headersTimeoutMs: options.headersTimeoutMs, label: options.label, live: true, secretHeaders: options.secretHeaders, replaySecret: options.replaySecret, wording: (text) => textWithFlags(text, listenOptions), onWarning: options.warn });
  feed.attach((record, line, placement) => records.add(record, line, placement));
  return inspector;
}

/** Resolves when stdout can no longer be written: the requests' lines would be lost, so listen stops. */
function outputLostEnding(context: CliContext): Promise<Ending> {
  const lost = context.outputLost;
  if (!lost) return new Promise<Ending>(() => {});
  if (lost.aborted) return Promise.resolve({ reason: 'output' });
  return new Promise<Ending>((resolve) => lost.addEventListener('abort', () => resolve({ reason: 'output' }), { once: true }));
}

function exitCodeFor(ending: Ending, summary: ReceiverSummary): number {
  if (ending.reason === 'signal') return ending.signal === 'SIGINT' ? EXIT.cancelled : EXIT.ok;
  if (ending.reason === 'timeout' || ending.reason === 'output') return EXIT.failed;
  // A CI job whose evidence was not written fails, whatever the requests were (it passed, the file empty).
  // A mapping problem fails it as `whk map` fails on the same body: README's test step after `whk map`.
  return summary.invalid > 0 || summary.notSaved > 0 || summary.mapping.failed > 0 ? EXIT.failed : EXIT.ok;
}
