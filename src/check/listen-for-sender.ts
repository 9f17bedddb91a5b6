// A sender contract: start a receiver, run the user's command with {url} filled in, and check what
// arrived (count, kind, validity, gzip). The check ends when the count is met, the command ends,
// or `within` runs out; a command still running then is stopped with its process group.
import { setTimeout as sleep } from 'node:timers/promises';
import { EXIT, isWhkError, messageOf, renameFields } from '../errors.js';
import { startReceiver, type Receiver, type ReceiverSummary } from '../receiver/server.js';
import { counted, formatDuration } from '../util/units.js';
import { shapeText, type CaptureRecord } from '../capture/record.js';
import { startCommand, type CommandExit, type RunningCommand } from './command.js';
import type { ListenCheck } from './contract.js';
import type { CheckEnv } from './drive-receiver.js';
import type { CheckCommand, CheckRequest, CheckResult } from './result.js';
import { encodingHasGzip } from '../util/gzip-magic.js';
import { cutText, shownIssue } from '../util/cut-text.js';

type Ending = 'count' | 'exited' | 'deadline' | 'cancelled';
type Outcome = Omit<CheckResult, 'index' | 'name' | 'form' | 'ms'>;

export interface SenderEnv extends CheckEnv {
  /** Working directory of the command (default: the current one). */
  cwd?: string | undefined;
  /** Environment of the command (default: this process's); WHK_URL is added. */
  env?: NodeJS.ProcessEnv | undefined;
}

/** After the command ends, requests it had in flight get this long to be recorded. */
const SETTLE_MS = 300;
/** Once the count is met, how long a command still running may take to exit on its own. */
const EXIT_GRACE_MS = 1000;
/** Problems listed per kind of problem before the rest are summed up. */
const MAX_LISTED = 5;

// The receiver's texts name its options as fields (`secret`); the contract gives them under `listen`.
const LISTEN_FIELDS: ReadonlySet<string> = new Set(['host', 'port', 'respond', 'secret']);
const contractField = (field: string): string | undefined => (LISTEN_FIELDS.has(field) ? `'listen.${field}'` : undefined);

export async function runSenderCheck(listen: ListenCheck, run: string, env: SenderEnv = {}): Promise<Outcome> {
  const expect = listen.expect;
  let receiver: Receiver;
  try {
    receiver = await startReceiver({
      host: listen.host,
      port: listen.port,
      respond: listen.respond === undefined ? {} : { statuses: typeof listen.respond === 'number' ? [listen.respond] : listen.respond },
      secret: listen.secret,
    });
  } catch (error) {
    // A host or port the receiver cannot have is a mistake in the contract, as it is in listen's
    // flags (exit 2), not a sender that failed its check; its hint names the contract's fields.
    if (isWhkError(error) && error.exitCode === EXIT.usage) throw error.renameFields((field) => `'listen.${field}'`);
    const why = `the receiver could not start: ${messageOf(error)}`;
    return { ok: false, summary: 'nothing was run', problems: [why], error: why };
  }
  const line = fillPlaceholders(run, receiver);
  const command = startCommand(line, { cwd: env.cwd, env: { ...(env.env ?? process.env), WHK_URL: receiver.url } });
  const started = performance.now();
  let exit: CommandExit | null = null;
  let stopped = false;
  let ending: Ending = 'cancelled';
  try {
    const remaining = (): number => Math.max(0, expect.within - (performance.now() - started));
    ending = await waitForEnd(receiver, command, expect.count, expect.within, env.signal);
    if (ending === 'exited') await settle(receiver, expect.count, Math.min(SETTLE_MS, remaining()));
    // A command that sent its last request is usually about to exit: let it, so its exit code counts.
    if (ending === 'count') {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([command.exited, new Promise((resolve) => (timer = setTimeout(resolve, Math.min(EXIT_GRACE_MS, remaining()))))]);
      clearTimeout(timer);
    }
    if (command.done) exit = await command.exited;
    else {
      stopped = true;
      await command.stop();
    }
  } finally {
    // Also reaps anything the command left running in the background.
    await command.stop();
    await receiver.close();
  }
  const records = receiver.requests.map(inContractWords);
  // A cancelled check has no verdict on counts or the command: it was cut short.
  const problems = ending === 'cancelled' ? ['cancelled'] : [...commandProblems(exit, stopped, ending, expect.count, records.length, expect.within), ...requestProblems(records, listen)];
  const report: CheckCommand = { line, exit, stopped, output: command.output() };
  const ended = exit ? (exit.error ? 'command could not start' : exit.code !== null ? `command exited ${exit.code}` : `command ended by ${exit.signal}`) : 'command stopped';
  const error = ending === 'cancelled' ? 'cancelled' : commandNotRun(exit);
  return {
    ok: problems.length === 0,
    summary: `${counted(records.length, 'request')} arrived${kindsText(receiver.summary())}, ${ended}`,
    problems,
    ...(error === undefined ? {} : { error }),
    requests: records.map(toCheckRequest),
    command: report,
  };
}

/**
 * {url}, {host} and {port} in the command line, from the running receiver. `${port}` is the shell's
 * variable, left to it, as the near-miss warning (contract.ts) leaves it.
 */
export function fillPlaceholders(run: string, receiver: { url: string; host: string; port: number }): string {
  const values: Record<string, string> = { url: receiver.url, host: receiver.host, port: String(receiver.port) };
  return run.replace(/(?<!\$)\{(url|host|port)\}/g, (_, name: string) => values[name] ?? '');
}

async function waitForEnd(receiver: Receiver, command: RunningCommand, count: number | undefined, withinMs: number, signal: AbortSignal | undefined): Promise<Ending> {
  const cleanups: (() => void)[] = [];
  const racers: Promise<Ending>[] = [
    command.exited.then(() => 'exited' as const),
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve('deadline'), withinMs);
      cleanups.push(() => clearTimeout(timer));
    }),
  ];
  // The count ends the check at once: a sender that keeps running (a service) is stopped then.
  if (count !== undefined) racers.push(receiver.waitFor(count).then(() => 'count' as const, () => 'deadline' as const));
  if (signal) {
    racers.push(
      new Promise((resolve) => {
        if (signal.aborted) return resolve('cancelled');
        const onAbort = (): void => resolve('cancelled');
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }),
    );
  }
  try {
    return await Promise.race(racers);
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

async function settle(receiver: Receiver, count: number | undefined, ms: number): Promise<void> {
  if (ms <= 0 || (count !== undefined && receiver.count >= count)) return;
  await (count === undefined ? sleep(ms) : receiver.waitFor(count, { timeoutMs: ms }).catch(() => undefined));
}

// What POSIX shells exit with when the command is not found (127) or not executable (126).
const SHELL_COULD_NOT_RUN: Readonly<Record<number, string>> = { 126: 'the shell could not execute it', 127: 'the shell could not find it' };

/** Why the command never ran as a sender (JUnit's <error>, not a sender that sent wrongly), or undefined. */
function commandNotRun(exit: CommandExit | null): string | undefined {
  if (exit?.error) return `command could not start: ${exit.error}`;
  const shell = exit?.code == null ? undefined : SHELL_COULD_NOT_RUN[exit.code];
  return shell === undefined ? undefined : `command exited with code ${exit?.code}: ${shell}`;
}

function commandProblems(exit: CommandExit | null, stopped: boolean, ending: Ending, count: number | undefined, arrived: number, withinMs: number): string[] {
  const within = formatDuration(withinMs);
  const when = ending === 'exited' ? 'before the command ended' : `within ${within}`;
  const problems: string[] = [];
  if (exit?.error) problems.push(`command could not start: ${exit.error}`);
  else if (exit && exit.code !== 0) problems.push(exit.code === null ? `command was ended by ${exit.signal}` : `command exited with code ${exit.code}`);
  if (count !== undefined && arrived < count) problems.push(`${arrived} of ${counted(count, 'request')} arrived ${when}`);
  if (count === undefined && stopped && ending === 'deadline') problems.push(`command did not finish within ${within} (stopped)`);
  if (count === undefined && arrived === 0) problems.push(`no request arrived ${when}`);
  return problems;
}

function requestProblems(records: readonly CaptureRecord[], listen: ListenCheck): string[] {
  const expect = listen.expect;
  const groups: string[][] = [[], [], [], []];
  for (const record of records) {
    const id = `request #${record.seq ?? '?'} (${record.method} ${cutText(record.path)})`;
    const shape = record.shape ? ` (${cutText(shapeText(record.shape))})` : '';
    if (expect.kind !== undefined && record.kind !== expect.kind) groups[0]?.push(`${id}: ${record.kind ? `a payload of kind ${record.kind}` : `of no known kind${shape}`}, expected ${expect.kind}`);
    const [first, ...rest] = record.issues;
    // A request no kind claims has no issues of its own: say what it looked like (whk check keeps
    // no capture to look in), once, when the kind mismatch above has not said it already.
    if (expect.payloads === 'valid' && !record.valid && first) {
      groups[1]?.push(`${id}: invalid: ${shownIssue(first.path, first.message, ': ')}${rest.length ? ` (and ${rest.length} more issue${rest.length === 1 ? '' : 's'})` : ''}`);
    } else if (expect.payloads === 'valid' && !record.valid && expect.kind === undefined) {
      groups[1]?.push(`${id}: not a valid payload: no known kind claims it${shape}`);
    }
    // A secret was given, yet no scheme applied (a kind that does not sign, no known signature header).
    if (listen.secret !== undefined && record.signature == null) groups[3]?.push(`${id}: its signature was not checked: ${record.kind ? `${record.kind} deliveries are not signed` : 'no known kind or signature header'}, yet 'listen.secret' was given`);
    const gzipped = encodingHasGzip(record.encoding);
    if (expect.gzip !== undefined && gzipped !== expect.gzip) groups[2]?.push(`${id}: body is ${gzipped ? '' : 'not '}gzipped (${cutText(record.encoding)}), expected ${expect.gzip ? 'gzip' : 'no gzip'}`);
  }
  return groups.flatMap((group) => (group.length > MAX_LISTED ? [...group.slice(0, MAX_LISTED), `… and ${group.length - MAX_LISTED} more like it`] : group));
}

/** What arrived, from the receiver's own tally. */
function kindsText(summary: ReceiverSummary): string {
  if (summary.requests === 0) return '';
  const kinds = Object.entries(summary.kinds).map(([kind, n]) => `${kind} ×${n}`);
  return ` (${kinds.join(', ')}; ${summary.valid} valid${summary.gzip ? `, ${summary.gzip} gzipped` : ''})`;
}

/** A record whose issues name the receiver's options as the contract does ('listen.secret'). */
function inContractWords(record: CaptureRecord): CaptureRecord {
  if (!record.issues.some((issue) => issue.message.includes('`'))) return record;
  return { ...record, issues: record.issues.map((issue) => ({ ...issue, message: renameFields(issue.message, contractField) })) };
}

function toCheckRequest(record: CaptureRecord): CheckRequest {
  return { seq: record.seq ?? 0, method: record.method, path: record.path, kind: record.kind, valid: record.valid, encoding: record.encoding, issues: record.issues };
}
