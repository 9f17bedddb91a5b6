// `whk kind from-capture`: a webhook caught once by `whk listen --save` becomes a JSON Schema kind
// that `validate`, `send` and `listen` take with --schema. The captures are the real binary's, each
// listen shared by the tests that read its records; listen and send are the binary's throughout, and
// so is from-capture where the process is what is checked (its first use, the README's example, the
// usage errors, a file larger than the heap). Its other runs, and validate's, go through main() in
// process (test/helpers/main.ts, the binary's own path without a node start): a process each made
// this file one of the suite's slowest.
import { copyFile, mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureRecord, readCaptures } from '../helpers/capture.js';
import { listenHarness, runCli } from '../helpers/cli.js';
import { post } from '../helpers/http.js';
import { runMain } from '../helpers/main.js';
import { readmeExample } from '../helpers/readme.js';

const { file, listen } = listenHarness();
// The shared captures outlive each test's directory; each test copies what it reads into its own.
const shared = mkdtemp(join(tmpdir(), 'whk-from-capture-'));
afterAll(async () => rm(await shared, { recursive: true, force: true }));

const ORDER = {
  event: 'order.paid',
  id: '9d8f3a2e-6b1c-4c7e-9f00-1a2b3c4d5e6f',
  created_at: '2026-01-05T10:00:00Z',
  amount: 12.5,
  items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2, note: 'gift' }],
  customer: { url: 'https://acme.example/c/1' },
};
const SENDER_HEADERS = { 'content-type': 'application/json', 'user-agent': 'Acme-Hookshot/2.1', 'x-acme-event': 'order.paid', 'x-acme-signature': 'sha256=abc', authorization: 'Bearer t0k' };

let orderCaptured: Promise<string> | undefined;
/** A capture file holding the order webhook, then a GET health check: listen's, copied into the test's directory. */
async function captured(): Promise<string> {
  orderCaptured ??= (async () => {
    const save = join(await shared, 'captures.ndjson');
    const { cli, url } = await listen(['--count', '2', '--save', save]);
    await post(`${url}/hooks/acme`, JSON.stringify(ORDER), SENDER_HEADERS);
    await post(`${url}/health`, '');
    await cli.exited;
    return save;
  })();
  const save = file('captures.ndjson');
  await copyFile(await orderCaptured, save);
  return save;
}

const FORM_JSON = '{"id":7,"state":"passed"}';
const BIG_ID_BODY = '{"id":820982911946154508,"line_items":[{"id":12345678901234567891,"qty":1}],"total":"1.00"}';
// The requests the tests below make kinds of, each a record of one listen's capture file, in this order.
const CAUGHT = ['form', 'multipart', 'deep', 'hundred', 'infinite', 'big-id', 'array', 'trello', 'pagerduty'] as const;
let requestsCaught: Promise<string[]> | undefined;
/** A capture file of the named requests' records as listen wrote them, in the test's directory. */
async function caught(name: string, ...requests: (typeof CAUGHT)[number][]): Promise<string> {
  requestsCaught ??= (async () => {
    const save = join(await shared, 'requests.ndjson');
    const { cli, url } = await listen(['--count', String(CAUGHT.length), '--save', save]);
    await post(`${url}/ci`, `payload=${encodeURIComponent(FORM_JSON)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    const form = new FormData();
    form.append('formID', '2411');
    form.append('rawRequest', '{"q3_name":"Ada","q4_email":"ada@example.com"}');
    form.append('upload', new Blob(['%PDF-1.7']), 'cv.pdf');
    expect((await fetch(`${url}/jotform`, { method: 'POST', body: form })).status).toBe(200);
    await post(`${url}/deep`, `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`, { 'content-type': 'application/json' });
    let hundred: unknown = 1;
    for (let level = 0; level < 100; level++) hundred = { k: hundred };
    await post(`${url}/hundred`, JSON.stringify(hundred), { 'content-type': 'application/json' });
    await post(`${url}/big`, '{"n":1,"list":[2,{"amount":1e400}],"small":1e-400}', { 'content-type': 'application/json' });
    await post(`${url}/orders`, BIG_ID_BODY, { 'content-type': 'application/json' });
    await post(`${url}/batch`, '[{"a":1},{"a":2.5,"b":"x"}]', { 'content-type': 'application/json' });
    await post(`${url}/q`, '{"q":1}', { 'content-type': 'application/json', 'x-request-id': 'r1', 'x-trello-webhook': 'c2ln', 'x-hmac-sha256': 'abc' });
    expect((await runCli(['send', 'pagerduty-incident', '--url', `${url}/pd`, '--seed', '1'])).code).toBe(0);
    await cli.exited;
    const lines = (await readFile(save, 'utf8')).split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(CAUGHT.length);
    return lines;
  })();
  const lines = await requestsCaught;
  const save = file(name);
  await writeFile(save, requests.map((request) => `${lines[CAUGHT.indexOf(request)]}\n`).join(''));
  return save;
}

describe('whk kind from-capture', () => {
  it('writes a schema inferred from the body, the body as example and the sender\'s headers (secrets left out)', async () => {
    const save = await captured();
    const out = file('acme.schema.json');
    const result = await runCli(['kind', 'from-capture', save, '--index', '1', '--name', 'acme-order', '--output', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `wrote ${out}: kind 'acme-order' from ${save}, record 1 (POST /hooks/acme)`,
        '  headers sent with it: x-acme-event',
        '  left out as secrets: x-acme-signature, authorization',
        `  use it: whk send --schema ${out} --url URL · whk listen --schema ${out} · whk validate --schema ${out} FILE`,
        '',
      ].join('\n'),
    );
    const schema = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>;
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'acme-order',
      type: 'object',
      required: ['event', 'id', 'created_at', 'amount', 'items', 'customer'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        created_at: { type: 'string', format: 'date-time' },
        amount: { type: 'number' },
        items: { type: 'array', items: { type: 'object', required: ['sku', 'qty'], properties: { qty: { type: 'integer' }, note: { type: 'string' } } } },
        customer: { type: 'object', properties: { url: { type: 'string', format: 'uri' } } },
      },
      examples: [ORDER],
      'x-whk': { contentType: 'application/json', userAgent: 'Acme-Hookshot/2.1', headers: { 'x-acme-event': 'order.paid' } },
    });
  });

  it('the kind validates (exit 0 and exit 1 with the issues), and send delivers it as the sender did to listen --schema', async () => {
    const save = await captured();
    const schema = file('acme.schema.json');
    expect((await runMain(['kind', 'from-capture', save, '--index', '1', '--name', 'acme-order', '--output', schema])).code).toBe(0);

    const good = file('good.json');
    const bad = file('bad.json');
    await writeFile(good, JSON.stringify({ ...ORDER, id: '0b7c1f7e-1111-4222-8333-444455556666', extra: 'senders add fields' }));
    await writeFile(bad, JSON.stringify({ ...ORDER, amount: 'twelve', items: undefined }));
    expect((await runMain(['validate', '--schema', schema, good])).code).toBe(0);
    const invalid = await runMain(['validate', '--schema', schema, bad]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('acme-order  $.items  required property is missing');
    expect(invalid.stdout).toContain('acme-order  $.amount  expected number, got string');

    const again = file('again.ndjson');
    const { cli, url } = await listen(['--count', '1', '--schema', schema, '--save', again]);
    const sent = await runCli(['send', '--schema', schema, '--url', `${url}/in`]);
    expect(sent.code).toBe(0);
    const received = await cli.exited;
    expect(received.code).toBe(0);
    expect(received.stdout).toMatch(/POST \/in {2}acme-order {2}valid/);
    const [record] = await readCaptures(again);
    expect(record?.body).toEqual(ORDER);
    expect(record?.headers).toMatchObject({ 'user-agent': 'Acme-Hookshot/2.1', 'x-acme-event': 'order.paid', 'content-type': 'application/json' });
    expect(record?.headers).not.toHaveProperty('x-acme-signature');
    expect(record?.headers).not.toHaveProperty('authorization');
  });

  it('a form carrying JSON in a field (payload=) is sent back as that form', async () => {
    const save = await caught('form.ndjson', 'form');
    const printed = await runMain(['kind', 'from-capture', save, '--name', 'my-ci', '--output', '-']);
    expect(printed.code).toBe(0);
    const schema = file('ci.schema.json');
    await writeFile(schema, printed.stdout);
    expect(JSON.parse(printed.stdout)).toMatchObject({ title: 'my-ci', required: ['id', 'state'], 'x-whk': { contentType: 'application/x-www-form-urlencoded', formField: 'payload' } });
    const again = file('again.ndjson');
    const second = await listen(['--count', '1', '--schema', schema, '--save', again]);
    expect((await runCli(['send', '--schema', schema, '--url', second.url])).code).toBe(0);
    expect((await second.cli.exited).stdout).toMatch(/my-ci {2}valid/);
    const [record] = await readCaptures(again);
    expect(Buffer.from(record?.bodyBase64 ?? '', 'base64').toString()).toBe(`payload=${encodeURIComponent(FORM_JSON)}`);
  });

  it('a multipart form carrying JSON in a field (Jotform\'s rawRequest) is sent back as a multipart form with that field', async () => {
    const save = await caught('multipart.ndjson', 'multipart');
    const printed = await runMain(['kind', 'from-capture', save, '--name', 'my-form', '--output', '-']);
    expect(printed.code, printed.stderr).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ title: 'my-form', required: ['q3_name', 'q4_email'], 'x-whk': { contentType: 'multipart/form-data', formField: 'rawRequest' } });
    const schema = file('form.schema.json');
    await writeFile(schema, printed.stdout);
    const again = file('again-multipart.ndjson');
    const second = await listen(['--count', '1', '--schema', schema, '--save', again]);
    expect((await runCli(['send', '--schema', schema, '--url', second.url])).code).toBe(0);
    expect((await second.cli.exited).stdout).toMatch(/my-form {2}valid/);
    const [record] = await readCaptures(again);
    expect(record?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=whk-[0-9a-f]{32}$/);
    expect(record?.form).toEqual({ fields: [['rawRequest', '{"q3_name":"Ada","q4_email":"ada@example.com"}']], json: 'rawRequest', files: [] });
    expect(record?.body).toEqual({ q3_name: 'Ada', q4_email: 'ada@example.com' });
  });

  it.each([
    [['--name', 'acme'], /^error: '.*captures\.ndjson' holds 2 records: pick one with --index N\n {2}1: POST \/hooks\/acme unknown; 2: POST \/health unknown\n$/],
    [['--name', 'acme', '--index', '2'], /^error: .*captures\.ndjson, record 2: its body is empty; a kind is made from a JSON body/],
    [['--name', 'acme', '--index', '3'], /^error: '.*captures\.ndjson' has no record 3: it holds 2 records\n {2}--index counts the records of the capture file from 1\n$/],
    [['--name', 'github', '--index', '1'], /^error: --name 'github' is a built-in kind\n {2}pick another name, e\.g\. my-github\n$/],
    [['--index', '1'], /required option '--name <name>' not specified/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const save = await captured();
    const result = await runCli(['kind', 'from-capture', save, ...args], { cwd: file('.') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('a body nested thousands of levels deep (10 kB that listen records) is refused in one line, exit 2; 100 levels make a kind', async () => {
    const save = await caught('deep.ndjson', 'deep', 'hundred');
    const deep = await runMain(['kind', 'from-capture', save, '--index', '1', '--name', 'deep', '--output', '-']);
    expect(deep.code, deep.stderr).toBe(2);
    expect(deep.stderr).toBe(`error: ${save}, record 1: its body nests deeper than 100 levels; a kind's schema is inferred from a body nested 100 levels at most\n`);
    const made = await runMain(['kind', 'from-capture', save, '--index', '2', '--name', 'hundred', '--output', '-']);
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ title: 'hundred', required: ['k'] });
  });

  it('a body holding 1e400 (listen records it as sent) is refused in one line, exit 2: its example would be written as null', async () => {
    const save = await caught('infinite.ndjson', 'infinite');
    const result = await runMain(['kind', 'from-capture', save, '--name', 'big', '--output', '-']);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toBe(`error: ${save}, record 1: its body's number at $.list[1].amount is too large for a double (it reads as Infinity, and its example would be written as null); a kind is made from a body of finite numbers\n`);
  });

  it('an integer past 2^53 (a Shopify order id) keeps the digits sent in the example, and send --schema delivers them', async () => {
    const save = await caught('big-id.ndjson', 'big-id');
    const schema = file('big-id.schema.json');
    expect((await runMain(['kind', 'from-capture', save, '--name', 'orders', '--output', schema])).code).toBe(0);
    const text = await readFile(schema, 'utf8');
    expect(text).toContain('"id": 820982911946154508,');
    expect(text).toContain('"id": 12345678901234567891,');
    // Laid out as JSON.stringify lays it out, the digits apart.
    expect(text.replace('820982911946154508', '820982911946154500').replace('12345678901234567891', '12345678901234567000')).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    const again = file('big-id-again.ndjson');
    const receiver = await listen(['--count', '1', '--schema', schema, '--save', again]);
    expect((await runCli(['send', '--schema', schema, '--url', `${receiver.url}/orders`])).code).toBe(0);
    await receiver.cli.exited;
    const [record] = await readCaptures(again);
    expect(Buffer.from(record?.bodyBase64 ?? '', 'base64').toString()).toBe(BIG_ID_BODY);
  });

  it('a kind made from an array body validates its own example as one payload (the array is not split into payloads)', async () => {
    const save = await caught('array.ndjson', 'array');
    const schema = file('batch.schema.json');
    expect((await runMain(['kind', 'from-capture', save, '--name', 'batch', '--output', schema])).code).toBe(0);
    const example = file('batch-example.json');
    await writeFile(example, JSON.stringify(JSON.parse(await readFile(schema, 'utf8')).examples[0], null, 2));
    for (const args of [[example], ['--kind', 'batch', example]]) {
      const result = await runMain(['validate', '--schema', schema, ...args]);
      expect([result.code, result.stderr], args.join(' ')).toEqual([0, '1 payload in 1 file: 1 valid, 0 invalid · batch ×1\n']);
    }
    const piped = await runMain(['validate', '--schema', schema, '-'], { input: '[{"a":"no"}]' });
    expect(piped.code).toBe(1);
    expect(piped.stdout).toContain('batch  $[0].a  expected number, got string');
  });

  it('leaves out signature headers by other names: Trello\'s X-Trello-Webhook and a custom X-Hmac-Sha256', async () => {
    const save = await caught('trello.ndjson', 'trello');
    const result = await runMain(['kind', 'from-capture', save, '--name', 'trello', '--output', file('trello.schema.json')]);
    expect(result.stdout).toContain('  headers sent with it: x-request-id\n  left out as secrets: x-trello-webhook, x-hmac-sha256\n');
  });

  it('a built-in kind\'s request: says listen knew it as that kind, whose requests then fit both (ambiguous), and how to pick one', async () => {
    const save = await caught('pd.ndjson', 'pagerduty');
    const schema = file('mypd.schema.json');
    const made = await runMain(['kind', 'from-capture', save, '--name', 'my pd', '--output', schema]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toBe(`warning: listen recognised this request as pagerduty-incident, a built-in kind: with --schema ${schema}, such requests fit both kinds and listen calls them ambiguous (its --kind my-pd or --kind pagerduty-incident picks one)\n`);
    // What the warning offers works: listen --schema --kind my-pd judges such a request as yours.
    const own = await listen(['--count', '1', '--schema', schema, '--kind', 'my-pd']);
    expect((await runCli(['send', 'pagerduty-incident', '--url', `${own.url}/pd`, '--seed', '1'])).code).toBe(0);
    expect((await own.cli.exited).stdout).toMatch(/POST \/pd {2}my-pd {2}valid/);
    const plain = await runMain(['kind', 'from-capture', await captured(), '--index', '1', '--name', 'plain', '--output', '-']);
    expect([plain.code, plain.stderr]).toEqual([0, '']);
  });

  it('a long session\'s file without --index: "pick one", in the memory of a few records (it ran out of heap)', async () => {
    const source = file('large.ndjson');
    // 1,000 records of 278 kB (a 119 kB body, as base64 and as JSON): 278 MB against a 64 MB heap.
    const line = Buffer.from(`${JSON.stringify(captureRecord({ items: Array.from({ length: 10_000 }, (_, i) => `item-${i}`) }))}\n`);
    const handle = await open(source, 'w');
    for (let i = 0; i < 1_000; i++) await handle.write(line);
    await handle.close();
    const result = await runCli(['kind', 'from-capture', source, '--name', 'acme'], { env: { NODE_OPTIONS: '--max-old-space-size=64' }, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(`error: '${source}' holds 1000 records: pick one with --index N\n  ${[1, 2, 3, 4, 5].map((n) => `${n}: POST /hook unknown`).join('; ')}; … and 995 more\n`);
  }, 180_000);

  it('prints what the README shows', async () => {
    await captured();
    const result = await runCli(['kind', 'from-capture', 'captures.ndjson', '--index', '1', '--name', 'acme-order'], { cwd: file('.') });
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual(readmeExample('from-capture'));
    expect(JSON.parse(await readFile(file('acme-order.schema.json'), 'utf8'))).toMatchObject({ title: 'acme-order' });
  });

  it('--output naming a directory: says so, with or without --force (which overwrites files only)', async () => {
    const save = await captured();
    const out = file('schemas');
    await mkdir(out);
    for (const force of [[], ['--force']]) {
      const refused = await runMain(['kind', 'from-capture', save, '--index', '1', '--name', 'acme', '--output', out, ...force]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(`error: '${out}' is a directory; --output names the schema file to write\n  e.g. --output ${join(out, 'acme.schema.json')}\n`);
    }
    expect(await readdir(out)).toEqual([]);
    // In a directory that is not there: said so, not as Node's ENOENT sentence.
    const nowhere = join(file('no-such-dir'), 'acme.schema.json');
    const missing = await runMain(['kind', 'from-capture', save, '--index', '1', '--name', 'acme', '--output', nowhere]);
    expect([missing.code, missing.stderr]).toEqual([2, `error: cannot write '${nowhere}': its directory ${file('no-such-dir')} does not exist\n`]);
  });

  it('quotes the schema file in the commands it prints, so they paste whatever the file is called', async () => {
    const save = await captured();
    const out = file("acme order's.schema.json");
    const result = await runMain(['kind', 'from-capture', save, '--index', '1', '--name', 'acme-order', '--output', out]);
    expect(result.code).toBe(0);
    const quoted = `'${out.replace(/'/g, `'\\''`)}'`;
    expect(result.stdout).toContain(`  use it: whk send --schema ${quoted} --url URL · whk listen --schema ${quoted} · whk validate --schema ${quoted} FILE`);
  });

  it("-o is --output, as for whk check; the first spelling --out still writes, hidden from the help, and refused with --output", async () => {
    const save = await captured();
    for (const flag of ['-o', '--out']) {
      const out = file(`by${flag}.schema.json`);
      const result = await runMain(['kind', 'from-capture', save, '--index', '1', '--name', 'acme', flag, out]);
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ title: 'acme' });
    }
    const both = await runMain(['kind', 'from-capture', save, '--index', '1', '--name', 'acme', '--out', file('a.json'), '--output', file('b.json')]);
    expect([both.code, both.stderr]).toEqual([2, 'error: --out cannot be used with --output\n  --out is the old spelling of --output: give one of the two\n']);
    const help = (await runMain(['kind', 'from-capture', '--help'])).stdout;
    expect(help).toContain('  -o, --output <file>');
    expect(help).not.toMatch(/--out\b/);
    expect((await runMain(['check', '--help'])).stdout).toContain('  -o, --output <file>');
  });

  it('does not overwrite a file unless --force', async () => {
    const save = await captured();
    const out = file('acme.schema.json');
    await writeFile(out, 'mine');
    const refused = await runMain(['kind', 'from-capture', save, '--index', '1', '--name', 'acme', '--output', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`error: '${out}' exists\n  give --force to overwrite it, or another --output\n`);
    expect(await readFile(out, 'utf8')).toBe('mine');
    expect((await runMain(['kind', 'from-capture', save, '--index', '1', '--name', 'acme', '--output', out, '--force'])).code).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ title: 'acme' });
  });
});
