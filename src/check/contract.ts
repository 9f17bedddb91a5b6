// The contract file of `whk check`: its zod schema, and loading it with one-line errors that name
// the JSON path of the first problem. A contract lists checks, run in order, each a test case.
import { resolve } from 'node:path';
import type { z } from 'zod';
import { InputError, UsageError } from '../errors.js';
import { secretFromEnv } from '../util/secrets.js';
import { findKind, listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { isSuccess, SUCCESS_RULE_TEXT } from '../delivery/policy.js';
import { formatPath, type PathSegment } from '../util/json-path.js';
import { duration, ValueProblem, type Check as ValueCheck } from '../util/checks.js';
import { describeValue } from '../util/describe-value.js';
import { lazySchema, lazySchemaPer, type Built } from '../util/zod.js';
import { closest, suggestionHint } from '../util/suggest.js';
import { firstProblems, toIssues } from '../validate/issues.js';
import { notJsonFile, parseJsonLenient } from '../util/json.js';
import { readInputText } from '../util/read-input.js';
import { duplicateKeys } from '../util/json-duplicate-keys.js';
import { isEveryInterface } from '../util/hosts.js';
import { sentHeaderProblem } from '../util/sendable-header.js';
import { receiverSendProblem, secretProblemOf } from './receiver-requests.js';
import { groupDigits } from '../util/units.js';

// The help of whk check describes every field of the contract; the README only shows examples of it
// (the API shares this module, so the words name the command, not a flag).
const CONTRACT_HELP = "see the contract format in whk check's help (whk help check)";

// A user's own sender command: its flags are its own, not whk's (test/unit/core-no-flags.test.ts).
const SENDER_EXAMPLE = 'e.g. "npm run emit -- --target {url}"';

/** The fields checks share. Each schema of the contract is built on first use (util/zod.ts). */
const fieldSchemas = lazySchema((z) => {
  // Neither a string nor a number: said as both (zod's own words named the string alone).
  const neither = (issue: { input?: unknown }): string | undefined => (issue.input === undefined ? undefined : `expected a duration: a string with its unit ('30s') or a number of milliseconds, got ${describeValue(issue.input)}`);
  const checked = <T>(check: ValueCheck<T>): z.ZodType<T> =>
    z.union([z.string({ error: neither }), z.number({ error: neither })]).transform((value, ctx) => {
      try {
        return check(value);
      } catch (error) {
        if (!(error instanceof ValueProblem)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    }) as unknown as z.ZodType<T>;
  // Durations are checked as the flags' are: milliseconds as a number, or a string with its unit.
  const timeout = checked(duration());
  const wait = checked(duration({ allowZero: true }));

  const status = z.number().int().min(100).max(599);
  const kindId = z.string().superRefine((id, ctx) => {
    if (findKind(id)) return;
    const known = listKinds().map((k) => k.id);
    ctx.addIssue({ code: 'custom', message: `unknown kind '${id}' (${suggestionHint(id, known, `known: ${known.join(', ')}`)})` });
  });
  const httpUrl = z.string().superRefine((raw, ctx) => {
    if (!URL.canParse(raw) || !['http:', 'https:'].includes(new URL(raw).protocol)) ctx.addIssue({ code: 'custom', message: `not an http(s) URL: '${raw}'` });
  });
  return { timeout, wait, status, kindId, httpUrl };
});

/** The environment a contract's `secretEnv` is read from: check()'s `env`, or the CLI's. */
export type ContractEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * Why a check's `secretEnv` cannot give its secret: `secret` given too, or the variable unset or
 * empty (its value is never said). Read when the contract is, as `--secret-env` is when whk starts.
 */
function secretEnvProblem(check: { secret?: string | undefined; secretEnv?: string | undefined }, env: ContractEnvironment): { code: 'custom'; path: PropertyKey[]; message: string } | undefined {
  const name = check.secretEnv;
  if (name === undefined) return undefined;
  if (check.secret !== undefined) return { code: 'custom', path: ['secretEnv'], message: "'secretEnv' names a variable holding the secret 'secret' gives: give one of the two" };
  try {
    secretFromEnv(name, env);
    return undefined;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { code: 'custom', path: ['secretEnv'], message: error.message };
  }
}

/** The field a problem of the secret is said at: the one the contract gave it by. */
function secretField(check: { secretEnv?: string | undefined }): 'secret' | 'secretEnv' {
  return check.secretEnv === undefined ? 'secret' : 'secretEnv';
}

/** The check with `secret` read from the variable `secretEnv` names, and `secretEnv` no more. */
function withSecretFromEnv<T extends { secret?: string | undefined; secretEnv?: string | undefined }>({ secretEnv, ...check }: T, env: ContractEnvironment): Omit<T, 'secretEnv'> {
  return secretEnv === undefined ? check : { ...check, secret: check.secret ?? env[secretEnv] };
}

const variantsNeither = (issue: { input?: unknown }): string => `expected "all" or a list of variant ids (see whk kinds), got ${describeValue(issue.input)}`;

/** Receiver contract: whk sends every variant (and duplicates) to the user's endpoint. */
const sendCheckSchema = lazySchemaPer((z, env: ContractEnvironment) => {
  const { timeout, wait, status, kindId, httpUrl } = fieldSchemas();
  const SendCheck = z
    .strictObject({
      kind: kindId,
      url: httpUrl,
      /** 'all' (default), or the variant ids to send. */
      // Either form named: zod's union named the literal alone ('expected one of "all"' for "some").
      variants: z
        .union([
          z.string({ error: variantsNeither }).refine((v) => v === 'all', { error: variantsNeither }).transform((): 'all' => 'all'),
          z.array(z.string({ error: (issue) => `expected a variant id (a string), got ${describeValue(issue.input)}` })).min(1),
        ])
        .default('all'),
      /** Re-send each delivery byte-identical, for kinds delivered at-least-once. Default true. */
      duplicates: z.boolean().default(true),
      /** Send each event's lifecycle too (metaplane-incident: opened, then resolved). */
      lifecycle: z.boolean().default(false),
      /** Seed of the payloads. Default 1, so a contract sends the same bytes every run. */
      seed: z.number().int().nonnegative().default(1),
      headers: z.record(z.string(), z.string()).optional(),
      secret: z.string().min(1).optional(),
      /** The environment variable holding `secret`, so the contract file need not. */
      secretEnv: z.string().min(1).optional(),
      auth: z.strictObject({ scheme: z.enum(['basic', 'bearer']), token: z.string().min(1) }).optional(),
      gzip: z.enum(['auto', 'always', 'never']).default('auto'),
      retries: z.number().int().nonnegative().optional(),
      retryDelay: wait.optional(),
      timeout: timeout.optional(),
      expect: z
        .strictObject({
          /** Each delivery is accepted by the kind's success rule; default true, or what `status` means under it (see expectsDelivered). */
          delivered: z.boolean().optional(),
          /** Each delivery's last answer has this status. */
          status: status.optional(),
        })
        .default({}),
    })
    .superRefine((input, ctx) => {
      const kind = findKind(input.kind);
      if (!kind) return;
      let issues = 0;
      const add = (issue: { code: 'custom'; path?: PropertyKey[]; message: string }): void => {
        issues++;
        ctx.addIssue(issue);
      };
      const secretProblem = secretEnvProblem(input, env);
      if (secretProblem) add(secretProblem);
      const check = withSecretFromEnv(input, env);
      if (check.variants !== 'all') {
        check.variants.forEach((variant, i) => {
          const known = kind.variants.map((v) => v.id);
          // Twice is one variant sent twice: the summary counted it as two variants.
          if (check.variants.indexOf(variant) !== i) add({ code: 'custom', path: ['variants', i], message: `'${variant}' is listed twice` });
          else if (!known.includes(variant)) {
            add({ code: 'custom', path: ['variants', i], message: `${kind.id} has no variant '${variant}' (${suggestionHint(variant, known, `variants: ${known.join(', ')}`)})` });
          }
        });
      }
      const given = new Map<string, string>();
      for (const [name, value] of Object.entries(check.headers ?? {})) {
        // Refused now, as --header is: undici refuses it at every delivery, retried as the receiver's fault.
        const problem = sentHeaderProblem(name, value);
        if (problem) add({ code: 'custom', path: ['headers', name], message: problem.problem });
        // One field of a name goes out, whatever its case: the other was dropped without a word.
        const first = given.get(name.toLowerCase());
        if (first !== undefined) add({ code: 'custom', path: ['headers', name], message: `${name} given twice: "${first}" and "${name}" are one header; give it once, its values joined by ', ' where the header takes a list` });
        given.set(name.toLowerCase(), name);
      }
      if (check.secret !== undefined && !kind.delivery.signature) add({ code: 'custom', path: [secretField(input)], message: `${kind.id} deliveries are not signed` });
      if (check.auth && !kind.delivery.auth.includes(check.auth.scheme)) add({ code: 'custom', path: ['auth'], message: `${kind.id} does not send ${check.auth.scheme} auth` });
      if (check.lifecycle && !kind.lifecycle) add({ code: 'custom', path: ['lifecycle'], message: `${kind.id} has no lifecycle` });
      const { delivered, status: expected } = check.expect;
      // A status and a `delivered` that the kind's rule makes contradict can never pass: say so now.
      if (expected !== undefined && delivered !== undefined && delivered !== isSuccess(kind.delivery.success, expected)) {
        const means = delivered ? `is not accepted by ${kind.id}'s rule (${SUCCESS_RULE_TEXT[kind.delivery.success]})` : `is accepted by ${kind.id}'s rule (${SUCCESS_RULE_TEXT[kind.delivery.success]})`;
        add({ code: 'custom', path: ['expect', 'status'], message: `status ${expected} ${means}, so "delivered": ${delivered} can never hold with it; leave "delivered" out` });
      }
      // What the delivery core would refuse at send time, once the fields are right one by one.
      const refusal = issues === 0 ? receiverSendProblem(kind, check, variantsOf(kind, check), check.variants !== 'all') : undefined;
      if (refusal) add({ code: 'custom', path: refusal.path[0] === 'secret' ? [secretField(input)] : refusal.path, message: refusal.message });
    })
    .transform((check) => withSecretFromEnv(check, env));
  return SendCheck;
});

/** Sender contract: whk listens, runs the user's command with {url}, and checks what arrived. */
const listenCheckSchema = lazySchemaPer((z, env: ContractEnvironment) => {
  const { timeout, status, kindId } = fieldSchemas();
  const ListenCheck = z.strictObject({
    port: z.number().int().min(0).max(65535).default(0),
    host: z.string().min(1).default('127.0.0.1'),
    /** The status to answer, or statuses in turn (the last repeats). Default 200. */
    respond: z.union([status, z.array(status).min(1)]).optional(),
    /** Verify the kind's signature header with this secret (travis-ci: its public key); a bad or missing one is invalid. */
    secret: z.string().min(1).optional(),
    /** The environment variable holding `secret`, so the contract file need not. */
    secretEnv: z.string().min(1).optional(),
    expect: z
      .strictObject({
        kind: kindId.optional(),
        /** At least this many requests; the check ends as soon as they have arrived. */
        count: z.number().int().min(1).optional(),
        /** How long the command and its requests may take. Default 30s. */
        within: timeout.default(30_000),
        /** 'valid' (default): every request is a valid payload of its kind; 'any': payloads are not checked. */
        payloads: z.enum(['valid', 'any']).default('valid'),
        /** true: every body is gzipped; false: none is. */
        gzip: z.boolean().optional(),
      })
      .default({ within: 30_000, payloads: 'valid' }),
  }).superRefine((input, ctx) => {
    const secretProblem = secretEnvProblem(input, env);
    if (secretProblem) return ctx.addIssue(secretProblem);
    const listen = withSecretFromEnv(input, env);
    // As for `send`: a secret for a kind that signs nothing would check nothing, and pass.
    const kind = listen.expect.kind === undefined ? undefined : findKind(listen.expect.kind);
    if (listen.secret !== undefined && kind && !kind.delivery.signature) ctx.addIssue({ code: 'custom', path: [secretField(input)], message: `${kind.id} deliveries are not signed, so '${secretField(input)}' would check nothing` });
    // One that cannot verify (travis-ci: no RSA key in PEM) made every request invalid, a sender failed for the contract's mistake.
    const unusable = listen.secret !== undefined && kind?.delivery.signature ? secretProblemOf(kind.delivery.signature.scheme, listen.secret, 'verify') : undefined;
    if (unusable !== undefined) ctx.addIssue({ code: 'custom', path: [secretField(input)], message: unusable });
  }).transform((listen) => withSecretFromEnv(listen, env));

  return ListenCheck;
});

const contractSchemas = lazySchemaPer((z, env: ContractEnvironment) => {
  const SendCheck = sendCheckSchema(env);
  const ListenCheck = listenCheckSchema(env);
  // Only white space passed min(1): a blank command ran nothing, failed as a sender that sent nothing; a blank name showed as none.
  const filled = (said: string) => z.string().min(1).refine((text) => text.trim() !== '', { error: `is only white space: ${said}` });
  const name = filled("give a name, or leave 'name' out for the one whk gives");
  const Check = z
    .strictObject({
      name: name.optional(),
      send: SendCheck.optional(),
      listen: ListenCheck.optional(),
      /** The command that sends; {url}, {host} and {port} are filled in. Run with a shell. */
      run: filled(`give the command that sends, ${SENDER_EXAMPLE}`).optional(),
    })
    .superRefine((check, ctx) => {
      if (check.send && (check.listen || check.run !== undefined)) {
        ctx.addIssue({ code: 'custom', message: "a check is either 'send' (a receiver contract) or 'listen' with 'run' (a sender contract), not both" });
      } else if (!check.send && !check.listen) {
        ctx.addIssue({ code: 'custom', message: "a check needs 'send' (a receiver contract) or 'listen' with 'run' (a sender contract)" });
      } else if (check.listen && check.run === undefined) {
        ctx.addIssue({ code: 'custom', path: ['run'], message: `a 'listen' check needs 'run': the command that sends, ${SENDER_EXAMPLE}` });
      }
    });

  const Contract = z.strictObject({
    name: name.optional(),
    checks: z.array(Check).min(1),
  });

  return { Contract, Check, SendCheck, ListenCheck };
});

type Schemas = Built<typeof contractSchemas>;

/**
 * Whether a receiver check expects its deliveries accepted: `delivered` when given, else what the
 * expected status means under the kind's rule (`"status": 401` alone expects them refused), else true.
 */
export function expectsDelivered(kind: Kind, expect: SendCheck['expect']): boolean {
  if (expect.delivered !== undefined) return expect.delivered;
  return expect.status === undefined || isSuccess(kind.delivery.success, expect.status);
}

export type Contract = z.infer<Schemas['Contract']>;
export type ContractCheck = z.infer<Schemas['Check']>;
export type SendCheck = z.infer<Schemas['SendCheck']>;
export type ListenCheck = z.infer<Schemas['ListenCheck']>;
/** The input form (defaults not yet applied), for code that builds contracts. */
export type ContractInput = z.input<Schemas['Contract']> | z.input<Schemas['Check']>[];

export interface ContractReading {
  /** How errors name the contract ("'webhooks.json'"); without it, 'contract'. */
  source?: string | undefined;
  /** Hears of deprecated fields, which are still read, and of other things accepted. */
  warn?: ((message: string) => void) | undefined;
  /** Where `secretEnv` is read from; default this process's environment. */
  env?: ContractEnvironment | undefined;
}

/**
 * The most checks a contract holds (whk's bound, far past a CI suite's tens): its report keeps each
 * check's result, a sender's with up to 16 kB of its command's output, so a million made a report
 * of gigabytes. Refused before a check is read, so such a contract costs no parse of its checks.
 */
export const MAX_CHECKS = 1000;

/** A contract from a parsed value: an object with `checks`, or a bare array of checks. */
export function parseContract(value: unknown, { source, warn = () => {}, env = process.env }: ContractReading = {}): Contract {
  // 'invalid contract 'webhooks.json': ...', or for a value (the API's check()) 'invalid contract: ...'.
  const named = source === undefined ? 'contract' : `contract ${source}`;
  const bare = Array.isArray(value);
  if (!bare && (typeof value !== 'object' || value === null)) {
    throw new InputError(`invalid ${named}: $: expected an object with "checks" (or an array of checks)`, CONTRACT_HELP, undefined, '$');
  }
  const checks: unknown = bare ? value : (value as { checks?: unknown }).checks;
  if (Array.isArray(checks) && checks.length > MAX_CHECKS) {
    const at = bare ? '$' : '$.checks';
    throw new InputError(`invalid ${named}: ${at}: ${groupDigits(checks.length)} checks, more than the ${groupDigits(MAX_CHECKS)} a contract may hold (whk's bound)`, 'split it into several contracts', undefined, at);
  }
  const warnAt = (path: PropertyKey[], message: string): void => warn(`${formatPath((bare ? path.slice(1) : path) as PathSegment[])}: ${message}`);
  const wrapped = renameDeprecated(bare ? { checks: value } : value, warnAt);
  const { Contract } = contractSchemas(env);
  const parsed = Contract.safeParse(wrapped);
  if (parsed.success) {
    warnMistypedPlaceholders(parsed.data, warnAt);
    parsed.data.checks.forEach((check, i) => {
      // As whk listen --host 0.0.0.0 warns: the contract's receiver takes requests from anyone while it runs.
      const host = check.listen?.host;
      if (host !== undefined && isEveryInterface(host)) warnAt(['checks', i, 'listen', 'host'], `'${host}' listens on every network interface: anyone who can reach this machine can send requests to it while the check runs ('127.0.0.1', the default, keeps it local)`);
    });
    return parsed.data;
  }
  const problems = firstProblems(parsed.error.issues).map((issue) => {
    // A bare array was wrapped as { checks }: its paths start at the array.
    const at = formatPath((bare ? issue.path.slice(1) : issue.path) as PathSegment[]);
    return { at, said: `${at}: ${toIssues([issue], [], Contract)[0]?.message ?? issue.message}` };
  });
  if (problems.length === 0) throw new InputError(`invalid ${named}`);
  // The error's `field` is the first problem's JSON path as the message writes it ('$.checks[0].send.url'):
  // a contract's fields are no option of check(), and the `$` tells the two apart.
  throw new InputError(`invalid ${named}: ${problems.map((problem) => problem.said).join('; ')}`, CONTRACT_HELP, undefined, problems[0]?.at);
}

const PLACEHOLDERS = ['url', 'host', 'port'];

/**
 * `{ulr}` or `{URL}` in a command is left as it is, and the sender then posts nowhere: warn with the
 * near placeholder. Braces near none (`{a,b}`, JSON, `${VAR}`) are the shell's and pass unremarked.
 */
function warnMistypedPlaceholders(contract: Contract, warn: (path: PropertyKey[], message: string) => void): void {
  contract.checks.forEach((check, i) => {
    for (const [, word = ''] of (check.run ?? '').matchAll(/(?<!\$)\{(\w+)\}/g)) {
      const near = PLACEHOLDERS.includes(word) ? undefined : closest(word, PLACEHOLDERS);
      if (near !== undefined) warn(['checks', i, 'run'], `'{${word}}' is not a placeholder and is left as it is (did you mean '{${near}}'?)`);
    }
  });
}

/**
 * Fields renamed since; the old name is read (and reported) unless the new one is given too. The
 * contract is copied where a field is renamed: an object passed to the API is never changed.
 */
function renameDeprecated(contract: unknown, warn: (path: PropertyKey[], message: string) => void): unknown {
  const checks = (contract as { checks?: unknown }).checks;
  if (!Array.isArray(checks)) return contract;
  let renamed = false;
  const copied = checks.map((check: unknown, i) => {
    const listen = (check as { listen?: { expect?: Record<string, unknown> } } | null)?.listen;
    const expect = listen?.expect;
    if (typeof expect !== 'object' || expect === null || !('valid' in expect) || 'payloads' in expect || typeof expect['valid'] !== 'boolean') return check;
    // `valid: false` read as "expect invalid payloads" but meant "do not check them".
    const { valid, ...rest } = expect;
    const payloads = valid ? 'valid' : 'any';
    warn(['checks', i, 'listen', 'expect', 'valid'], `'valid' is deprecated: it never meant "expect invalid"; write "payloads": "${payloads}" (${payloads === 'any' ? 'payloads are not checked' : 'every payload is valid, the default'})`);
    renamed = true;
    return { ...(check as object), listen: { ...listen, expect: { ...rest, payloads } } };
  });
  return renamed ? { ...(contract as object), checks: copied } : contract;
}

export interface LoadedContract {
  contract: Contract;
  /** Lenient JSON repairs (a trailing comma), one line each. */
  warnings: string[];
}

/**
 * `file` '-' reads `stdin` (the CLI's), as validate and map do; `env` is parseContract's. A relative
 * `file` is read from `cwd` when given (check()'s): a read failure names where it looked, other messages the file as given.
 */
export async function loadContract(file: string, { stdin, env, cwd }: { stdin?: NodeJS.ReadableStream | undefined; env?: ContractEnvironment | undefined; cwd?: string | undefined } = {}): Promise<LoadedContract> {
  const text = await readInputText(cwd === undefined ? file : resolve(cwd, file), 'contract', stdin);
  const name = file === '-' ? '<stdin>' : file;
  const parsed = parseJsonLenient(text);
  // An empty file gets what a contract is, as well as the one phrase for a file that is not JSON.
  if (!parsed.ok) throw new InputError(notJsonFile('contract', name, parsed), parsed.empty ? 'a contract is an object with "checks" (or an array of checks); ' + CONTRACT_HELP : undefined);
  const warnings = parsed.warnings.map((w) => `${name}:${w.line}: ${w.message}`);
  for (const twice of duplicateKeys(text)) warnings.push(`${name}:${twice.line}: ${JSON.stringify(twice.key)} is given twice in one object: the last one given is read`);
  const contract = parseContract(parsed.value, { source: `'${name}'`, warn: (message) => warnings.push(`${name}: ${message}`), env });
  return { contract, warnings };
}

/** The variants a receiver check sends, in the kind's order. */
export function variantsOf(kind: Kind, check: SendCheck): string[] {
  return check.variants === 'all' ? kind.variants.map((v) => v.id) : check.variants;
}
