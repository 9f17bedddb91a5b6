// The README's rule for the API, held by every function: a bad option (a value of the wrong type, or
// one the command line refuses) throws a UsageError whose message is one line naming the field;
// never a TypeError from deep inside, and never a silent default.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, kinds, listen, replay, sample, send, stream, UsageError, validate } from 'whk';
import { z } from 'zod';
import { closedAfterEach } from '../helpers/server.js';
import { runCli } from '../helpers/cli.js';

const started = closedAfterEach((options: Parameters<typeof listen>[0] = {}) => listen(options));

/** Calls a function as untyped JavaScript would (any arguments) and returns the UsageError's message. */
async function refusal(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UsageError');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arguments a JavaScript caller may pass
type Loose = any;

/** Runs `work` and returns the unhandled rejections seen by its end and one turn after (each would end a process). */
async function unhandledDuring(work: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const collect = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', collect);
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    process.off('unhandledRejection', collect);
  }
  return unhandled;
}
const url = 'http://127.0.0.1:1/hook';

describe('API arguments of the wrong type are UsageErrors naming the field', () => {
  it.each<[string, () => unknown, string]>([
    ['sample kind', () => sample(5 as Loose), 'invalid `kind`: expected a string, got 5'],
    ['sample options', () => sample('metric-alert', null as Loose), 'sample(): the options must be an object, got null'],
    ['sample set', () => sample('metric-alert', { set: 'a=1' as Loose }), "invalid `set`: expected an array of strings, got 'a=1'"],
    ['validate kind', () => validate({}, { kind: 5 as Loose }), 'invalid `kind`: expected a string, got 5'],
    ['send kind', () => send(5 as Loose, { url }), 'invalid `kind`: expected a string, got 5'],
    ['send url', () => send('metric-alert', { url: new URL(url) as Loose }), 'invalid `url`: expected a string, got a URL'],
    ['send body', () => send('metric-alert', { url, body: 5 as Loose }), 'invalid `body`: expected a string or a Uint8Array, got 5'],
    ['send body of an ArrayBuffer', () => send('metric-alert', { url, body: new ArrayBuffer(3) as Loose }), 'invalid `body`: expected a string or a Uint8Array, got an ArrayBuffer'],
    ['send gzip', () => send('metric-alert', { url, gzip: 'yes' as Loose }), "invalid `gzip`: expected one of 'auto', 'always', 'never', got 'yes'"],
    ['send signal', () => send('metric-alert', { url, signal: 'x' as Loose }), "invalid `signal`: expected an AbortSignal, got 'x'"],
    ['send dispatcher', () => send('metric-alert', { url, dispatcher: {} as Loose }), 'invalid `dispatcher`: expected an undici Dispatcher, got an object'],
    ['send set', () => send('metric-alert', { url, set: [5] as Loose }), 'invalid `set`: expected an array of strings, got [5]'],
    ['listen options', () => listen(null as Loose), 'listen(): the options must be an object, got null'],
    ['listen host', () => listen({ host: 5 as Loose }), 'invalid `host`: expected a non-empty string, got 5'],
    ['listen respond', () => listen({ respond: '500' as Loose }), "invalid `respond`: expected a number or an array of numbers, got '500'"],
    ['listen verify', () => listen({ verify: 5 as Loose }), 'invalid `verify`: expected a string or an array of strings, got 5'],
    ['listen onRequest', () => listen({ onRequest: 'x' as Loose }), "invalid `onRequest`: expected a function, got 'x'"],
    ['check cwd', () => check([], { cwd: 5 as Loose }), 'invalid `cwd`: expected a non-empty string, got 5'],
    ['replay file', () => replay(5 as Loose, { url }), 'invalid `file`: expected a non-empty string, got 5'],
    ['replay path', () => replay('x.ndjson', { url, path: 5 as Loose }), 'invalid `path`: expected a non-empty string, got 5'],
    // A required argument left out is refused as a wrong one is (it was a TypeError from the kind lookup or fs).
    ['sample no kind', () => (sample as Loose)(), 'invalid `kind`: expected a string, got undefined'],
    ['send no kind', () => send(undefined as Loose, { url }), 'invalid `kind`: expected a string, got undefined'],
    ['stream no kind', () => stream(undefined as Loose, { url, rate: 1, total: 1 }), 'invalid `kind`: expected a string, got undefined'],
    ['replay no file', () => replay(undefined as Loose, { url }), 'invalid `file`: expected a non-empty string, got undefined'],
    ['send auth without scheme', () => send('hertzbeat-alarm', { url, auth: { token: 't' } as Loose }), "invalid `auth.scheme`: expected one of 'basic', 'bearer', got undefined"],
  ])('%s', async (_name, call, message) => {
    expect(await refusal(call)).toBe(message);
  });
});

describe('a choice field the CLI refuses is refused in its words, field named, did-you-mean and all', () => {
  // One check for the flag and the field (util/checks.ts choice): a misspelt value got the CLI's
  // "did you mean 'always'?" on the command line and no hint from the API.
  it.each<[string, () => unknown, string[]]>([
    ['send gzip', () => send('metric-alert', { url, gzip: 'alway' as Loose }), ['send', 'metric-alert', '--url', url, '--gzip', 'alway']],
    ['send duplicateId', () => send('metaplane-incident', { url, duplicates: 1, duplicateId: 'nwe' as Loose }), ['send', 'metaplane-incident', '--url', url, '--duplicates', '1', '--duplicate-id', 'nwe']],
    ['send algorithm', () => send('metric-alert', { url, sign: 'hmac', secret: 's', algorithm: 'sha265' as Loose }), ['send', 'metric-alert', '--url', url, '--sign', 'hmac', '--secret', 's', '--algorithm', 'sha265']],
    ['stream gzip', () => stream('impressions', { url, rate: 1, total: 1, gzip: 'nevr' as Loose }), ['send', 'impressions', '--url', url, '--rate', '1', '--total', '1', '--gzip', 'nevr']],
    ['listen encoding', () => listen({ verify: ['hmac'], secret: 's', encoding: 'base46' as Loose }), ['listen', '--verify', 'hmac', '--secret', 's', '--encoding', 'base46']],
    ['replay encoding', () => replay('x.ndjson', { url, sign: 'hmac', secret: 's', encoding: 'hx' as Loose }), ['replay', 'x.ndjson', '--url', url, '--sign', 'hmac', '--secret', 's', '--encoding', 'hx']],
    ['send gzip far off', () => send('metric-alert', { url, gzip: 'sometimes' as Loose }), ['send', 'metric-alert', '--url', url, '--gzip', 'sometimes']],
  ])('%s', async (_name, call, args) => {
    const cli = await runCli(args);
    expect(cli.code).toBe(2);
    const [line, hint] = cli.stderr.trim().split('\n').map((text) => text.trim());
    const flag = /^error: invalid (--[a-z-]+): /.exec(line ?? '')?.[1] as string;
    const field = flag.slice(2).replace(/-([a-z])/g, (_all, letter: string) => letter.toUpperCase());
    await expect(Promise.resolve().then(call)).rejects.toMatchObject({
      name: 'UsageError',
      field,
      message: (line as string).replace(/^error: /, '').replace(flag, `\`${field}\``),
      hint: hint?.startsWith('did you mean') ? hint : undefined,
    });
  });

  it("stream's `pause`, which takes true or false too, says so and gives the CLI's did-you-mean (`of` is `off` cut short)", async () => {
    const cli = await runCli(['send', 'impressions', '--url', url, '--rate', '1', '--total', '1', '--pause', 'of']);
    expect([cli.code, cli.stderr]).toEqual([2, "error: invalid --pause: expected one of 'on', 'off', got 'of'\n  did you mean 'off'?\n"]);
    await expect(stream('impressions', { url, rate: 1, total: 1, pause: 'of' as Loose })).rejects.toMatchObject({
      name: 'UsageError',
      message: "invalid `pause`: expected 'on', 'off', true or false, got 'of'",
      hint: "did you mean 'off'?",
    });
  });
});

describe("listen()'s `retryAfter` takes what --retry-after takes", () => {
  it("a duration in whole seconds ('30s', '2m') as well as a number, and refuses what the CLI refuses in its words", async () => {
    for (const [given, header] of [['30s', '30'], ['2m', '120'], ['5', '5'], [7, '7']] as const) {
      const listener = await started({ respond: 503, retryAfter: given });
      const answer = await fetch(listener.url, { method: 'POST', body: '{}' });
      expect([given, answer.status, answer.headers.get('retry-after')]).toEqual([given, 503, header]);
    }
    for (const bad of ['1.5s', 'soon', '-1']) {
      const cli = await runCli(['listen', `--retry-after=${bad}`]);
      expect(cli.code).toBe(2);
      const line = cli.stderr.split('\n')[0] as string;
      expect(await refusal(() => listen({ retryAfter: bad }))).toBe(line.replace('error: ', '').replace('--retry-after', '`retryAfter`'));
    }
  });
});

describe('API options the command line refuses are refused, not taken silently', () => {
  // Ignored, a misspelt option or one only the CLI has (send's --rate streams) did nothing at all.
  it('an option the function does not take is refused by name, with the nearest it does take', async () => {
    expect(await refusal(() => send('impressions', { url, rate: '10/s' } as Loose))).toBe('send(): unknown option `rate`');
    expect(await refusal(() => listen({ prot: 3 } as Loose))).toBe('listen(): unknown option `prot`');
    await expect(listen({ prot: 3 } as Loose)).rejects.toMatchObject({ hint: expect.stringMatching(/^did you mean 'port'\?/) });
    // By the name another tool gives it, spelt as the function takes it.
    await expect(listen({ forward: url } as Loose)).rejects.toMatchObject({ hint: expect.stringMatching(/^did you mean 'forwardTo'\?/) });
    await expect(send('metric-alert', { to: url } as Loose)).rejects.toMatchObject({ hint: expect.stringMatching(/^did you mean 'url'\?/) });
    await expect(stream('impressions', { to: url, rate: '1/s' } as Loose)).rejects.toMatchObject({ hint: expect.stringMatching(/^did you mean 'url'\?/) });
    await expect(replay('captures.ndjson', { endpoint: url } as Loose)).rejects.toMatchObject({ hint: expect.stringMatching(/^did you mean 'url'\?/) });
    expect(await refusal(() => sample('metric-alert', { sed: 2 } as Loose))).toBe('sample(): unknown option `sed`');
  });

  // A did-you-mean read `count` as hmac's `content`: the option another function (or the CLI) has is named there.
  it("an option that is another function's gets a hint pointing there, not a near spelling", async () => {
    await expect(stream('impressions', { url, rate: '1/s', count: 3 } as Loose)).rejects.toMatchObject({ message: 'stream(): unknown option `count`', hint: expect.stringMatching(/^a stream stops after `total` events or after a `duration`/) });
    await expect(listen({ count: 1 } as Loose)).rejects.toMatchObject({ message: 'listen(): unknown option `count`', hint: expect.stringMatching(/^await listener\.waitFor\(n/) });
    await expect(listen({ timeout: '5s' } as Loose)).rejects.toMatchObject({ hint: expect.stringMatching(/^await listener\.waitFor\(n/) });
    await expect(send('metric-alert', { url, rate: '10/s' } as Loose)).rejects.toMatchObject({ hint: expect.stringMatching(/^stream\(kind/) });
  });

  it('sample: a count or seed that whk sample refuses', async () => {
    expect(await refusal(() => sample('impressions', { count: 0 }))).toBe("invalid `count`: expected an integer ≥ 1, got 0");
    expect(await refusal(() => sample('alertmanager', { count: 2 }))).toBe('`count` sizes a batch, and alertmanager sends one payload per request');
    expect(await refusal(() => sample('metric-alert', { seed: 1.5 }))).toBe("invalid `seed`: expected an integer ≥ 0, got 1.5");
    expect(sample('metric-alert', { seed: 3 })).toEqual(sample('metric-alert', { seed: 3 }));
  });

  it('send: a header that cannot go on the wire, retry false with retries, a payload JSON cannot hold', async () => {
    // In the words of --header, a contract and "x-whk"; a name with a line break stays on one line.
    expect(await refusal(() => send('metric-alert', { url, headers: { 'bad name': 'x' } }))).toBe('invalid `headers`: "bad name" is not a header name');
    expect(await refusal(() => send('metric-alert', { url, headers: { 'X-A\nB': 'x' } }))).toBe('invalid `headers`: "X-A\\nB" is not a header name');
    expect(await refusal(() => send('metric-alert', { url, headers: [['X-A\nB', 5]] as unknown as [string, string][] }))).toBe('invalid `headers`: the value of "X-A\\nB" is not a string');
    expect(await refusal(() => send('metric-alert', { url, headers: [['X-A', 'a\nb']] }))).toBe('invalid `headers`: the value of X-A holds a line break or NUL');
    expect(await refusal(() => send('metric-alert', { url, headers: { 'X-A': '5 €' } }))).toBe('invalid `headers`: the value of X-A holds a control character or one past U+00FF');
    // A connection's own header was dropped without a word; the CLI's --header refuses it too.
    expect(await refusal(() => send('metric-alert', { url, headers: { Host: 'api.example.com' } }))).toBe('invalid `headers`: Host belongs to the connection, which whk sets from the URL and the body');
    expect(await refusal(() => stream('metric-alert', { url, rate: 1, headers: { 'Transfer-Encoding': 'chunked' } }))).toBe('invalid `headers`: Transfer-Encoding belongs to the connection, which whk sets from the URL and the body');
    expect(await refusal(() => replay('x.ndjson', { url, headers: { 'content-length': '5' } }))).toBe('invalid `headers`: content-length belongs to the connection, which whk sets from the URL and the body');
    expect(await refusal(() => send('metric-alert', { url, retry: false, retries: 3 }))).toBe('`retries` cannot be used with `retry: false`');
    // The pairs come from the option table the CLI refuses them by: --no-retry with --retry-delay too.
    expect(await refusal(() => send('metric-alert', { url, retry: false, retryDelay: 5 }))).toBe('`retryDelay` cannot be used with `retry: false`');
    expect(await refusal(() => stream('metric-alert', { url, rate: 1, total: 1, retry: false, retryDelay: '1s' }))).toBe('`retryDelay` cannot be used with `retry: false`');
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(await refusal(() => send('metric-alert', { url, payload: cycle }))).toBe('invalid `payload`: it cannot be sent as JSON (Converting circular structure to JSON)');
    expect(await refusal(() => send('metric-alert', { url, payload: () => 1 }))).toBe('invalid `payload`: it cannot be sent as JSON, got a function');
  });

  it('send: your own payload or body with a variant, or both at once, is refused (one silently won)', async () => {
    const payload = sample('metric-alert', { seed: 1 });
    expect(await refusal(() => send('metric-alert', { url, payload, variant: 'significance' }))).toBe('`variant` cannot be used with `payload`');
    expect(await refusal(() => send('metric-alert', { url, body: '{}', variant: 'significance' }))).toBe('`variant` cannot be used with `body`');
    expect(await refusal(() => send('metric-alert', { url, payload, body: '{}' }))).toBe('`payload` cannot be used with `body`');
  });

  it('a Map or a Headers is no object of headers, nor of options (their entries were dropped without a word)', async () => {
    expect(await refusal(() => send('metric-alert', { url, headers: new Map([['X-M', '1']]) as Loose }))).toBe('invalid `headers`: expected an object of header names and values, got a Map');
    expect(await refusal(() => send('metric-alert', { url, headers: new Headers({ 'X-H': '1' }) as Loose }))).toBe('invalid `headers`: expected an object of header names and values, got a Headers');
    expect(await refusal(() => replay('x.ndjson', { url, headers: new Map() as Loose }))).toBe('invalid `headers`: expected an object, got a Map');
    expect(await refusal(() => sample('metric-alert', new Map() as Loose))).toBe('sample(): the options must be an object, got a Map');
    // Objects without a prototype, frozen ones, and process.env (a prototype of its own) are objects all the same.
    expect(sample('metric-alert', Object.freeze(Object.assign(Object.create(null) as object, { seed: 2 })))).toEqual(sample('metric-alert', { seed: 2 }));
    await expect(check([], { env: process.env })).rejects.toThrow(/^invalid contract: /);
  });

  it('concurrency past whk\'s bound of 10,000 is refused (a stream started a worker for each: gigabytes, or a RangeError)', async () => {
    expect(await refusal(() => stream('metric-alert', { url, rate: 1, total: 1, concurrency: 1e6 }))).toBe('invalid `concurrency`: expected an integer from 1 to 10000, got 1000000');
    expect(await refusal(() => send('metric-alert', { url, concurrency: Number.MAX_SAFE_INTEGER }))).toBe(`invalid \`concurrency\`: expected an integer from 1 to 10000, got ${Number.MAX_SAFE_INTEGER}`);
  });

  it('send: messages name the API fields (`set`, `auth`), not the flags', async () => {
    expect(await refusal(() => send('metric-alert', { url, set: ['novalue'] }))).toBe("invalid `set` 'novalue'");
    // The core names the CLI's --data; the API has body (and a JSON body takes the set).
    expect(await refusal(() => send('metric-alert', { url, body: 'not json', set: ['a=1'] }))).toBe('`set` needs a JSON payload, and the `body` given is not JSON');
    expect(await refusal(() => send('metric-alert', { url, auth: { scheme: 'bearer', token: 't' } }))).toBe('`auth`: metric-alert does not send an Authorization header');
    // hertzbeat-alarm does send one: a malformed auth says what is wrong with it instead.
    expect(await refusal(() => send('hertzbeat-alarm', { url, auth: { scheme: 'digest' as Loose, token: 't' } }))).toBe("invalid `auth.scheme`: expected one of 'basic', 'bearer', got 'digest'");
    // A field auth does not take is refused, as an unknown option is: a misspelt one did nothing.
    expect(await refusal(() => send('hertzbeat-alarm', { url, auth: { type: 'bearer', token: 't' } as Loose }))).toBe('invalid `auth`: unknown field `type`');
    await expect(send('hertzbeat-alarm', { url, auth: { scheme: 'bearer', token: 't', tokn: 'x' } as Loose })).rejects.toMatchObject({ hint: expect.stringMatching(/^did you mean 'token'\?/) });
    // A token no header can carry, refused as a header's value is: sent, every attempt failed.
    expect(await refusal(() => send('hertzbeat-alarm', { url, auth: { scheme: 'bearer', token: 'a\r\nb' } }))).toBe(
      'invalid `auth`: the token goes in the Authorization header, and its value holds a control character (U+000D, a line break), which no header may carry',
    );
  });

  it('listen: an empty host or save (the URL would be http://:PORT, and no file written)', async () => {
    expect(await refusal(() => listen({ host: '' }))).toBe("invalid `host`: expected a non-empty string, got ''");
    expect(await refusal(() => listen({ save: '' }))).toBe("invalid `save`: expected a non-empty string, got ''");
  });

  it('an empty secret or path, which --secret and --path refuse (an unset variable), is refused', async () => {
    expect(await refusal(() => send('github', { url, secret: '' }))).toBe("invalid `secret`: expected a non-empty string, got ''");
    expect(await refusal(() => stream('github', { url, secret: '', rate: '1/s', total: 1 }))).toBe("invalid `secret`: expected a non-empty string, got ''");
    expect(await refusal(() => listen({ secret: '' }))).toBe('invalid `secret`: the secret may not be empty');
    expect(await refusal(() => replay('x.ndjson', { url, path: '' }))).toBe("invalid `path`: expected a non-empty string, got ''");
  });

  // These named their option only in words: `field` was undefined.
  it("listen's errors about its port, host and capture file name the option in `field`", async () => {
    const fieldOf = (call: () => Promise<unknown>): Promise<unknown> => call().then(() => 'no error', (error: unknown) => (error as { field?: unknown }).field);
    const first = await started();
    expect(await fieldOf(() => listen({ port: first.port }))).toBe('port');
    expect(await fieldOf(() => listen({ host: '192.0.2.1' }))).toBe('host');
    expect(await fieldOf(() => listen({ save: join(tmpdir(), 'whk-no-such-dir', 'x.ndjson') }))).toBe('save');
    expect(await fieldOf(() => listen({ save: tmpdir() }))).toBe('save');
  });

  it('waitFor(n): a count no number of requests can reach is refused at once, not waited out', async () => {
    const listener = await started();
    expect(await refusal(() => listener.waitFor(1.5))).toBe("invalid `n`: expected an integer ≥ 0, got 1.5");
    expect(await refusal(() => listener.waitFor(undefined as Loose))).toBe('invalid `n`: expected a number of requests, got undefined');
    expect(await refusal(() => listener.waitFor('1' as Loose))).toBe("invalid `n`: expected a number of requests, got '1'");
    // A rejected promise, as every call's bad argument is: thrown at the call, a chained .catch() missed it.
    let thrown: unknown;
    let rejected: unknown;
    try {
      await listener.waitFor(-1).catch((error: unknown) => (rejected = error));
    } catch (error) {
      thrown = error;
    }
    expect([thrown, (rejected as Error | undefined)?.message]).toEqual([undefined, 'invalid `n`: expected an integer ≥ 0, got -1']);
  });

  it('stream: says which of url and rate is missing', async () => {
    expect(await refusal(() => stream('github', { url, total: 1 } as Loose))).toBe('stream(): `rate` is required');
    expect(await refusal(() => stream('github', { total: 1 } as Loose))).toBe('stream(): `url` and `rate` are required');
  });

  it('replay: url is required; record numbers count from 1', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'whk-api-args-')), 'captures.ndjson');
    const original = await started({ save: file });
    await send('metric-alert', { url: original.url, seed: 1 });
    await original.close();
    expect(await refusal(() => replay(file, undefined as Loose))).toBe('replay(): `url` is required');
    expect(await refusal(() => replay(file, { url: original.url, index: [0] }))).toBe("invalid `index`: expected an integer ≥ 1, got 0");
    expect(await refusal(() => replay(file, { url: original.url, headers: [['x-a', 'b']] as Loose }))).toBe("invalid `headers`: expected an object, got [['x-a', 'b']]");
  });

  it('check: a cwd that is no directory is named (not "spawn /bin/sh ENOENT" as a failed check)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-api-args-'));
    await writeFile(join(dir, 'file'), '');
    const contract = [{ listen: { expect: { count: 1, within: '2s' } }, run: 'true' }];
    expect(await refusal(() => check(contract, { cwd: join(dir, 'missing') }))).toBe(`invalid \`cwd\` '${join(dir, 'missing')}': no such directory`);
    expect(await refusal(() => check(contract, { cwd: join(dir, 'file') }))).toBe(`invalid \`cwd\` '${join(dir, 'file')}': it is not a directory`);
  });
});

describe('API errors name the field the caller passed (`field`)', () => {
  /** The `field` of the UsageError a call throws. */
  async function fieldOf(call: () => unknown): Promise<string | undefined> {
    try {
      await call();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as UsageError).field;
    }
    throw new Error('expected a UsageError');
  }

  it.each<[string, () => unknown, string]>([
    ['sample: an unknown kind', () => sample('nope'), 'kind'],
    ['send: an unknown kind', () => send('nope', { url }), 'kind'],
    ['stream: an unknown kind', () => stream('nope', { url, rate: 1, total: 1 }), 'kind'],
    ['validate: an unknown kind', () => validate({}, { kind: 'nope' }), 'kind'],
    ['sample: an unknown variant', () => sample('metric-alert', { variant: 'nope' }), 'variant'],
    ['send: an unknown variant', () => send('metric-alert', { url, variant: 'nope' }), 'variant'],
    ['sample: an unknown event', () => sample('github', { event: 'nope' }), 'event'],
    ['sample: an event of a kind without events', () => sample('metric-alert', { event: 'push' }), 'event'],
    ['validate: an event of a kind without events', () => validate({}, { kind: 'metric-alert', event: 'push' }), 'event'],
    ['validate: an unknown event', () => validate({}, { kind: 'github', event: 'nope' }), 'event'],
    ['send: an unknown event', () => send('github', { url, event: 'nope' }), 'event'],
    ['send: an unknown sign scheme', () => send('metric-alert', { url, sign: 'nope', secret: 's' }), 'sign'],
    ['stream: an unknown sign scheme', () => stream('metric-alert', { url, rate: 1, total: 1, sign: 'nope', secret: 's' }), 'sign'],
    ['replay: an unknown sign scheme', () => replay('x.ndjson', { url, sign: 'nope', secret: 's' }), 'sign'],
    ['listen: an unknown verify scheme', () => listen({ verify: ['nope'], secret: 's' }), 'verify'],
    ['send: a senderVersion that is no version', () => send('hertzbeat-alarm', { url, senderVersion: 'x' }), 'senderVersion'],
    ['send: a senderVersion past the newest', () => send('hertzbeat-alarm', { url, senderVersion: '99.0' }), 'senderVersion'],
    ['send: a senderVersion before the oldest', () => send('hertzbeat-alarm', { url, senderVersion: '0.1' }), 'senderVersion'],
    ['send: a senderVersion of a kind with one delivery', () => send('metric-alert', { url, senderVersion: '1.0' }), 'senderVersion'],
    ['sample: a refused set path', () => sample('metric-alert', { set: ['__proto__.x=1'] }), 'set'],
    ['sample: a set path that is no path', () => sample('metric-alert', { set: ['a..b=1'] }), 'set'],
    ['sample: a set path with [*]', () => sample('metric-alert', { set: ['a[*]=1'] }), 'set'],
    ['sample: a set path that does not fit the payload', () => sample('impressions', { set: ['[0].key.x=1'] }), 'set'],
    ['send: a refused set path', () => send('metric-alert', { url, set: ['constructor.x=1'] }), 'set'],
    // The core names the CLI's --auth-bearer; the API has one field for both.
    ['send: an auth the kind does not take', () => send('metric-alert', { url, auth: { scheme: 'bearer', token: 't' } }), 'auth'],
    ['stream: a flushInterval for a kind without batches', () => stream('metaplane-incident', { url, rate: 1, flushInterval: '2s' }), 'flushInterval'],
    ['stream: a batchSize for a kind without batches', () => stream('metaplane-incident', { url, rate: 1, batchSize: 2, flushInterval: '2s' }), 'batchSize'],
    ['stream: an auth the kind does not take', () => stream('metric-alert', { url, rate: 1000, total: 1, auth: { scheme: 'basic', token: 'u:p' } }), 'auth'],
    ['send: an auth without its scheme', () => send('hertzbeat-alarm', { url, auth: { token: 't' } as Loose }), 'auth'],
    ['send: an auth with a field it does not take', () => send('hertzbeat-alarm', { url, auth: { scheme: 'bearer', token: 't', tokn: 'x' } as Loose }), 'auth'],
    ['send: an auth token with a line break', () => send('hertzbeat-alarm', { url, auth: { scheme: 'basic', token: 'u:p\n' } }), 'auth'],
    ['stream: an auth token with a NUL', () => stream('hertzbeat-alarm', { url, rate: 1000, total: 1, auth: { scheme: 'bearer', token: 'a\0' } }), 'auth'],
    ['stream: a set path that does not fit the payload', () => stream('impressions', { url, rate: 1000, total: 1, set: ['[0]=1'] }), 'set'],
    // A secret its scheme cannot sign or verify with.
    ['send: a whsec_ secret that is not base64', () => send('metric-alert', { url, sign: 'standard-webhooks', secret: 'whsec_!!!' }), 'secret'],
    ['send: an ed25519 key of the wrong size', () => send('metric-alert', { url, sign: 'standard-webhooks', secret: 'whsk_AAAA' }), 'secret'],
    ['send: a public key to sign with', () => send('metric-alert', { url, sign: 'standard-webhooks', secret: `whpk_${Buffer.alloc(32).toString('base64')}` }), 'secret'],
    ['send: a travis secret that is no RSA key', () => send('metric-alert', { url, sign: 'travis', secret: 'not a key' }), 'secret'],
    ['listen: a whsec_ secret that is not base64', () => listen({ verify: ['standard-webhooks'], secret: 'whsec_!!!' }), 'secret'],
    // Only the one missing: a `rate` left out was blamed on the `url` given.
    ['stream: a url without a rate', () => stream('github', { url, total: 1 } as Loose), 'rate'],
    ['stream: a rate without a url', () => stream('github', { rate: 1, total: 1 } as Loose), 'url'],
  ])('%s', async (_name, call, field) => {
    expect(await fieldOf(call)).toBe(field);
  });

  it('replay: a kind neither known nor in the file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'whk-api-args-')), 'captures.ndjson');
    const original = await started({ save: file });
    await send('metric-alert', { url: original.url, seed: 1 });
    await original.close();
    expect(await fieldOf(() => replay(file, { url, kind: 'nope' }))).toBe('kind');
  });
});

describe('API messages', () => {
  it('check(value): a contract given as a value is "invalid contract", said once', async () => {
    await expect(check({} as Loose)).rejects.toThrow(/^invalid contract: \$\.checks: required array is missing$/);
  });

  // It had no `field`: the path was only in the message.
  it("check(value): an invalid contract's `field` is the JSON path of its first problem, as the message writes it", async () => {
    await expect(check({ checks: [{ listen: { expect: { cuont: 1 } }, run: 'true' }] } as Loose)).rejects.toMatchObject({ field: '$.checks[0].listen.expect' });
    await expect(check([{ send: { kind: 'metric-alert', url: 'ftp://x' } }])).rejects.toMatchObject({ field: '$[0].send.url' });
    await expect(check(42 as Loose)).rejects.toMatchObject({ field: '$' });
  });

  it('validate(): an event the kind does not have, or one for a kind without events, is refused, as sample() and send() refuse it', async () => {
    expect(await refusal(() => validate({}, { kind: 'metric-alert', event: 'push' }))).toBe('metric-alert has no events');
    // Judged against the kind's whole schema instead, a push payload was valid with no word of the event.
    const push = sample('github', { seed: 1, event: 'push' });
    const refused = (() => {
      try {
        validate(push, { kind: 'github', event: 'pushh' });
      } catch (error) {
        return error as UsageError;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(UsageError);
    expect([refused?.message, refused?.hint?.startsWith("did you mean 'push'?")]).toEqual(["unknown event 'pushh' for github", true]);
    expect(await refusal(() => sample('github', { event: 'pushh' }))).toBe(refused?.message);
    expect(validate(push, { kind: 'github', event: 'push' }).valid).toBe(true);
  });

  it('validate(): a payload that holds itself is refused (a cycle no JSON has; the walk never ended), a shared one is not', () => {
    const alert = sample('metric-alert', { seed: 1 }) as Record<string, unknown>;
    const cyclic: Record<string, unknown> = { ...alert };
    delete cyclic['firedAt'];
    cyclic['extra'] = cyclic;
    expect(() => validate(cyclic)).toThrow(/^invalid `payload`: it holds itself \(a cycle\), which no JSON payload can$/);
    expect(() => validate([{ a: [cyclic] }], { kind: 'impressions' })).toThrow(/it holds itself/);
    const shared = { id: 'x', name: 'y' };
    expect(validate({ ...alert, source: { ...(alert['source'] as object) }, a: shared, b: shared }, { kind: 'metric-alert' }).valid).toBe(true);
  });

  it('validate(undefined): the payload is described as undefined, not "a undefined"', () => {
    expect(validate(undefined).issues[0]?.message).toMatch(/^not a known kind \(undefined\);/);
  });
});

describe('kinds', () => {
  it('is a frozen copy: changing it cannot take a kind away from sample() or detection', () => {
    const ids = kinds.map((kind) => kind.id);
    expect(() => (kinds as unknown[]).splice(0)).toThrow(TypeError);
    expect(kinds.map((kind) => kind.id)).toEqual(ids);
    expect(validate(sample('metric-alert', { seed: 1 })).kind).toBe('metric-alert');
  });

  it("each entry is frozen, its data too: changing one cannot rename a kind or change its sender for the process", async () => {
    const metric = kinds.find((kind) => kind.id === 'metric-alert') as Loose;
    expect(Object.isFrozen(metric)).toBe(true);
    expect(() => (metric.id = 'renamed')).toThrow(TypeError);
    expect(() => (metric.delivery.retry.maxAttempts = 1)).toThrow(TypeError);
    expect(() => metric.variants.push({ id: 'mine', description: '' })).toThrow(TypeError);
    const github = kinds.find((kind) => kind.id === 'github') as Loose;
    expect(() => (github.events[0].id = 'renamed')).toThrow(TypeError);
    // What it holds still works: its sample, its schema (a copy of whk's, not frozen: a frozen zod schema cannot parse).
    expect(metric.schema.safeParse(metric.sample({ seed: 1 })).success).toBe(true);
    expect(github.schemaFor(github.sample({ seed: 1, event: 'push' }), 'push').safeParse(github.sample({ seed: 1, event: 'push' })).success).toBe(true);
    // And whk still knows both, as they were.
    expect(validate(sample('metric-alert', { seed: 1 }))).toMatchObject({ kind: 'metric-alert', valid: true });
    expect(validate(sample('github', { seed: 1, event: 'push' }), { kind: 'github', event: 'push' }).valid).toBe(true);
    const listener = await started({ respond: 500 });
    expect((await send('metric-alert', { url: listener.url, retryDelay: 1 })).attempts).toHaveLength(metric.delivery.retry.maxAttempts);
  });
});

describe("kinds' schemas", () => {
  it("are copies: changing one changes nothing whk validates, sends or records", async () => {
    const metaplane = kinds.find((kind) => kind.id === 'metaplane-incident') as Loose;
    const payload = { ...(sample('metaplane-incident', { seed: 1 }) as object), status: 'bogus' };
    expect(validate(payload, { kind: 'metaplane-incident' }).valid).toBe(false);
    metaplane.schema.shape.status = z.string();
    // The caller's copy took the change, and is the same copy each time it is read.
    expect(metaplane.schema.safeParse(payload).success).toBe(true);
    expect(validate(payload, { kind: 'metaplane-incident' }).valid).toBe(false);
    const github = kinds.find((kind) => kind.id === 'github') as Loose;
    const push = sample('github', { seed: 1, event: 'push' });
    github.schemaFor(push, 'push')._zod.def.checks.length = 0;
    github.events.find((event: { id: string }) => event.id === 'push').schema._zod.def.checks.length = 0;
    expect(validate({}, { kind: 'github', event: 'push' }).valid).toBe(false);
    const listener = await started({ kind: 'metaplane-incident' });
    await expect(send('metaplane-incident', { url: listener.url, payload })).rejects.toThrow('is not a valid metaplane-incident payload');
    await send('metaplane-incident', { url: listener.url, payload, validate: false, retry: false });
    expect(listener.requests.map((record) => record.valid)).toEqual([false]);
  });
});

describe('listen() hooks that are async', () => {
  it('a rejected async onRequest goes to onError (not an unhandled rejection that ends the process)', async () => {
    let reported!: (error: unknown) => void;
    const told = new Promise<unknown>((resolve) => (reported = resolve));
    const listener = await started({ onRequest: async () => Promise.reject(new Error('stored nowhere')), onError: (error) => reported(error) });
    const response = await fetch(listener.url, { method: 'POST', body: '{"a":1}' });
    expect(response.status).toBe(200);
    expect(await told).toEqual(new Error('stored nowhere'));
  });

  it('an onError that throws on an async failure is dropped too (vitest fails a run on an unhandled rejection)', async () => {
    const told: unknown[] = [];
    const onError = (error: unknown): never => {
      told.push(error);
      throw new Error('the hook failed too');
    };
    const listener = await started({ onRequest: async () => Promise.reject(new Error('first')), onError });
    await (await fetch(listener.url, { method: 'POST', body: '{"a":1}' })).arrayBuffer();
    // The rejection was handled in the microtasks right after the request was answered, before this response arrived.
    expect(told).toEqual([new Error('first')]);
  });

  it('an async onError that rejects is dropped, for a throwing onRequest and a rejecting one (an unhandled rejection ends the process)', async () => {
    const told: unknown[] = [];
    const onError = async (error: unknown): Promise<never> => {
      told.push(error);
      throw new Error('the logger is down');
    };
    let fail = (): unknown => {
      throw new Error('sync');
    };
    const listener = await started({ onRequest: () => fail(), onError });
    const unhandled = await unhandledDuring(async () => {
      await (await fetch(listener.url, { method: 'POST', body: '{"a":1}' })).arrayBuffer();
      fail = async () => Promise.reject(new Error('async'));
      await (await fetch(listener.url, { method: 'POST', body: '{"a":2}' })).arrayBuffer();
    });
    expect(unhandled).toEqual([]);
    expect(told).toEqual([new Error('sync'), new Error('async')]);
    expect(listener.count).toBe(2);
  });

  it('with save, a map giving a function or a symbol is a warning, as a BigInt is: the line had no mapped and said nothing', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'whk-api-args-')), 'captures.ndjson');
    const warnings: unknown[] = [];
    for (const value of [() => 1, Symbol('s'), 1n]) {
      const listener = await started({ save: file, map: () => value });
      await (await fetch(listener.url, { method: 'POST', body: '{"a":1}' })).arrayBuffer();
      expect(listener.requests.map((record) => record.mapped)).toEqual([undefined]);
      warnings.push(listener.requests[0]?.warnings);
      await listener.close();
    }
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { mapped?: unknown; warnings: string[] });
    expect(lines.map((line) => line.warnings)).toEqual(warnings);
    expect(warnings).toEqual([
      ['map: its value cannot be recorded (a function is no JSON value)'],
      ['map: its value cannot be recorded (a symbol is no JSON value)'],
      ['map: its value cannot be recorded (Do not know how to serialize a BigInt)'],
    ]);
  });

  it('an async map is a warning on the record, not {} as `mapped` (nor, rejected, an unhandled rejection)', async () => {
    const listener = await started({ map: async (body) => ((body as { fail?: boolean }).fail ? Promise.reject(new Error('no')) : { x: 1 }) });
    for (const body of ['{"a":1}', '{"fail":true}']) await (await fetch(listener.url, { method: 'POST', body })).arrayBuffer();
    expect(listener.requests.map((record) => [record.mapped, record.warnings])).toEqual([
      [undefined, ['map: returned a Promise; `map` must return its value, not a Promise']],
      [undefined, ['map: returned a Promise; `map` must return its value, not a Promise']],
    ]);
  });
});

describe("replay()'s onWarning", () => {
  it('one that throws, or rejects, is dropped: the replay goes on and sends every whole record', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'whk-api-args-')), 'captures.ndjson');
    const original = await started({ save: file });
    await send('metric-alert', { url: original.url, count: 2, retry: false });
    await original.close();
    // The last line still being written: no newline after it, and not a whole record.
    await writeFile(file, (await readFile(file, 'utf8')).trimEnd().slice(0, -20));
    const target = await started();
    const told: string[] = [];
    const hooks = [
      (message: string): never => {
        told.push(message);
        throw new Error('sync');
      },
      async (message: string): Promise<never> => {
        told.push(message);
        throw new Error('async');
      },
    ];
    const unhandled = await unhandledDuring(async () => {
      for (const onWarning of hooks) expect(await replay(file, { url: target.url, onWarning })).toHaveLength(1);
    });
    expect(unhandled).toEqual([]);
    expect(told).toHaveLength(2);
    expect(target.count).toBe(2);
  });
});
