// The option tables (src/options): each field is the key commander gives its flag, the schema made
// from a table parses commander's strings, and a core error naming a field is printed with the flag.
import { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { commandOptions, flagNamer, globalOptions } from '../../src/options/index.js';
import { TABLE_LOADERS } from '../../src/options/loaders.js';
import { parseOptions } from '../../src/options/schema.js';
import { longFlag, type OptionTable } from '../../src/options/spec.js';
import { send } from '../../src/api/send.js';
import type { AgreesWith } from '../../src/api/options.js';
import { runMain } from '../helpers/main.js';
import { MAX_RECORDS_PER_BATCH } from '../../src/kinds/sample.js';
import { thrownMessage } from '../helpers/thrown.js';
import { SCHEME_IDS, SCHEMES, type SchemeParams } from '../../src/signing/index.js';
import { schemeSettings } from '../../src/options/scheme-settings.js';

const SETTING_FIELDS = Object.keys(schemeSettings);

const tables: [string, OptionTable][] = [['global', globalOptions], ...Object.entries(commandOptions)];

/** What commander hands an action when no flag is given: the tables' defaults. */
const defaults = (table: OptionTable): Record<string, string> =>
  Object.fromEntries(Object.entries(table).flatMap(([field, spec]) => (spec.default === undefined ? [] : [[field, spec.default]])));

describe('option tables', () => {
  it('are each loaded, for the command that runs, as the very table the map holds (one loader per table)', async () => {
    expect(Object.keys(TABLE_LOADERS).sort()).toEqual(Object.keys(commandOptions).sort());
    for (const [name, load] of Object.entries(TABLE_LOADERS)) expect([name, await load()]).toEqual([name, commandOptions[name as keyof typeof commandOptions]]);
  });

  it.each(tables)('%s: every field is the attribute commander derives from its flag', (_name, table) => {
    for (const [field, spec] of Object.entries(table)) expect(new Option(spec.flags).attributeName()).toBe(field);
  });

  it('parses raw strings into typed values, with defaults, fallbacks and the global flags', () => {
    const options = parseOptions(commandOptions.listen, { port: '0', maxBody: '1kb', respond: '500,200', headerTimeout: '2s', idleTimeout: '30s', host: '::1', json: true });
    expect(options).toMatchObject({ port: 0, maxBody: 1024, respond: [500, 200], headerTimeout: 2000, host: '::1', json: true });
    expect(parseOptions(commandOptions.demo, {})).toMatchObject({ seed: 1, batchSize: 20 });
  });

  it("demo's --batch-size stops where a batch does (its own words, not the sample's --count)", () => {
    expect(commandOptions.demo.batchSize).toMatchObject({ max: MAX_RECORDS_PER_BATCH });
  });

  it('a bad value is a usage error naming the flag', () => {
    expect(() => parseOptions(commandOptions.send, { ...defaults(commandOptions.send), url: 'x', pauseErrorRate: '2' })).toThrow("invalid --pause-error-rate: expected a number from 0 to 1, got '2'");
    expect(() => parseOptions(commandOptions.listen, { ...defaults(commandOptions.listen), respond: '500,abc' })).toThrow(/^invalid --respond: expected HTTP statuses/);
  });

  it('refuses two conflicting flags given together; a default or an untouched --no-x is not given', () => {
    const validate = defaults(commandOptions.validate);
    expect(parseOptions(commandOptions.validate, { ...validate, json: true })).toMatchObject({ json: true, format: 'text' });
    expect(() => parseOptions(commandOptions.validate, { ...validate, json: true, format: 'junit' })).toThrow(expect.objectContaining({ message: '--format junit cannot be used with --json', exitCode: 2 }));
    // Two flags asking the same (`agreesWith`) do not conflict: --format json --json is JSON, asked twice.
    expect(parseOptions(commandOptions.validate, { ...validate, json: true, format: 'json' })).toMatchObject({ json: true, format: 'json' });
    expect(parseOptions(commandOptions.check, { ...defaults(commandOptions.check), json: true, format: 'json' })).toMatchObject({ json: true, format: 'json' });
    const send = { ...defaults(commandOptions.send), url: 'http://x' };
    expect(parseOptions(commandOptions.send, { ...send, retry: true, retries: '3' })).toMatchObject({ retries: 3 });
    expect(() => parseOptions(commandOptions.send, { ...send, retry: false, retries: '3' })).toThrow('--retries cannot be used with --no-retry');
    expect(parseOptions(commandOptions.send, { ...send, header: [], curl: true })).toMatchObject({ curl: true });
  });

  it.each(tables)('%s: every conflict names a field of the table or a global one', (_name, table) => {
    for (const spec of Object.values(table)) for (const field of spec.conflicts ?? []) expect({ ...globalOptions, ...table }).toHaveProperty([field]);
  });

  it('a required flag is checked by parseOptions, after commander has reported any unknown flag', () => {
    expect(() => parseOptions(commandOptions.replay, {})).toThrow("required option '--url <url>' not specified");
  });

  it('an empty value of a flag that needs one is refused in our words, not the validation library’s', () => {
    const empties = tables.flatMap(([, table]) => Object.values(table).flatMap((spec) => (spec.type === 'string' && spec.nonEmpty === true ? [longFlag(spec)] : [])));
    expect(empties).toEqual(expect.arrayContaining(['--save', '--host', '--name', '--url']));
    expect(() => parseOptions(commandOptions.listen, { ...defaults(commandOptions.listen), save: '' })).toThrow(new UsageError('invalid --save: the value may not be empty'));
    expect(() => parseOptions(commandOptions.listen, { ...defaults(commandOptions.listen), host: '' })).toThrow(/^invalid --host: the value may not be empty$/);
    expect(() => parseOptions(commandOptions.send, { ...defaults(commandOptions.send), url: 'x', authBasic: '' })).toThrow(/^invalid --auth-basic: the token may not be empty$/);
  });

  it('names a field by the running command’s flag first, then by any command’s', () => {
    const name = flagNamer(commandOptions.replay);
    expect(['url', 'keepPath', 'save', 'color', 'nope'].map(name)).toEqual(['--url', '--keep-path', '--save', '--no-color', undefined]);
  });

  it.each(tables)("%s: a flag its help text names is one it takes (another command's is named with it, 'whk listen --save')", (_name, table) => {
    const taken = new Set([...Object.values(table), ...Object.values(globalOptions as OptionTable)].map(longFlag));
    const foreign = Object.values(table).flatMap((spec) => [...spec.description.matchAll(/(whk [a-z-]+ )?(--[a-z][a-z-]*)/g)].filter(([, command, flag]) => command === undefined && !taken.has(flag ?? '')).map(([named]) => `${longFlag(spec)}: ${named}`));
    expect(foreign).toEqual([]);
  });

  it('a scheme setting names, in its help, only schemes that read it where its command gives it (verify and listen verify, replay signs without a SharedKey)', () => {
    const sides = { sign: 'sign', send: 'sign', verify: 'verify', listen: 'verify', replay: 'replay' } as const;
    const param = (field: string): keyof SchemeParams => (field === 'signatureHeader' ? 'header' : (field as keyof SchemeParams));
    const readers = (field: string, side: 'sign' | 'verify' | 'replay'): string[] =>
      SCHEMES.filter((scheme) => [...(scheme.params ?? []), ...(side === 'sign' ? (scheme.signParams ?? []) : [])].includes(param(field))).map((scheme) => scheme.id);
    const wrong = Object.entries(sides).flatMap(([command, side]) =>
      Object.entries(commandOptions[command as keyof typeof sides] as OptionTable)
        .filter(([field]) => [...SETTING_FIELDS, 'sharedKey'].includes(field))
        .flatMap(([field, spec]) => SCHEME_IDS.filter((id) => new RegExp(`\\b${id}\\b`).test(`${spec.description} ${spec.defaultHelp ?? ''}`) && !readers(field, side).includes(id)).map((id) => `${command} ${longFlag(spec)}: ${id}`)),
    );
    expect(wrong).toEqual([]);
    expect(commandOptions.verify.algorithm.description).toBe('hmac: the hash');
  });
});

describe('value checks (util/checks.ts), as the flags use them', () => {
  const parse = (table: OptionTable, given: Record<string, string>): unknown => parseOptions(table, { ...defaults(table), url: 'http://x', ...given });
  const refusal = (table: OptionTable, given: Record<string, string>): string => thrownMessage(() => parse(table, given), UsageError);

  it('an integer past the largest the flag takes is told that largest: a seed of 20 digits names 9007199254740991', () => {
    expect(refusal(commandOptions.sample, { seed: '99999999999999999999' })).toBe("invalid --seed: expected an integer from 0 to 9007199254740991, got '99999999999999999999'");
    expect(refusal(commandOptions.sample, { seed: '9007199254740992' })).toBe("invalid --seed: expected an integer from 0 to 9007199254740991, got '9007199254740992'");
    // Below the least, the least is what matters.
    expect(refusal(commandOptions.sample, { seed: '-1' })).toBe("invalid --seed: expected an integer ≥ 0, got '-1'");
    expect(parse(commandOptions.sample, { seed: '9007199254740991' })).toMatchObject({ seed: 9007199254740991 });
  });

  it('integers, statuses and rates are decimal digits only: no hex, binary, exponent or empty value', () => {
    for (const raw of ['0x10', '0b11', '1e3', '', '1.0', ' ']) expect(refusal(commandOptions.sample, { count: raw })).toBe(`invalid --count: expected an integer ≥ 1, got '${raw}'`);
    expect(refusal(commandOptions.listen, { port: '0x50' })).toBe("invalid --port: expected an integer from 0 to 65535, got '0x50'");
    expect(refusal(commandOptions.listen, { port: '' })).toBe("invalid --port: expected an integer from 0 to 65535, got ''");
    expect(refusal(commandOptions.listen, { status: '0x1f4' })).toBe("invalid --status: expected an HTTP status from 200 to 599, got '0x1f4'");
    expect(refusal(commandOptions.listen, { respond: '500,0x1f4' })).toMatch(/^invalid --respond: expected HTTP statuses/);
    // A 1xx is no final answer: sent as one, the sender waited for the answer that never came.
    expect(refusal(commandOptions.listen, { status: '100' })).toBe("invalid --status: expected an HTTP status from 200 to 599 (a 1xx is an interim response, not a final answer), got '100'");
    expect(refusal(commandOptions.listen, { respond: '500,101' })).toBe("invalid --respond: expected HTTP statuses from 200 to 599 separated by commas, e.g. 500,500,200 (a 1xx is an interim response, not a final answer); got '500,101'");
    expect(refusal(commandOptions.listen, { failRate: '' })).toBe("invalid --fail-rate: expected a number from 0 to 1, got ''");
    expect(refusal(commandOptions.listen, { failRate: '1e-1' })).toBe("invalid --fail-rate: expected a number from 0 to 1, got '1e-1'");
    // Spaces around a value are ignored, as the wizard's prompts ignore them.
    expect(parse(commandOptions.sample, { count: ' 16 ' })).toMatchObject({ count: 16 });
    expect(parse(commandOptions.listen, { port: '80', failRate: '.5', respond: '500, 200' })).toMatchObject({ port: 80, failRate: 0.5, respond: [500, 200] });
  });

  it('a duration or size error names its flag, as an integer error does', () => {
    expect(refusal(commandOptions.replay, { timeout: '-1s' })).toBe("invalid --timeout: expected a duration like '300ms', '30s' or '2m', got '-1s'");
    expect(refusal(commandOptions.listen, { delay: '1e3' })).toBe("invalid --delay: expected a duration like '300ms', '30s' or '2m', got '1e3'");
    expect(refusal(commandOptions.verify, { tolerance: '1e3' })).toBe("invalid --tolerance: expected a duration like '300ms', '30s' or '2m', got '1e3'");
    expect(refusal(commandOptions.replay, { timeout: '999h' })).toBe("invalid --timeout: expected a duration of at most 596h (about 24 days), got '999h'");
    expect(refusal(commandOptions.replay, { timeout: '1constructor' })).toBe("invalid --timeout: expected a duration like '300ms', '30s' or '2m', got '1constructor'");
    expect(refusal(commandOptions.validate, { maxDocument: '10 s' })).toBe("invalid --max-document: expected a size like '512kb' or '10mb', got '10 s'");
    expect(refusal(commandOptions.validate, { maxDocument: '0kb' })).toBe("invalid --max-document: expected a size above 0, got '0kb'");
    expect(refusal(commandOptions.validate, { maxDocument: '0.0001kb' })).toBe("invalid --max-document: expected a size above 0, got '0.0001kb' (it rounds to 0 bytes)");
    expect(parse(commandOptions.replay, { timeout: '596h' })).toMatchObject({ timeout: 596 * 3_600_000 });
    expect(parse(commandOptions.validate, { maxDocument: '1024' })).toMatchObject({ maxDocument: 1024 });
  });

  it('a duration needs its unit: a bare number could be seconds or milliseconds', () => {
    expect(refusal(commandOptions.listen, { count: '1', timeout: '30' })).toBe("invalid --timeout: expected a duration with its unit, e.g. '30s' or '30ms', got '30'");
    expect(refusal(commandOptions.send, { retryDelay: '1.5' })).toBe("invalid --retry-delay: expected a duration with its unit, e.g. '1.5s' or '1.5ms', got '1.5'");
    expect(parse(commandOptions.listen, { timeout: '30s', delay: '1.5m', headerTimeout: '250MS' })).toMatchObject({ timeout: 30_000, delay: 90_000, headerTimeout: 250 });
  });

  it('a duration shorter than the millisecond timers count is refused with that bound, not as if it were 0', () => {
    expect(refusal(commandOptions.replay, { url: 'http://127.0.0.1:1', timeout: '0.1ms' })).toBe("invalid --timeout: expected a duration of at least 1ms (whk counts whole milliseconds), got '0.1ms'");
    expect(refusal(commandOptions.send, { retryDelay: '0.4ms' })).toBe("invalid --retry-delay: expected a duration of at least 1ms (whk counts whole milliseconds), got '0.4ms'");
    expect(parse(commandOptions.replay, { url: 'http://127.0.0.1:1', timeout: '0.5ms' })).toMatchObject({ timeout: 1 });
  });

  it('zero is refused where nothing could happen within it (timeouts, windows) and taken where it means none (a delay)', () => {
    const zeroAllowed = tables.flatMap(([name, table]) => Object.entries(table).flatMap(([field, spec]) => (spec.type !== 'duration' ? [] : [[name, field, 'allowZero' in spec] as const])));
    expect(zeroAllowed.filter(([, , allowed]) => allowed).map(([name, field]) => `${name}.${field}`).sort()).toEqual(
      ['listen.delay', 'listen.tolerance', 'send.drainTimeout', 'send.retryDelay', 'verify.tolerance'].sort(),
    );
    for (const [name, field, allowed] of zeroAllowed) {
      const table = commandOptions[name as keyof typeof commandOptions];
      if (allowed) expect(parse(table, { [field]: '0' })).toMatchObject({ [field]: 0 });
      else expect(refusal(table, { [field]: '0' })).toMatch(/^invalid --[a-z-]+: expected a duration above 0, got '0'$/);
    }
  });
});

describe('one flag, one syntax: a flag several commands take, or a time in any unit, is written the same everywhere', () => {
  it('a flag several commands take parses the same type of value in each', () => {
    // --index: replay takes a list of records, the others one (a number is a list too); listen's --secret repeats, one per --verify.
    const MAY_DIFFER = new Set(['--index', '--secret', '--secret-env']);
    const types = new Map<string, Set<string>>();
    for (const [, table] of tables) for (const spec of Object.values(table)) types.set(longFlag(spec), (types.get(longFlag(spec)) ?? new Set()).add(spec.type));
    expect([...types].filter(([flag, seen]) => seen.size > 1 && !MAY_DIFFER.has(flag)).map(([flag, seen]) => `${flag}: ${[...seen].join(', ')}`)).toEqual([]);
  });

  it('every flag that takes a time takes a duration with its unit, as --timeout does (listen --retry-after took only a bare number)', () => {
    const timed = tables.flatMap(([command, table]) => Object.entries(table).filter(([, spec]) => /<(duration|seconds)>/.test(spec.flags)).map(([field, spec]) => [command, field, spec] as const));
    expect(timed.length).toBeGreaterThan(15);
    const refused = timed.filter(([, field, spec]) => {
      try {
        parseOptions({ [field]: spec }, { [field]: '2m' });
        return false;
      } catch {
        return true;
      }
    });
    expect(refused.map(([command, , spec]) => `${command} ${longFlag(spec)}`)).toEqual([]);
  });

  it("listen --retry-after: whole seconds, the header's unit, as a number or a duration; a part of a second is refused", () => {
    const retryAfter = (value: string): unknown => parseOptions(commandOptions.listen, { ...defaults(commandOptions.listen), retryAfter: value }).retryAfter;
    expect([retryAfter('5'), retryAfter('5s'), retryAfter('2m'), retryAfter('0')]).toEqual([5, 5, 120, 0]);
    for (const bad of ['1.5s', '500ms', 'soon', '-1']) expect(thrownMessage(() => retryAfter(bad), UsageError), bad).toMatch(/^invalid --retry-after: expected /);
    expect(thrownMessage(() => retryAfter('1.5s'), UsageError)).toBe("invalid --retry-after: expected whole seconds, as a number (5) or a duration (5s, 2m), got '1.5s'");
  });
});

describe('fields in the core, flags on the terminal', () => {
  it('the API names the field, with the field in `error.field`', async () => {
    const error = await send('metric-alert', { url: 'ftp://x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ field: 'url', message: "invalid `url` 'ftp://x': only http and https are supported" });
  });

  it('renameFields renders every field of the message and the hint, leaving unknown ones', () => {
    const error = new UsageError('`maxBody` and `nope` disagree', 'try `port` 0');
    error.renameFields(flagNamer(commandOptions.listen));
    expect([error.message, error.hint, error.field]).toEqual(['--max-body and `nope` disagree', 'try --port 0', 'maxBody']);
  });

  it('the CLI prints the same error with the flag', async () => {
    const result = await runMain(['send', 'metric-alert', '--url', 'ftp://x']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe("error: invalid --url 'ftp://x': only http and https are supported");
  });
});

describe('the API option types agree with the tables (AgreesWith, checked by npm run typecheck)', () => {
  it('accepts a bag that agrees and refuses one that drifts (were it always true, the directives below would be unused: a compile error)', () => {
    true satisfies AgreesWith<{ retries?: number; timeout?: number | string; url: string; signal?: AbortSignal }, typeof commandOptions.replay>;
    // @ts-expect-error: the flag parses to a number, the API field takes only strings
    true satisfies AgreesWith<{ retries?: string }, typeof commandOptions.replay>;
    // @ts-expect-error: a choice field narrower than the flag's choices
    true satisfies AgreesWith<{ gzip?: 'never' }, typeof commandOptions.send>;
    expect(commandOptions.replay.retries.type).toBe('int');
  });
});
