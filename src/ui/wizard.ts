// The interactive wizard's questions. It asks, previews, and returns a plan: the argv of the
// equivalent whk command (run through the same code path as typed flags) and a payload to save.
import { existsSync } from 'node:fs';
import { join, parse } from 'node:path';
import { eventLabel } from '../kinds/common.js';
import { listKinds } from '../kinds/index.js';
import { checkBatchCount, generateSample } from '../kinds/sample.js';
import { requestedSender, senderChoice } from '../kinds/sender-version.js';
import type { Kind, KindEvent, Variant } from '../kinds/types.js';
import { checkRequest, type SendRequest } from '../delivery/plan.js';
import { parseTargetUrl } from '../util/url.js';
import { isWhkError, renameFields } from '../errors.js';
import { flagNamer } from '../options/index.js';
import { bindFailure } from '../util/bind.js';
import { freshSeed } from '../util/prng.js';
import { int, promptCheck, rate as fraction, statuses } from '../util/checks.js';
import { listenOptions } from '../options/listen.js';
import { sampleOptions } from '../options/sample.js';
import { sendOptions } from '../options/send.js';
import type { Choice, Prompter } from './prompts.js';
import { checkCaptureFile, checkNewFile, checkReadableFile, checkReplayFile, checkValidateTarget, saidAtPrompt, secretSigning, typedPath } from './wizard-files.js';
import { askOverrides, checkReplaySet } from './wizard-overrides.js';
import { askAuth, askSigning } from './wizard-signing.js';

export interface WizardPlan {
  /** The whk arguments (without 'whk') that do what the person asked for. */
  args: string[];
  /** A payload the person chose to save as JSON, usable with --data. */
  save?: { path: string; payload: unknown };
  /** The person looked at the plan and chose not to run it. */
  declined?: boolean;
}

export interface WizardIO {
  prompter: Prompter;
  /** Where previews go (stderr in the CLI). */
  show(text: string): void;
  kinds?: readonly Kind[];
  seed?: () => number;
}

type Action = 'send' | 'listen' | 'validate' | 'sample' | 'schema' | 'replay';

const ACTIONS: readonly Choice<Action>[] = [
  { value: 'send', name: 'Send a webhook', description: "deliver a sample payload to a URL with the real sender's semantics" },
  { value: 'listen', name: 'Start a receiver', description: 'a local endpoint that decodes, validates and records what arrives' },
  { value: 'validate', name: 'Validate a file', description: 'check payload, NDJSON or capture files against the schemas' },
  { value: 'sample', name: 'Print a sample payload', description: 'a schema-correct example of a kind' },
  { value: 'schema', name: "Print a kind's JSON Schema", description: 'draft 2020-12, generated from the zod schema' },
  { value: 'replay', name: 'Replay a capture', description: 're-send captured requests byte for byte' },
];

export async function runWizardFlow(io: WizardIO): Promise<WizardPlan> {
  const action = await io.prompter.select('What do you want to do?', ACTIONS);
  switch (action) {
    case 'send':
      return sendFlow(io);
    case 'listen':
      return listenFlow(io);
    case 'validate':
      return validateFlow(io);
    case 'sample': {
      const kind = await askKind(io, 'Which kind?');
      const { args } = await askEventAndVariant(io, kind);
      // A batch kind's sample is a batch (impressions): its size is asked as send asks it, and written.
      const count = kind.delivery.batching === null ? undefined : await askInt(io, 'Records per batch', BATCH_RECORDS, sampleOptions.count.min, undefined, (n) => sampleRefusal(kind, n));
      const seed = await askInt(io, 'Seed (the same seed gives the same payload)', String((io.seed ?? freshSeed)()), 0);
      return { args: ['sample', kind.id, ...args, '--seed', seed, ...(count === undefined ? [] : ['--count', count])] };
    }
    case 'schema':
      return { args: ['schema', (await askKind(io, 'Which kind?')).id] };
    case 'replay': {
      const file = await askExistingFile(io, 'Capture file (NDJSON written by whk listen --save)', 'captures.ndjson', checkReplayFile);
      const url = await askUrl(io);
      // What a receiver does with a field it has not been sent yet (replay --set).
      const change = (await io.prompter.input('Change a field of each JSON body first? path=value, e.g. status=resolved (empty: the bodies as recorded)', { validate: (value) => checkReplaySet(file, value) })).trim();
      // A recorded signature is stale past the receiver's tolerance: signed anew, it passes the app's check.
      // Asked only of a file with a record a secret signs: given one, a record with no scheme is refused,
      // which in a file of both is said before the secret is typed, not found in the tally after.
      const signing = await secretSigning(file);
      if (signing.signs && signing.firstUnsigned !== undefined) io.show(`some records cannot be signed with a typed secret (the first is #${signing.firstUnsigned}): given one, replay refuses them`);
      const secret = signing.signs ? await io.prompter.secret("Secret to sign each request anew, by the scheme that checked it or its kind's (empty: as recorded)") : '';
      return { args: ['replay', file, '--url', url, ...(change ? ['--set', change] : []), ...(secret ? ['--secret', secret] : [])] };
    }
  }
}

/** The records a batch kind's batch holds unless asked (impressions' sample without `count`: 5). */
const BATCH_RECORDS = '5';

/** What sample refuses of a batch's `count` (past whk's bound), in its words with the flags' names; true when it takes it. */
function sampleRefusal(kind: Kind, count: number): true | string {
  try {
    checkBatchCount(kind, count, 'sample');
    return true;
  } catch (error) {
    if (!isWhkError(error)) throw error;
    return renameFields(saidAtPrompt(error), flagNamer(sampleOptions));
  }
}

function kindsOf(io: WizardIO): readonly Kind[] {
  return io.kinds ?? listKinds();
}

async function askKind(io: WizardIO, message: string): Promise<Kind> {
  const kinds = kindsOf(io);
  const id = await io.prompter.select(
    message,
    kinds.map((kind) => ({ value: kind.id, name: `${kind.id}  ${kind.title}`, description: kind.follows })),
  );
  return kinds.find((kind) => kind.id === id) as Kind;
}

interface VariantScope {
  variants: readonly Variant[];
  defaultVariant: string;
}

async function askVariant(io: WizardIO, scope: VariantScope): Promise<string> {
  if (scope.variants.length <= 1) return scope.defaultVariant;
  return io.prompter.select(
    'Which variant?',
    scope.variants.map((variant) => ({ value: variant.id, name: variant.id, description: variant.description })),
    scope.defaultVariant,
  );
}

/** For kinds whose sender names its events (GitHub's push, pull_request…): which one; the default first. */
async function askEvent(io: WizardIO, kind: Kind): Promise<KindEvent | undefined> {
  const events = kind.events ?? [];
  if (events.length === 0) return undefined;
  const id = await io.prompter.select(
    'Which event?',
    events.map((event) => ({ value: event.id, name: eventLabel(event), description: event.description })),
    kind.defaultEvent,
  );
  return events.find((event) => event.id === id);
}

interface PayloadChoice {
  event: string | undefined;
  variant: string;
  /** The flags that choose them (none for a default). */
  args: string[];
  /** The sender release chosen (undefined: the newest). */
  senderVersion: string | undefined;
}

/**
 * The sender release (kinds whose delivery changed between releases), the event and the variant.
 * A release sends its own generation of the payload, so it comes first and sets the variant's default.
 */
async function askEventAndVariant(io: WizardIO, kind: Kind, withRelease = false): Promise<PayloadChoice> {
  const release = withRelease ? await askSenderRelease(io, kind) : undefined;
  const event = await askEvent(io, kind);
  // An event with variants of its own (pull_request: opened, closed…) is chosen among them.
  const first = event?.variants?.[0];
  // A release offers the variants it can send (HertzBeat 1.5.0 sends no grouped alert: the CLI refuses it).
  const sendable = release ? kind.variants.filter((v) => !kind.lineConflict?.(v.id, release.variant)) : kind.variants;
  const scope: VariantScope = event?.variants && first ? { variants: event.variants, defaultVariant: event.defaultVariant ?? first.id } : { variants: sendable, defaultVariant: release?.variant ?? kind.defaultVariant };
  const variant = await askVariant(io, scope);
  const args = [
    ...(release ? ['--sender-version', release.from] : []),
    ...(event && event.id !== kind.defaultEvent ? ['--event', event.id] : []),
    ...(variant === scope.defaultVariant ? [] : ['--variant', variant]),
  ];
  return { event: event?.id, variant, args, senderVersion: release?.from };
}

/** A release line of the sender other than the newest release's (undefined: that one, the CLI's default). */
async function askSenderRelease(io: WizardIO, kind: Kind): Promise<{ from: string; variant: string } | undefined> {
  const versions = kind.senderVersions;
  if (!versions || versions.releases.length <= 1) return undefined;
  // The newest release's line, which may not be the last (HertzBeat's 1.9.0 is not released yet).
  const newest = senderChoice(kind).release?.from;
  const lines = versions.releases.map((release, i, all) => {
    const next = all[i + 1];
    const span = next ? `${release.from} to before ${next.from}` : `${release.from} and later (known up to ${versions.upTo ?? versions.newest})`;
    return { value: release.from, name: release.from === newest ? `${span}, the newest release (${versions.newest})` : span, description: release.note };
  });
  const from = await io.prompter.select('Which release of the sender?', lines, newest);
  return from === newest ? undefined : versions.releases.find((release) => release.from === from);
}

export function checkUrl(value: string): true | string {
  try {
    parseTargetUrl(value.trim());
    return true;
  } catch (error) {
    // The same words as --url, hint included: "the scheme is missing; did you mean http://…?"
    if (!isWhkError(error)) throw error;
    if (/only http and https/.test(error.message)) return 'the URL must start with http:// or https://';
    if (/not a URL/.test(error.message)) return 'not a URL; e.g. http://127.0.0.1:9000/webhook';
    return `${error.message.replace(/^.*': /, '')}; ${error.hint ?? ''}`;
  }
}

/**
 * A port the receiver can listen on: a busy one is refused as it is typed, and one it may not have (below
 * 1024 without root) in `whk listen`'s words, hint included (util/bind.ts).
 */
export async function checkPort(value: string, host = '127.0.0.1'): Promise<true | string> {
  const port = Number(value.trim());
  if (port === 0) return true;
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') return resolve(`port ${port} is in use; pick another, or 0 for a free one`);
      const failure = bindFailure(error, { host, port });
      resolve(isWhkError(failure) ? renameFields(saidAtPrompt(failure), flagNamer(listenOptions)) : `cannot listen on port ${port}: ${error.message}`);
    });
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** `sending`: what send would refuse of that URL (credentials for a sender that sends no Authorization header). */
async function askUrl(io: WizardIO, sending?: (url: string) => true | string): Promise<string> {
  const validate = (value: string): true | string => {
    const valid = checkUrl(value);
    return valid === true && sending ? sending(value.trim()) : valid;
  };
  return (await io.prompter.input('Target URL', { default: 'http://127.0.0.1:9000/webhook', validate })).trim();
}

/** What send refuses of a request (checkRequest), in its words with the flags' names; true when it takes it. */
function sendRefusal(request: SendRequest): true | string {
  try {
    checkRequest(request.kind, request);
    return true;
  } catch (error) {
    if (!isWhkError(error)) throw error;
    return renameFields(saidAtPrompt(error), flagNamer(sendOptions));
  }
}

/** `sending`: what send would refuse of the number with the answers before it (a seed with the count). */
async function askInt(io: WizardIO, message: string, defaultValue: string, min: number, max = Number.MAX_SAFE_INTEGER, sending?: (n: number) => true | string): Promise<string> {
  const check = promptCheck(int(min, max));
  const validate = (value: string): true | string => {
    const valid = check(value);
    return valid === true && sending ? sending(Number(value.trim())) : valid;
  };
  return (await io.prompter.input(message, { default: defaultValue, validate })).trim();
}

/** A file to read, as `check` (by default: one whk can read) takes it. */
async function askExistingFile(io: WizardIO, message: string, defaultValue: string, check: (file: string) => true | string | Promise<true | string> = checkReadableFile): Promise<string> {
  // Offered only when it is there: a default that Enter then refuses as "no such file" misleads.
  const offered = checkReadableFile(defaultValue) === true ? { default: defaultValue } : {};
  const file = typedPath(await io.prompter.input(message, { ...offered, validate: (value) => check(typedPath(value)), shown: typedPath }));
  // The file becomes a positional argument: '-x.json' would read as an option, './-x.json' is the same file.
  return file.startsWith('-') ? `./${file}` : file;
}

/** A file to write: one that exists is replaced only when the person says so; a no asks again, offering a free name. */
async function askNewFile(io: WizardIO, message: string, defaultValue: string): Promise<string> {
  let offered = defaultValue;
  for (;;) {
    const file = typedPath(await io.prompter.input(message, { default: offered, validate: (value) => checkNewFile(typedPath(value)), shown: typedPath }));
    if (!existsSync(file) || (await io.prompter.confirm(`${file} exists. Replace it?`, false))) return file;
    offered = freeName(file);
  }
}

/** 'alert-2.json' for 'alert.json' (or -3, -4…): the first name beside it that no file has. */
function freeName(file: string): string {
  const { dir, name, ext } = parse(file);
  const numbered = (n: number): string => join(dir, `${name}-${n}${ext}`);
  let n = 2;
  while (existsSync(numbered(n))) n++;
  return numbered(n);
}

async function sendFlow(io: WizardIO): Promise<WizardPlan> {
  const { prompter } = io;
  const kind = await askKind(io, 'Which webhook do you want to send?');
  const choice = await askEventAndVariant(io, kind, true);
  // Asked of send as the command will give it: credentials in the URL are refused here, not after every question.
  const request = (url: string, more: Partial<SendRequest> = {}): SendRequest => ({ kind, url, ...sendAs(choice), event: choice.event, ...more });
  const url = await askUrl(io, (typed) => sendRefusal(request(typed)));
  const batch = kind.delivery.batching !== null;
  // Bounded as send bounds it, in its words: a batch past whk's bound is refused with the URL's request.
  const count = await askInt(io, batch ? 'Records per batch' : 'How many payloads', batch ? BATCH_RECORDS : '1', sendOptions.count.min, undefined, (n) => sendRefusal(request(url, { count: n })));
  // Payload i is drawn from seed + i: send refuses a seed whose last payload passes 2^53.
  const seed = await askInt(io, 'Seed (the same seed gives the same payload)', String((io.seed ?? freshSeed)()), 0, undefined, (n) => sendRefusal(request(url, { seed: n, count: Number(count) })));
  const extra: string[] = [];
  if (kind.delivery.gzip !== 'never') {
    const gzip = await prompter.select(
      'Gzip the body?',
      [
        { value: 'auto', name: 'auto', description: `as the sender does: gzip unless the URL's host is ${kind.delivery.gzip.unlessHosts.join(' or ')}` },
        { value: 'always', name: 'always' },
        { value: 'never', name: 'never' },
      ],
      sendOptions.gzip.default,
    );
    if (gzip !== sendOptions.gzip.default) extra.push('--gzip', gzip);
  }
  if (kind.delivery.atLeastOnce) {
    const rate = (await prompter.input('Duplicate rate (0 to 1; the sender delivers at least once)', { default: '0', validate: promptCheck(fraction) })).trim();
    if (Number(rate) > 0) extra.push('--duplicates', rate);
    // Only from the lifecycle's start: after 'resolved' there is nothing left to go through.
    const startsHere = kind.lifecycle && (!kind.lifecycleFrom || kind.lifecycleFrom.includes(choice.variant));
    if (startsHere && (await prompter.confirm('Send the lifecycle (opened, then resolved)?', false))) extra.push('--lifecycle');
  }
  // Auth as the release the command goes as sends it (HertzBeat before 1.8.0 sends none): the one chosen,
  // or for a variant only an older release sent (flat, with the newest chosen), that release, as send takes it.
  extra.push(...(await askSigning(prompter, kind)), ...(await askAuth(prompter, requestedSender(kind, sendAs(choice)).delivery.auth, (auth) => sendRefusal(request(url, { auth })))));
  const sample = (set: string[]) => generateSample(kind, { seed: Number(seed), variant: choice.variant, event: choice.event, count: batch ? Number(count) : undefined, set });
  // Send's checks of what it is given with the overrides (checkRequest), such as a field the lifecycle sets anew.
  const sending = (set: string[]) => sendRefusal(request(url, { seed: Number(seed), count: Number(count), lifecycle: extra.includes('--lifecycle'), set }));
  const overrides = await askOverrides(io.prompter, { kind, event: choice.event, sample, sending });
  const payload = sample(overrides);
  io.show(preview(payload));
  const source = [...choice.args, '--seed', seed, ...overrides.flatMap((o) => ['--set', o])];
  // Saving keeps a copy of the preview; what is sent stays generated (--count 2 is two incidents).
  let save: WizardPlan['save'];
  if (await prompter.confirm('Save this payload as a JSON file (usable with --data later)?', false)) {
    save = { path: await askNewFile(io, 'File name', `${kind.id}-${seed}.json`), payload };
  }
  // A batch kind's count is always written: without --count impressions sends its own default batch,
  // not the one record that may have been asked for (and previewed).
  const countArgs = !batch && count === '1' ? [] : ['--count', count];
  const args = ['send', kind.id, '--url', url, ...source, ...countArgs, ...extra];
  const go = await prompter.confirm(`Send ${kind.id} to ${url} now?`, true);
  return { args, ...(save ? { save } : {}), ...(go ? {} : { declined: true }) };
}

/** The sender release and variant as the command's flags give them to send (no --variant for the default). */
function sendAs(choice: PayloadChoice): { senderVersion: string | undefined; variant: string | undefined } {
  return { senderVersion: choice.senderVersion, variant: choice.args.includes('--variant') ? choice.variant : undefined };
}

const PREVIEW_LINES = 40;

function preview(payload: unknown): string {
  const lines = JSON.stringify(payload, null, 2).split('\n');
  const shown = lines.slice(0, PREVIEW_LINES).join('\n');
  return `Payload preview:\n${shown}${lines.length > PREVIEW_LINES ? `\n  ... ${lines.length - PREVIEW_LINES} more lines` : ''}`;
}

async function listenFlow(io: WizardIO): Promise<WizardPlan> {
  const { prompter } = io;
  const portCheck = promptCheck(int(listenOptions.port.min, listenOptions.port.max));
  const port = (
    await prompter.input('Port (0 picks a free one)', {
      default: listenOptions.port.default,
      validate: async (value) => {
        const valid = portCheck(value);
        return valid === true ? checkPort(value) : valid;
      },
    })
  ).trim();
  // A yes/no first: an input's default comes back for an emptied line, so "empty: do not save" could not be answered.
  const saving = await prompter.confirm('Save captures to a file (for whk replay, validate)?', true);
  const save = saving ? typedPath(await prompter.input('Capture file', { default: 'captures.ndjson', validate: (value) => checkCaptureFile(typedPath(value)), shown: typedPath })) : '';
  const respond = (
    await prompter.input('Statuses to answer, in order (the last repeats)', {
      default: '200',
      validate: promptCheck(statuses),
    })
  ).replace(/\s+/g, '');
  const expect = await prompter.select('Expect one kind only?', [
    { value: '', name: 'any kind' },
    ...kindsOf(io).map((k) => ({ value: k.id, name: k.id, description: k.title })),
  ]);
  const countCheck = promptCheck(int(listenOptions.count.min));
  const count = (await prompter.input('Stop after how many requests (empty: run until Ctrl-C)', { default: '', validate: (v) => (v.trim() === '' ? true : countCheck(v)) })).trim();
  const args = ['listen', '--port', port];
  if (save) args.push('--save', save);
  if (respond !== '200') args.push(respond.includes(',') ? '--respond' : '--status', respond);
  if (expect) args.push('--expect', expect);
  if (count) args.push('--count', count);
  return { args };
}

async function validateFlow(io: WizardIO): Promise<WizardPlan> {
  const file = await askExistingFile(io, 'File to validate (JSON, NDJSON or a capture file; a directory: its .json, .ndjson and .jsonl files)', 'captures.ndjson', checkValidateTarget);
  const kinds = kindsOf(io);
  const kind = await io.prompter.select('Which kind?', [
    { value: '', name: 'detect it', description: 'whk picks the kind by the payload shape' },
    ...kinds.map((k) => ({ value: k.id, name: k.id, description: k.title })),
  ]);
  return { args: ['validate', file, ...(kind ? ['--kind', kind] : [])] };
}
