// The option tables (src/options): each field is the key commander gives its flag, the schema made
// from a table parses commander's strings, and a core error naming a field is printed with the flag.
import { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { commandOptions, flagNamer, globalOptions } from '../../src/options/index.js';
import { parseOptions } from '../../src/options/schema.js';
import type { OptionTable } from '../../src/options/spec.js';
import { send } from '../../src/api/send.js';
import type { AgreesWith } from '../../src/api/options.js';
import { runMain } from '../helpers/main.js';

const tables: [string, OptionTable][] = [['global', globalOptions], ...Object.entries(commandOptions)];

/** What commander hands an action when no flag is given: the tables' defaults. */
const defaults = (table: OptionTable): Record<string, string> =>
  Object.fromEntries(Object.entries(table).flatMap(([field, spec]) => (spec.default === undefined ? [] : [[field, spec.default]])));

describe('option tables', () => {
  it.each(tables)('%s: every field is the attribute commander derives from its flag', (_name, table) => {
    for (const [field, spec] of Object.entries(table)) expect(new Option(spec.flags).attributeName()).toBe(field);
  });

  it('parses raw strings into typed values, with defaults, fallbacks and the global flags', () => {
    const options = parseOptions(commandOptions.listen, { port: '0', maxBody: '1kb', respond: '500,200', headerTimeout: '2s', idleTimeout: '30s', host: '::1', json: true });
    expect(options).toMatchObject({ port: 0, maxBody: 1024, respond: [500, 200], headerTimeout: 2000, host: '::1', json: true });
    expect(parseOptions(commandOptions.demo, {})).toMatchObject({ seed: 1, batchSize: 20 });
  });

  it('a bad value is a usage error naming the flag', () => {
    expect(() => parseOptions(commandOptions.send, { ...defaults(commandOptions.send), url: 'x', pauseErrorRate: '2' })).toThrow("invalid --pause-error-rate: expected a number from 0 to 1, got '2'");
    expect(() => parseOptions(commandOptions.listen, { ...defaults(commandOptions.listen), respond: '500,abc' })).toThrow(/^invalid --respond: expected HTTP statuses/);
  });

  it('refuses two conflicting flags given together; a default or an untouched --no-x is not given', () => {
    const validate = defaults(commandOptions.validate);
    expect(parseOptions(commandOptions.validate, { ...validate, json: true })).toMatchObject({ json: true, format: 'text' });
    expect(() => parseOptions(commandOptions.validate, { ...validate, json: true, format: 'junit' })).toThrow(expect.objectContaining({ message: '--format junit cannot be used with --json', exitCode: 2 }));
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

  it('names a field by the running command’s flag first, then by any command’s', () => {
    const name = flagNamer(commandOptions.replay);
    expect(['url', 'keepPath', 'save', 'color', 'nope'].map(name)).toEqual(['--url', '--keep-path', '--save', '--no-color', undefined]);
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
