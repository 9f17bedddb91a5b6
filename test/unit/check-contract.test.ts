import { generateKeyPairSync } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract, parseContract, variantsOf } from '../../src/check/contract.js';
import { fillPlaceholders } from '../../src/check/listen-for-sender.js';
import { receiverSendProblem } from '../../src/check/receiver-requests.js';
import { InputError } from '../../src/errors.js';
import { getKind } from '../../src/kinds/index.js';
import { thrownMessage } from '../helpers/thrown.js';

const problem = (value: unknown): string => thrownMessage(() => parseContract(value, { source: "'c.json'" }), InputError);

describe('contract file', () => {
  it('fills in the defaults of both forms', () => {
    const contract = parseContract({
      checks: [
        { send: { kind: 'metaplane-incident', url: 'http://127.0.0.1:3000/hooks' } },
        { listen: { expect: { kind: 'impressions', count: 3 } }, run: 'npm run emit -- --target {url}' },
      ],
    });
    expect(contract.checks[0]?.send).toEqual({
      kind: 'metaplane-incident',
      url: 'http://127.0.0.1:3000/hooks',
      variants: 'all',
      duplicates: true,
      lifecycle: false,
      seed: 1,
      gzip: 'auto',
      // Deliveries are expected accepted unless a status the kind refuses is expected (expectsDelivered).
      expect: {},
    });
    expect(contract.checks[1]?.listen).toEqual({ port: 0, host: '127.0.0.1', expect: { kind: 'impressions', count: 3, within: 30_000, payloads: 'valid' } });
    expect(variantsOf(getKind('metaplane-incident'), contract.checks[0]!.send!)).toEqual(getKind('metaplane-incident').variants.map((v) => v.id));
  });

  it("takes the issue's example forms as written, and a bare array of checks", () => {
    const contract = parseContract([
      { send: { kind: 'metaplane-incident', url: 'https://example.com/hook', variants: 'all', duplicates: true, expect: { delivered: true } } },
      { listen: { expect: { kind: 'impressions', count: 3, within: '30s' } }, run: 'npm run emit -- --target {url}' },
    ]);
    expect(contract.checks).toHaveLength(2);
    expect(contract.name).toBeUndefined();
  });

  it('names the JSON path of the first problem', () => {
    expect(problem({ checks: [] })).toBe("invalid contract 'c.json': $.checks: must have at least 1 item");
    expect(problem([{ send: { kind: 'nope', url: 'http://x' } }])).toMatch(/^invalid contract 'c.json': \$\[0\]\.send\.kind: unknown kind 'nope' \(known: metric-alert/);
    expect(problem([{ send: { kind: 'metric-alrt', url: 'http://x' } }])).toMatch(/^invalid contract 'c.json': \$\[0\]\.send\.kind: unknown kind 'metric-alrt' \(did you mean 'metric-alert'\? known: metric-alert, /);
    expect(problem([{ listen: { expect: { kind: 'githb' } }, run: 'x' }])).toMatch(/\$\[0\]\.listen\.expect\.kind: unknown kind 'githb' \(did you mean 'github'\? known: /);
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'ftp://x' } }] })).toBe("invalid contract 'c.json': $.checks[0].send.url: not an http(s) URL: 'ftp://x'");
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x', retries: 1.5 } }] })).toBe("invalid contract 'c.json': $.checks[0].send.retries: expected a whole number, got a fraction");
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x', expct: {} } }] })).toBe("invalid contract 'c.json': $.checks[0].send: unknown field 'expct' (did you mean 'expect'?)");
    expect(problem({ checks: [{ listen: { expect: { cuont: 2 } }, run: 'x' }] })).toBe("invalid contract 'c.json': $.checks[0].listen.expect: unknown field 'cuont' (did you mean 'count'?)");
    expect(problem([{ listen: { expect: {} }, run: 'x', nmae: 'x' }])).toBe("invalid contract 'c.json': $[0]: unknown field 'nmae' (did you mean 'name'?)");
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x', zzzzzz: 1 } }] })).toBe("invalid contract 'c.json': $.checks[0].send: unknown field 'zzzzzz'");
    // A required field misspelled is the unknown field with its did-you-mean, not "required ... is missing".
    expect(problem({ checks: [{ send: { kidn: 'metric-alert', url: 'http://x' } }] })).toBe("invalid contract 'c.json': $.checks[0].send: unknown field 'kidn' (did you mean 'kind'?)");
    expect(problem({ chekcs: [{ listen: {}, run: 'x' }] })).toBe("invalid contract 'c.json': $: unknown field 'chekcs' (did you mean 'checks'?)");
    // Unknown fields near no missing one (a package.json given as the contract): the missing required field first.
    expect(problem({ name: 'app', version: '1.0.0', scripts: {} })).toBe("invalid contract 'c.json': $.checks: required array is missing; $: unknown fields 'version', 'scripts'");
    expect(problem({ checks: [{ send: { ulr: 'http://x' } }] })).toBe("invalid contract 'c.json': $.checks[0].send.kind: required string is missing; $.checks[0].send: unknown field 'ulr' (did you mean 'url'?)");
    expect(problem({ checks: [{ send: { url: 'http://x' } }] })).toBe("invalid contract 'c.json': $.checks[0].send.kind: required string is missing");
    expect(problem({ checks: [{ listen: { expect: { within: 'soon' } }, run: 'x' }] })).toBe(
      "invalid contract 'c.json': $.checks[0].listen.expect.within: expected a duration like '300ms', '30s' or '2m', got 'soon'",
    );
    // Numbers are milliseconds, held to the limits of the strings (the number once reached Node's timer as 1 ms).
    expect(problem({ checks: [{ listen: { expect: { within: 99999999999 } }, run: 'x' }] })).toBe(
      "invalid contract 'c.json': $.checks[0].listen.expect.within: expected a duration of at most 596h (about 24 days), got 99999999999",
    );
    expect(problem({ checks: [{ listen: { expect: { within: '999h' } }, run: 'x' }] })).toMatch(/within: expected a duration of at most 596h \(about 24 days\), got '999h'$/);
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x', timeout: 0 } }] })).toBe("invalid contract 'c.json': $.checks[0].send.timeout: expected a duration above 0, got 0");
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x', timeout: '30' } }] })).toMatch(/timeout: expected a duration with its unit, e.g. '30s' or '30ms', got '30'$/);
    expect(parseContract([{ send: { kind: 'metric-alert', url: 'http://x', retryDelay: 0, timeout: 1500 } }]).checks[0]?.send).toMatchObject({ retryDelay: 0, timeout: 1500 });
    // Neither a string nor a number: both forms are named (it said 'expected string, got boolean').
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x', timeout: false } }] })).toBe(
      "invalid contract 'c.json': $.checks[0].send.timeout: expected a duration: a string with its unit ('30s') or a number of milliseconds, got false",
    );
    expect(problem({ checks: [{ listen: { expect: { within: null } }, run: 'x' }] })).toMatch(/within: expected a duration: a string with its unit \('30s'\) or a number of milliseconds, got null$/);
    expect(problem({ checks: [{ listen: {} }] })).toMatch(/\$\.checks\[0\]\.run: a 'listen' check needs 'run'/);
    expect(problem({ checks: [{ run: 'x' }] })).toMatch(/\$\.checks\[0\]: a check needs 'send'/);
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x' }, run: 'x' }] })).toMatch(/not both/);
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x', variants: ['alert-policy', 'bogus'] } }] })).toBe(
      "invalid contract 'c.json': $.checks[0].send.variants[1]: metric-alert has no variant 'bogus' (variants: alert-policy, significance, warehouse-native)",
    );
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x', variants: ['alert-polcy'] } }] })).toBe(
      "invalid contract 'c.json': $.checks[0].send.variants[0]: metric-alert has no variant 'alert-polcy' (did you mean 'alert-policy'? variants: alert-policy, significance, warehouse-native)",
    );
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x', variants: ['significance', 'significance'] } }] })).toBe("invalid contract 'c.json': $.checks[0].send.variants[1]: 'significance' is listed twice");
    expect(problem({ checks: [{ send: { kind: 'metric-alert', url: 'http://x', secret: 's' } }] })).toMatch(/\$\.checks\[0\]\.send\.secret: metric-alert deliveries are not signed/);
    expect(problem({ checks: [{ listen: { expect: { count: 0 } }, run: 'x' }] })).toMatch(/\$\.checks\[0\]\.listen\.expect\.count: must be at least 1/);
    expect(problem('hello')).toMatch(/\$: expected an object with "checks"/);
  });

  it("refuses a 'run' or a name of only white space: a blank command ran nothing and failed as a sender that sent nothing", () => {
    expect(problem([{ listen: {}, run: ' \t ' }])).toBe('invalid contract \'c.json\': $[0].run: is only white space: give the command that sends, e.g. "npm run emit -- --target {url}"');
    expect(problem([{ name: '  ', listen: {}, run: 'true' }])).toBe("invalid contract 'c.json': $[0].name: is only white space: give a name, or leave 'name' out for the one whk gives");
    expect(problem({ name: '\n', checks: [{ listen: {}, run: 'true' }] })).toBe("invalid contract 'c.json': $.name: is only white space: give a name, or leave 'name' out for the one whk gives");
    expect(parseContract([{ name: ' padded ', listen: {}, run: ' true ' }]).checks[0]).toMatchObject({ name: ' padded ', run: ' true ' });
  });

  it('refuses more than 1,000 checks (whk\'s bound) before reading one, naming where they are; 1,000 is read', () => {
    const check = { listen: {}, run: 'x' };
    const million = new Array<unknown>(1_000_000).fill(check);
    expect(problem({ checks: million })).toBe("invalid contract 'c.json': $.checks: 1,000,000 checks, more than the 1,000 a contract may hold (whk's bound)");
    expect(problem(million.slice(0, 1001))).toBe("invalid contract 'c.json': $: 1,001 checks, more than the 1,000 a contract may hold (whk's bound)");
    expect(() => parseContract(million)).toThrow(expect.objectContaining({ hint: 'split it into several contracts', exitCode: 2, field: '$' }));
    expect(parseContract(million.slice(0, 1000)).checks).toHaveLength(1000);
  });

  it('fills {url}, {host} and {port} into the command line', () => {
    expect(fillPlaceholders('emit --target {url}/hook --port {port} --host {host} {url}', { url: 'http://127.0.0.1:4000', host: '127.0.0.1', port: 4000 })).toBe(
      'emit --target http://127.0.0.1:4000/hook --port 4000 --host 127.0.0.1 http://127.0.0.1:4000',
    );
    // The shell's own variables keep their names: `for port in 1 2; do echo ${port}` printed the receiver's port.
    expect(fillPlaceholders('for port in 1 2; do echo "${port} ${url} ${host}"; done; curl {url}', { url: 'http://127.0.0.1:4000', host: '127.0.0.1', port: 4000 })).toBe(
      'for port in 1 2; do echo "${port} ${url} ${host}"; done; curl http://127.0.0.1:4000',
    );
  });
});

describe('placeholders in run', () => {
  it("warns of a mistyped placeholder, which would be left as it is; the shell's own braces pass", () => {
    const warnings: string[] = [];
    const run = `curl -d '{"a":1}' {ulr}/x {url} {host}:{port}; echo \${HOME} {a,b} {URL} {prot} {unrelated}`;
    parseContract([{ listen: {}, run }], { source: "'c.json'", warn: (w) => warnings.push(w) });
    expect(warnings).toEqual([
      "$[0].run: '{ulr}' is not a placeholder and is left as it is (did you mean '{url}'?)",
      "$[0].run: '{URL}' is not a placeholder and is left as it is (did you mean '{url}'?)",
      "$[0].run: '{prot}' is not a placeholder and is left as it is (did you mean '{port}'?)",
    ]);
  });
});

describe('contract field renamed: listen.expect.valid → payloads', () => {
  it("reads 'valid' as 'payloads' and warns that false never meant 'expect invalid'", () => {
    const warnings: string[] = [];
    const contract = parseContract({ checks: [{ listen: { expect: { valid: false } }, run: 'x' }, { listen: { expect: { valid: true } }, run: 'y' }] }, { source: "'c.json'", warn: (w) => warnings.push(w) });
    expect(contract.checks[0]?.listen?.expect.payloads).toBe('any');
    expect(contract.checks[1]?.listen?.expect.payloads).toBe('valid');
    expect(warnings).toEqual([
      `$.checks[0].listen.expect.valid: 'valid' is deprecated: it never meant "expect invalid"; write "payloads": "any" (payloads are not checked)`,
      `$.checks[1].listen.expect.valid: 'valid' is deprecated: it never meant "expect invalid"; write "payloads": "valid" (every payload is valid, the default)`,
    ]);
  });

  it("leaves the caller's object as it was (the API passes the user's own contract)", () => {
    const given = { checks: [{ listen: { expect: { valid: false } }, run: 'x' }] };
    const before = structuredClone(given);
    expect(parseContract(given, { source: "'c.json'" }).checks[0]?.listen?.expect.payloads).toBe('any');
    expect(given).toEqual(before);
  });

  it("refuses 'valid' beside 'payloads', and a 'payloads' that is neither valid nor any", () => {
    expect(problem({ checks: [{ listen: { expect: { valid: false, payloads: 'any' } }, run: 'x' }] })).toBe("invalid contract 'c.json': $.checks[0].listen.expect: unknown field 'valid'");
    expect(problem({ checks: [{ listen: { expect: { payloads: 'invalid' } }, run: 'x' }] })).toMatch(/^invalid contract 'c.json': \$\.checks\[0\]\.listen\.expect\.payloads: /);
  });
});

describe('contract send headers', () => {
  // A header undici refuses ('invalid header key') failed every delivery, retried for ~30 s, blamed on the receiver.
  it('refuses a send step header that cannot go on the wire, as --header is refused, naming it', () => {
    const step = (headers: Record<string, string>) => [{ send: { kind: 'metric-alert', url: 'http://127.0.0.1:1/', headers } }];
    expect(problem(step({ 'bad name': 'x' }))).toBe(`invalid contract 'c.json': $[0].send.headers["bad name"]: "bad name" is not a header name`);
    expect(problem(step({ 'X-Env': 'a\nb' }))).toBe(`invalid contract 'c.json': $[0].send.headers["X-Env"]: the value of X-Env holds a line break or NUL`);
    expect(problem(step({ 'X-Env': '\u2603' }))).toBe(`invalid contract 'c.json': $[0].send.headers["X-Env"]: the value of X-Env holds a control character or one past U+00FF`);
    expect(() => parseContract(step({ 'X-Env': 'staging' }), { source: "'c.json'" })).not.toThrow();
    // Names differ in case only: one field goes out, and the other was dropped without a word.
    expect(problem(step({ 'X-A': '1', 'x-a': '2' }))).toBe(`invalid contract 'c.json': $[0].send.headers["x-a"]: x-a given twice: "X-A" and "x-a" are one header; give it once, its values joined by ', ' where the header takes a list`);
  });
});

describe('contract send: what the delivery would refuse is refused when the contract is read', () => {
  // Met at send time, these stopped the run after the earlier checks had run, its report lost, naming --auth-bearer and --variant.
  const hertzbeat = (send: Record<string, unknown>) => [{ send: { kind: 'hertzbeat-alarm', url: 'http://127.0.0.1:1/', ...send } }];

  it('refuses auth for variants sent as releases before 1.8.0, which send no Authorization header, naming the ones that do', () => {
    const all = problem(hertzbeat({ auth: { scheme: 'bearer', token: 'tok' } }));
    expect(all).toMatch(/^invalid contract 'c.json': \$\[0\]\.send\.auth: hertzbeat-alarm sends bearer auth from 1\.8\.0 on, and these variants are sent as the earlier releases that send them: flat \(1\.6\.1\), /);
    expect(all).toMatch(/; list in 'variants' only ones sent with it \(grouped, grouped-resolved, raw-template\), or leave out 'auth'$/);
    expect(all).not.toMatch(/--|`/);
    expect(problem(hertzbeat({ variants: ['grouped', 'flat-1.4.4'], auth: { scheme: 'basic', token: 'tok' } }))).toMatch(/\.auth: .*: flat-1\.4\.4 \(1\.4\.4\); list in 'variants' only ones sent with it \(grouped\)/);
    expect(() => parseContract(hertzbeat({ variants: ['grouped', 'grouped-resolved', 'raw-template'], auth: { scheme: 'basic', token: 'tok' } }))).not.toThrow();
  });

  it('refuses an auth token no header can carry, at its path', () => {
    expect(problem(hertzbeat({ variants: ['grouped'], auth: { scheme: 'bearer', token: 'a\nb' } }))).toBe(
      "invalid contract 'c.json': $[0].send.auth.token: the token goes in the Authorization header, and its value holds a control character (U+000A, a line break), which no header may carry",
    );
  });

  it('refuses a seed whose later variants would pass 2^53 - 1', () => {
    expect(problem([{ send: { kind: 'metric-alert', url: 'http://x', seed: Number.MAX_SAFE_INTEGER } }])).toBe(
      `invalid contract 'c.json': $[0].send.seed: each variant is drawn from seed + its place, and the last passes ${Number.MAX_SAFE_INTEGER}: give a seed of at most ${Number.MAX_SAFE_INTEGER - 2}`,
    );
  });

  // A contract is kept in the repository it checks: its secret need not be, as --secret-env keeps it off the command line.
  it('reads a secret from the variable secretEnv names, for send and listen checks; unset, empty or beside secret is refused at its path', () => {
    const name = 'WHK_TEST_CONTRACT_SECRET';
    const checks = [
      { send: { kind: 'metaplane-incident', url: 'http://127.0.0.1:1/', secretEnv: name } },
      { listen: { secretEnv: name, expect: { kind: 'metaplane-incident' } }, run: 'true' },
    ];
    try {
      process.env[name] = 'from-the-env';
      const contract = parseContract(checks);
      expect(contract.checks[0]?.send).toMatchObject({ secret: 'from-the-env' });
      expect(contract.checks[1]?.listen).toMatchObject({ secret: 'from-the-env' });
      expect(contract.checks.map((check) => 'secretEnv' in (check.send ?? check.listen ?? {}))).toEqual([false, false]);
      // What is checked is the variable's value, said at the field that named it: a travis-ci one that is no key, a kind that signs nothing.
      expect(problem([{ send: { kind: 'travis-ci', url: 'http://127.0.0.1:1/', secretEnv: name } }])).toBe("invalid contract 'c.json': $[0].send.secretEnv: the secret for travis is not an RSA private key in PEM");
      expect(problem([{ listen: { secretEnv: name, expect: { kind: 'travis-ci' } }, run: 'true' }])).toBe("invalid contract 'c.json': $[0].listen.secretEnv: the secret for travis is not an RSA key in PEM");
      expect(problem([{ send: { kind: 'metric-alert', url: 'http://127.0.0.1:1/', secretEnv: name } }])).toBe("invalid contract 'c.json': $[0].send.secretEnv: metric-alert deliveries are not signed");
      expect(problem([{ listen: { secretEnv: name, expect: { kind: 'impressions' } }, run: 'true' }])).toBe("invalid contract 'c.json': $[0].listen.secretEnv: impressions deliveries are not signed, so 'secretEnv' would check nothing");
      expect(problem([{ send: { kind: 'metaplane-incident', url: 'http://127.0.0.1:1/', secret: 's', secretEnv: name } }])).toBe("invalid contract 'c.json': $[0].send.secretEnv: 'secretEnv' names a variable holding the secret 'secret' gives: give one of the two");
      process.env[name] = '';
      expect(problem(checks)).toBe(`invalid contract 'c.json': $[0].send.secretEnv: the environment variable ${name} is empty`);
      delete process.env[name];
      expect(problem([checks[1]])).toBe(`invalid contract 'c.json': $[0].listen.secretEnv: the environment variable ${name} is not set`);
    } finally {
      delete process.env[name];
    }
  });

  // Met at the first delivery, it made the check 'could not run' (exit 1), after the earlier checks had run.
  it('refuses a secret the sender cannot sign with (travis-ci: no RSA private key in PEM), at its path', () => {
    const travis = (secret: string) => [{ send: { kind: 'travis-ci', url: 'http://127.0.0.1:1/', secret } }];
    expect(problem(travis('abc'))).toBe("invalid contract 'c.json': $[0].send.secret: the secret for travis is not an RSA private key in PEM");
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    expect(() => parseContract(travis(privateKey))).not.toThrow();
  });

  // It was taken, and every travis-ci request the sender sent was then invalid: a sender failed (exit 1) for the contract's mistake.
  it("refuses a listen.secret the expected kind's scheme cannot verify with (travis-ci: no RSA key in PEM), at its path", () => {
    const travis = (secret: string) => [{ listen: { secret, expect: { kind: 'travis-ci' } }, run: 'true' }];
    expect(problem(travis('abc'))).toBe("invalid contract 'c.json': $[0].listen.secret: the secret for travis is not an RSA key in PEM");
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    expect(() => parseContract(travis(publicKey))).not.toThrow();
  });

  it("says any other refusal of the delivery core in the contract's words, at the variant", () => {
    // The schema refuses this secret itself; given straight, it shows the core's refusal renamed.
    const kind = getKind('metric-alert');
    const send = { url: 'http://x', duplicates: true, lifecycle: false, seed: 1, gzip: 'auto' as const, secret: 's' };
    expect(receiverSendProblem(kind, send, ['significance'], true)).toEqual({ path: ['variants', 0], message: "variant significance: 'secret': metric-alert deliveries are not signed" });
    expect(receiverSendProblem(kind, { ...send, secret: undefined }, ['significance'], true)).toBeUndefined();
  });
});

describe('contract errors say what is accepted', () => {
  const send = (fields: Record<string, unknown>) => [{ send: { kind: 'metric-alert', url: 'http://x', ...fields } }];

  // It said 'expected one of "all"', leaving out the list form.
  it('variants: names both forms', () => {
    expect(problem(send({ variants: 'some' }))).toBe(`invalid contract 'c.json': $[0].send.variants: expected "all" or a list of variant ids (see whk kinds), got 'some'`);
    expect(problem(send({ variants: 3 }))).toMatch(/variants: expected "all" or a list of variant ids \(see whk kinds\), got 3$/);
    expect(problem(send({ variants: [1] }))).toMatch(/variants(\[0\])?: expected a variant id \(a string\), got 1$/);
  });

  // '≥ 0' was said where 0 is then refused.
  it('a negative duration names the bound that holds: above 0 for a timeout, ≥ 0 for a wait', () => {
    expect(problem(send({ timeout: -5 }))).toBe(`invalid contract 'c.json': $[0].send.timeout: expected milliseconds above 0 or a duration like '30s', got -5`);
    expect(problem(send({ retryDelay: -5 }))).toBe(`invalid contract 'c.json': $[0].send.retryDelay: expected milliseconds ≥ 0 or a duration like '30s', got -5`);
  });

  // 'line 1: empty body: not JSON' is a request's wording.
  it('an empty contract file is said to be empty', async () => {
    const file = join(tmpdir(), `whk-empty-contract-${process.pid}.json`);
    await writeFile(file, ' \n');
    const error = await loadContract(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`contract '${file}' is empty: not JSON`);
    await rm(file);
    expect((error as InputError).hint).toMatch(/^a contract is an object with "checks" \(or an array of checks\)/);
  });
});

describe('contract warnings', () => {
  // It ran without a word: a receiver open to anyone while the check runs.
  it("warns of a listen.host that takes requests on every interface, as whk listen --host 0.0.0.0 does", () => {
    const warnings: string[] = [];
    parseContract([{ listen: { host: '0.0.0.0' }, run: 'x' }, { listen: { host: '::' }, run: 'x' }, { listen: {}, run: 'x' }], { source: "'c.json'", warn: (w) => warnings.push(w) });
    expect(warnings).toEqual([
      "$[0].listen.host: '0.0.0.0' listens on every network interface: anyone who can reach this machine can send requests to it while the check runs ('127.0.0.1', the default, keeps it local)",
      "$[1].listen.host: '::' listens on every network interface: anyone who can reach this machine can send requests to it while the check runs ('127.0.0.1', the default, keeps it local)",
    ]);
  });

  // JSON.parse keeps the last without a word: the contract ran as its second name.
  it('warns of a key given twice in one object, with its line; the same key in two objects is no repeat', async () => {
    const file = join(tmpdir(), `whk-twice-contract-${process.pid}.json`);
    await writeFile(file, '{"name": "a",\n "checks": [{"name": "x", "listen": {}, "run": "echo \\"name\\""}, {"name": "y", "listen": {}, "run": "x"}],\n "name": "b"}');
    const { contract, warnings } = await loadContract(file);
    await rm(file);
    expect(contract.name).toBe('b');
    expect(warnings).toEqual([`${file}:3: "name" is given twice in one object: the last one given is read`]);
  });
});
