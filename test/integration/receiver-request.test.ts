// The receiver detects by the request (the event header, then the body's shape) and takes bodies
// that are not JSON: every kind and event sent with its real profile is detected as itself and
// valid; unknown senders are recorded with their shape and are not invalid unless asked.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listen, send } from '../../src/index.js';
import { listKinds } from '../../src/kinds/index.js';
import type { Kind } from '../../src/kinds/types.js';
import { generateTravisKeys } from '../../src/signing/schemes/travis.js';
import { MAX_FORM_FIELDS } from '../../src/util/form.js';
import { MAX_JSON_LINES } from '../../src/receiver/content.js';
import { summaryLines } from '../../src/ui/render-listen.js';
import { post } from '../helpers/http.js';
import { closedAfterEach } from '../helpers/server.js';

const startListener = closedAfterEach(listen);
const travisKeys = generateTravisKeys();

/** Every kind with each of its events (kinds without events once, with no event). */
const cases = listKinds().flatMap((kind: Kind) => (kind.events ?? [undefined]).map((event) => ({ kind: kind.id, event: event?.id, signs: kind.delivery.signature?.scheme })));


describe('receiver: every kind and event, sample → send → listen', () => {
  it.each(cases)('$kind $event is detected as itself (kind and event) and valid', async ({ kind, event, signs }) => {
    const travis = signs === 'travis';
    const listener = await startListener(travis ? { travisPublicKey: travisKeys.publicKey } : {});
    const result = await send(kind, { url: `${listener.url}/${kind}`, seed: 3, ...(event ? { event } : {}), ...(travis ? { secret: travisKeys.privateKey } : {}) });
    expect(result.delivered).toBe(true);
    const [record] = await listener.waitFor(1);
    expect(record?.issues).toEqual([]);
    expect(record).toMatchObject({ kind, valid: true, kindSource: 'detected', event: event ?? null });
    if (travis) expect(record?.signature).toMatchObject({ scheme: 'travis', verdict: 'valid' });
  });
});

describe('receiver: a scheme with a key of its own', () => {
  it('grafana-incident signs with the secret (Gi-Signature) and listen verifies it; another secret is invalid', async () => {
    const listener = await startListener({ secret: 'some-secret-value' });
    await send('grafana-incident', { url: listener.url, seed: 3, secret: 'some-secret-value' });
    await send('grafana-incident', { url: listener.url, seed: 3, secret: 'another-secret' });
    const records = await listener.waitFor(2);
    expect(records.map((r) => [r.kind, r.signature?.scheme, r.signature?.verdict])).toEqual([
      ['grafana-incident', 'grafana-incident', 'valid'],
      ['grafana-incident', 'grafana-incident', 'invalid'],
    ]);
  });

  it('a travis signature by another key is invalid, and the issue names the travis key, not the secret', async () => {
    const listener = await startListener({ travisPublicKey: travisKeys.publicKey });
    await send('travis-ci', { url: listener.url, seed: 3, secret: generateTravisKeys().privateKey });
    const [record] = await listener.waitFor(1);
    expect(record?.signature).toMatchObject({ scheme: 'travis', verdict: 'invalid' });
    expect(record?.issues.map((issue) => issue.message)).toEqual(['the Signature header does not match the body and the travis key']);
  });
});

describe('receiver: a signature that cannot be checked', () => {
  it('twilio without a Host (HTTP/1.0): the issue says the URL is not known, not that the secret is wrong', async () => {
    const listener = await startListener({ verify: ['twilio'], secret: 's3cret' });
    const { port } = new URL(listener.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.end(`POST /sms HTTP/1.0\r\nX-Twilio-Signature: ${Buffer.alloc(20).toString('base64')}\r\nContent-Length: 2\r\n\r\n{}`);
    socket.resume();
    const [record] = await listener.waitFor(1);
    expect(record?.signature).toMatchObject({ scheme: 'twilio', verdict: 'invalid' });
    expect(record?.issues.map((issue) => issue.message)).toEqual([
      'signature x-twilio-signature is invalid: cannot check: Twilio signs the full request URL, and it is not known',
    ]);
  });
});

describe('receiver: form bodies', () => {
  const example = readFileSync(new URL('../../fixtures/travis-ci/cron.started.zulip-fixture.json', import.meta.url), 'utf8');

  it("decodes Travis CI's payload=<json> (a real published example, documented headers): fields recorded, the JSON detected and valid", async () => {
    const listener = await startListener();
    const json = JSON.stringify(JSON.parse(example));
    const body = new URLSearchParams([['payload', json]]).toString();
    await post(listener.url, body, { 'content-type': 'application/x-www-form-urlencoded', 'travis-repo-slug': 'sathwikshetty33/travis-test', 'user-agent': 'Travis CI Notifications' });
    const [record] = await listener.waitFor(1);
    expect(record).toMatchObject({ kind: 'travis-ci', event: 'started', valid: true, form: { fields: [['payload', json]], json: 'payload' } });
    expect(record?.body).toEqual(JSON.parse(example));
  });

  it('keeps fields in order with repeated names; a form without JSON is unknown, not invalid', async () => {
    const listener = await startListener();
    await post(listener.url, 'b=2&a=1&b=3&note=x+y', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    const [record] = await listener.waitFor(1);
    expect(record?.form).toEqual({ fields: [['b', '2'], ['a', '1'], ['b', '3'], ['note', 'x y']], json: null });
    expect(record).toMatchObject({ kind: null, valid: false, issues: [], body: null, shape: { body: 'form', keys: ['b', 'a', 'note'] } });
    expect(listener.summary()).toMatchObject({ unknown: 1, invalid: 0, valid: 0 });
  });

  it("an unknown form holding JSON is shaped by its field names, not the JSON's keys (the field was named nowhere)", async () => {
    const listener = await startListener();
    await post(listener.url, new URLSearchParams([['payload', '{"id":1,"state":"passed"}'], ['n', '2']]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    const [record] = await listener.waitFor(1);
    expect(record).toMatchObject({ kind: null, issues: [], body: { id: 1, state: 'passed' }, form: { json: 'payload' }, shape: { body: 'form', keys: ['payload', 'n'] } });
  });

  it('a body in a charset other than UTF-8 is read as UTF-8, and the record says so (it read caf\uFFFD without a word)', async () => {
    const listener = await startListener();
    await post(listener.url, 'name=caf%E9', { 'content-type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' });
    await post(listener.url, '{"a":1}', { 'content-type': 'application/json; charset=UTF-8' });
    await post(listener.url, '{"a":1}', { 'content-type': 'application/json;charset="us-ascii"' });
    const [latin, utf8, ascii] = await listener.waitFor(3);
    expect(latin?.form?.fields).toEqual([['name', 'caf\uFFFD']]);
    expect(latin?.warnings).toEqual(['the Content-Type names charset "ISO-8859-1": the body is read as UTF-8, not converted']);
    expect([utf8?.warnings, ascii?.warnings]).toEqual([[], []]);
  });

  it('a body read as JSON or text whose bytes are not UTF-8 says where, unless its charset already said so; a binary body and UTF-16 have issues of their own, or none', async () => {
    const listener = await startListener();
    const latin1 = Buffer.concat([Buffer.from('{"name":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    await post(listener.url, latin1, { 'content-type': 'application/json' });
    await post(listener.url, latin1, { 'content-type': 'application/json; charset=ISO-8859-1' });
    await post(listener.url, Buffer.concat([Buffer.from('d'), Buffer.from([0xe9]), Buffer.from('j'), Buffer.from([0xe0]), Buffer.from(' vu')]), { 'content-type': 'text/plain' });
    await post(listener.url, '{"name":"\uFFFD"}', { 'content-type': 'application/json' });
    await post(listener.url, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]), { 'content-type': 'image/png' });
    await post(listener.url, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')]), { 'content-type': 'application/json' });
    const [json, announced, text, ownReplacement, png, utf16] = await listener.waitFor(6);
    expect(json?.warnings).toEqual([
      "the body is not valid UTF-8: byte 0xE9 at offset 12, in '{\"name\":\"caf\\xE9\"}'; whk read each bad sequence as U+FFFD, and a receiver that decodes strictly refuses it (JSON must be UTF-8, RFC 8259 §8.1)",
    ]);
    expect(json?.body).toEqual({ name: 'caf\uFFFD' });
    expect(announced?.warnings).toEqual(['the Content-Type names charset "ISO-8859-1": the body is read as UTF-8, not converted']);
    // Text is held to no JSON rule: what whk does with it, said as its choice.
    expect(text?.warnings).toEqual([
      "the body is not valid UTF-8: byte 0xE9 at offset 1, the first of 2 bad sequences, in 'd\\xE9j\\xE0 vu'; whk read each bad sequence as U+FFFD, and a receiver that decodes strictly refuses it (no charset is named, and whk reads text as UTF-8: whk's choice)",
    ]);
    expect([ownReplacement?.warnings, png?.warnings, utf16?.warnings]).toEqual([[], [], []]);
    expect(utf16?.issues[0]?.message).toMatch(/^not valid JSON: it is UTF-16 text/);
    // The summary counts the requests whose records carry a warning, as validate's does.
    expect(summaryLines(listener.summary())[0]).toBe('6 requests: 0 valid, 1 invalid, 5 unknown (no kind claims them), 3 with warnings');
  });

  it('a JSON Lines body (application/x-ndjson, jsonl…) is the array of its lines’ values; a line that is not JSON is named', async () => {
    const save = join(mkdtempSync(join(tmpdir(), 'whk-ndjson-')), 'capture.ndjson');
    const listener = await startListener({ save });
    const drain = '{"a":1}\r\n\n{"b":[2,3]}\n';
    await post(listener.url, drain, { 'content-type': 'application/x-ndjson' });
    await post(listener.url, '{"a":1}\n{"b":2,}\n', { 'content-type': 'application/jsonl; charset=utf-8' });
    await post(listener.url, '{"a":1}\n{"b":\n', { 'content-type': 'application/x-ndjson' });
    await post(listener.url, drain, { 'content-type': 'application/json' });
    const [lines, repaired, broken, declaredJson] = await listener.waitFor(4);
    expect(lines).toMatchObject({ body: [{ a: 1 }, { b: [2, 3] }], issues: [], warnings: [], shape: { body: 'json array' } });
    expect(Buffer.from(lines?.bodyBase64 ?? '', 'base64').toString()).toBe(drain);
    expect(repaired).toMatchObject({ body: [{ a: 1 }, { b: 2 }], warnings: ["line 2: repaired a trailing comma before '}' (not valid JSON)"] });
    expect(broken).toMatchObject({ body: null, issues: [{ path: '$', message: 'line 2: not valid JSON: Unexpected end of JSON input' }] });
    // Labelled JSON, the same bytes are one document that is not JSON.
    expect(declaredJson?.issues[0]?.message).toMatch(/^line 3: not valid JSON/);
    // The capture line holds the array, not the lines' text run together.
    await listener.close();
    expect(readFileSync(save, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { body: unknown }).body)).toEqual([lines?.body, repaired?.body, null, null]);
  });

  // 3 million short lines (10 MB) parsed one by one held the receiver for seconds.
  it('a JSON Lines body past whk\'s bound on its lines is recorded as it came, not parsed, and says so; one at the bound is parsed', async () => {
    const listener = await startListener({ kind: 'metric-alert' });
    const unkinded = await startListener();
    const atBound = '{}\n'.repeat(MAX_JSON_LINES);
    // Blank lines after the last are no line of it.
    await post(unkinded.url, `${atBound}\n \n`, { 'content-type': 'application/x-ndjson' });
    const past = `${atBound}{}`;
    await post(unkinded.url, past, { 'content-type': 'application/x-ndjson' });
    await post(listener.url, past, { 'content-type': 'application/jsonl' });
    const [parsed, unparsed] = await unkinded.waitFor(2);
    const [given] = await listener.waitFor(1);
    expect([(parsed?.body as unknown[]).length, parsed?.warnings]).toEqual([MAX_JSON_LINES, []]);
    const told = "a JSON Lines body of more than 10,000 lines (whk's bound): recorded as it came, not parsed line by line";
    expect(unparsed).toMatchObject({ body: null, issues: [], warnings: [told], kind: null });
    expect(Buffer.from(unparsed?.bodyBase64 ?? '', 'base64').toString()).toBe(past);
    // A kind asked for cannot be checked: its issue says why, not that the body is no JSON.
    expect(given?.issues).toEqual([{ path: '$', message: "the body was not parsed (a JSON Lines body of more than 10,000 lines (whk's bound)), so it cannot be checked as a metric-alert payload" }]);
  });

  it('a form field whose escapes are not UTF-8 says which; the fields are read as the URL standard reads them', async () => {
    const listener = await startListener();
    await post(listener.url, 'ok=1&name=caf%E9', { 'content-type': 'application/x-www-form-urlencoded' });
    await post(listener.url, 'name=caf%E9', { 'content-type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' });
    await post(listener.url, 'note=100%+sure%2C+café', { 'content-type': 'application/x-www-form-urlencoded' });
    await post(listener.url, Buffer.concat([Buffer.from('name=caf'), Buffer.from([0xe9])]), { 'content-type': 'application/x-www-form-urlencoded' });
    const [latin, announced, partlyEscaped, rawLatin] = await listener.waitFor(4);
    expect(latin?.form?.fields).toEqual([['ok', '1'], ['name', 'caf\uFFFD']]);
    expect(latin?.warnings).toEqual([
      "form field 2, percent-decoded, is not valid UTF-8: byte 0xE9 at offset 8, in 'name=caf\\xE9'; whk read each bad sequence as U+FFFD, and a receiver that decodes strictly refuses it (a form's bytes are UTF-8, the URL standard)",
    ]);
    expect(announced?.warnings).toEqual(['the Content-Type names charset "ISO-8859-1": the body is read as UTF-8, not converted']);
    expect(partlyEscaped?.form?.fields).toEqual([['note', '100% sure, café']]);
    expect(partlyEscaped?.warnings).toEqual([]);
    // A form's own bytes, not escaped, are held to the form's rule too, not JSON's.
    expect(rawLatin?.warnings).toEqual([
      "the body is not valid UTF-8: byte 0xE9 at offset 8, in 'name=caf\\xE9'; whk read each bad sequence as U+FFFD, and a receiver that decodes strictly refuses it (a form's bytes are UTF-8, the URL standard)",
    ]);
  });

  it(`reads the first ${MAX_FORM_FIELDS} fields of a form and counts the rest (a field every two bytes once took seconds and a gigabyte)`, async () => {
    const listener = await startListener();
    // Empty sequences ("&&") are no fields, as URLSearchParams reads them; the JSON field is past the bound.
    const body = `${'a=1&&'.repeat(MAX_FORM_FIELDS + 500)}payload={"x":1}`;
    await post(listener.url, body, { 'content-type': 'application/x-www-form-urlencoded' });
    const [record] = await listener.waitFor(1);
    expect(record?.form?.fields).toEqual(Array.from({ length: MAX_FORM_FIELDS }, () => ['a', '1']));
    expect(record?.warnings).toEqual([`read the first ${MAX_FORM_FIELDS} fields of the form (whk's bound): 501 more left unread`]);
    expect(Buffer.from(record?.bodyBase64 ?? '', 'base64').toString()).toBe(body);
    expect(record).toMatchObject({ status: 200, body: null, form: { json: null } });
  });
});

describe('receiver: multipart/form-data bodies', () => {
  it('reads a multipart form from fetch over a real socket: text parts as fields, the JSON one as body, the Blob file described, the bytes kept', async () => {
    const listener = await startListener();
    const raw = JSON.stringify({ slug: 'submit/231', q3_fullName: { first: 'Ada', last: 'Lovelace' } });
    const form = new FormData();
    form.append('formID', '231');
    form.append('rawRequest', raw);
    form.append('pretty', 'Full Name:Ada Lovelace');
    form.append('upload', new Blob([Uint8Array.from([0, 1, 2, 0xff, 0x0d, 0x0a])], { type: 'image/png' }), 'scan.png');
    const sent = new Request(listener.url, { method: 'POST', body: form });
    const bytes = Buffer.from(await sent.clone().arrayBuffer());
    const answer = await fetch(sent);
    await answer.arrayBuffer();
    const [record] = await listener.waitFor(1);
    expect(record?.form).toEqual({
      fields: [['formID', '231'], ['rawRequest', raw], ['pretty', 'Full Name:Ada Lovelace']],
      json: 'rawRequest',
      files: [{ name: 'upload', filename: 'scan.png', contentType: 'image/png', size: 6 }],
    });
    expect(record).toMatchObject({ kind: null, valid: false, issues: [], warnings: [], body: JSON.parse(raw), shape: { body: 'form', keys: ['formID', 'rawRequest', 'pretty'], files: ['upload (scan.png)'] } });
    expect(Buffer.from(record?.bodyBase64 ?? '', 'base64').equals(bytes)).toBe(true);
  });

  it('a multipart body it cannot read is recorded with a warning, not refused', async () => {
    const listener = await startListener();
    expect(await post(listener.url, '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', { 'content-type': 'multipart/form-data' })).toBe(200);
    const [record] = await listener.waitFor(1);
    expect(record).toMatchObject({ status: 200, issues: [], shape: { body: 'other' }, warnings: ['multipart/form-data without a boundary parameter: its parts cannot be told apart, so none was read'] });
    expect(record?.form).toBeUndefined();
  });
});

describe('receiver: unknown senders', () => {
  it('an unknown JSON, form and text body is unknown, shown with its event header, content type and keys', async () => {
    const listener = await startListener();
    await post(listener.url, '{"ref":"refs/heads/main","zen":"Keep it logically awesome."}', { 'content-type': 'application/json', 'x-acme-event': 'deploy' });
    await post(listener.url, 'x=1', { 'content-type': 'application/x-www-form-urlencoded' });
    await post(listener.url, 'hello, plain text', { 'content-type': 'text/plain' });
    const records = await listener.waitFor(3);
    expect(records.map((r) => [r.kind, r.valid, r.issues.length])).toEqual([[null, false, 0], [null, false, 0], [null, false, 0]]);
    expect(records[0]?.shape).toEqual({ eventHeader: 'x-acme-event: deploy', contentType: 'application/json', body: 'json', keys: ['ref', 'zen'], moreKeys: 0 });
    expect(records[2]).toMatchObject({ text: 'hello, plain text', shape: { body: 'text', contentType: 'text/plain', keys: [] } });
    expect(listener.summary()).toMatchObject({ requests: 3, valid: 0, invalid: 0, unknown: 3, kinds: { unknown: 3 } });
  });

  it('strict, expect or a given kind ask for a known kind: then an unknown body is invalid', async () => {
    for (const options of [{ strict: true }, { expect: 'travis-ci' }, { kind: 'travis-ci' }]) {
      const listener = await startListener(options);
      await post(listener.url, 'x=1', { 'content-type': 'application/x-www-form-urlencoded' });
      await post(listener.url, 'hello', { 'content-type': 'text/plain' });
      const records = await listener.waitFor(2);
      for (const record of records) expect(record.issues.length, JSON.stringify(options)).toBeGreaterThan(0);
      expect(listener.summary()).toMatchObject({ invalid: 2, unknown: 0 });
    }
  });

  // A real push (@octokit/webhooks-examples, fixtures/github/push.json) with bytes after it: the
  // header still names the sender, so the body is GitHub's and not JSON, not an unknown sender's.
  it('a body that is not JSON under an event header naming the kind is that kind and event, invalid; --expect gets its kind', async () => {
    const push = `${readFileSync(join(import.meta.dirname, '../../fixtures/github/push.json'), 'utf8').trimEnd()}garbage!!`;
    const json = { 'content-type': 'application/json' };
    for (const options of [{}, { expect: 'github' }]) {
      const listener = await startListener(options);
      await post(listener.url, push, { ...json, 'x-github-event': 'push' });
      await post(listener.url, '{"object_kind": "push",', { ...json, 'x-gitlab-event': 'Push Hook' });
      await post(listener.url, '{"push": {', { ...json, 'x-event-key': 'repo:push' });
      await post(listener.url, 'hello', { 'content-type': 'text/plain', 'x-github-event': 'push' });
      // An event whk does not know names no kind: unknown by its header, as a JSON body is.
      await post(listener.url, '{"starred_at": ', { ...json, 'x-github-event': 'star' });
      const records = await listener.waitFor(5);
      const lines = push.split('\n').length;
      expect(records.map((r) => [r.kind, r.event, r.kindSource, r.issues.at(-1)?.message])).toEqual([
        ['github', 'push', 'detected', `line ${lines}: not valid JSON: Unexpected non-whitespace character after JSON`],
        ['gitlab', 'push', 'detected', expect.stringMatching(/not valid JSON/)],
        ['bitbucket', 'repo:push', 'detected', expect.stringMatching(/not valid JSON/)],
        ['github', 'push', 'detected', 'the body is text, not JSON, so it cannot be a github payload'],
        [null, null, 'none', expect.stringMatching(/not valid JSON/)],
      ]);
      const expected = records.map((r) => r.issues.some((issue) => issue.message.startsWith('expected kind')));
      expect(expected, JSON.stringify(options)).toEqual('expect' in options ? [false, true, true, false, true] : [false, false, false, false, false]);
    }
  });

  it('a body that claims to be JSON and is not stays invalid', async () => {
    const listener = await startListener();
    await post(listener.url, '{"broken": ', { 'content-type': 'application/json' });
    const [record] = await listener.waitFor(1);
    expect(record).toMatchObject({ kind: null, valid: false });
    expect(record?.issues[0]?.path).toBe('$');
    expect(listener.summary()).toMatchObject({ invalid: 1, unknown: 0 });
  });
});
