// Bad CLI input across every command: each wrong invocation exits 2 with one clear line on stderr
// (plus at most an indented hint), nothing on stdout, and no stack trace. Each is run through main(),
// the binary's own path, in this process; a witness of each source of error (commander, an option
// table, a command's own reading, one that sends HTTP, the terminal check) runs the binary too, and
// it must print the same bytes and exit the same way.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expectUsageLine, runCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';

const URL = 'http://127.0.0.1:9/hook';

// [arguments, what the error line must say]
const CASES: readonly (readonly [readonly string[], RegExp])[] = [
  [['frobnicate'], /unknown command 'frobnicate'/],
  [['--frob'], /unknown option '--frob'/],
  [['send'], /required option '--url <url>' not specified/],
  [['send', 'metric-alert'], /required option '--url/],
  [['send', 'nope', '--url', URL], /unknown kind 'nope'/],
  [['send', 'metric-alert', '--url', 'ftp://x'], /invalid --url 'ftp:\/\/x'/],
  [['send', 'metric-alert', '--url', 'not a url'], /invalid --url/],
  [['send', 'metric-alert', '--url', URL, '--count', '0'], /invalid --count: expected an integer ≥ 1, got '0'/],
  [['send', 'metric-alert', '--url', URL, '--count', 'abc'], /invalid --count/],
  [['send', 'metric-alert', '--url', URL, '--concurrency', '-1'], /invalid --concurrency/],
  [['send', 'metric-alert', '--url', URL, '--timeout', '5parsecs'], /^error: invalid --timeout: expected a duration like '300ms', '30s' or '2m', got '5parsecs'$/],
  [['send', 'metric-alert', '--url', URL, '--retry-delay', '9999999h'], /^error: invalid --retry-delay: expected a duration of at most 596h \(about 24 days\), got '9999999h'$/],
  [['send', 'metric-alert', '--url', URL, '--timeout', '0'], /^error: invalid --timeout: expected a duration above 0, got '0'$/],
  [['send', 'metric-alert', '--url', URL, '--timeout', '10'], /^error: invalid --timeout: expected a duration with its unit, e.g. '10s' or '10ms', got '10'$/],
  [['send', 'metric-alert', '--url', URL, '--count', '0x10'], /^error: invalid --count: expected an integer ≥ 1, got '0x10'$/],
  [['send', 'metric-alert', '--url', URL, '--count', '1e3'], /^error: invalid --count: expected an integer ≥ 1, got '1e3'$/],
  [['replay', '/nonexistent/captures.ndjson', '--url', URL, '--timeout', '-1s'], /^error: invalid --timeout: expected a duration like '300ms', '30s' or '2m', got '-1s'$/],
  [['replay', '/nonexistent/captures.ndjson', '--url', URL, '--index', '99999999999999999999999'], /^error: invalid --index: expected 1-based record numbers and ranges, e.g. 1,3,5-7, got '99999999999999999999999'$/m],
  [['replay', '/nonexistent/captures.ndjson', '--url', URL, '--timeout', '0s'], /^error: invalid --timeout: expected a duration above 0, got '0s'$/],
  [['send', 'metric-alert', '--url', URL, '--gzip', 'sometimes'], /invalid --gzip: expected one of 'auto', 'always', 'never', got 'sometimes'/],
  [['send', 'metaplane-incident', '--url', URL, '--duplicates', '2'], /invalid --duplicates/],
  [['send', 'metric-alert', '--url', URL, '--duplicates', '0.5'], /--duplicates: metric-alert is not delivered at-least-once/],
  [['send', 'metric-alert', '--url', URL, '--data', '/nonexistent/payload.json'], /cannot read --data/],
  [['send', 'metric-alert', '--url', URL, '--secret', 's'], /--secret: metric-alert deliveries are not signed/],
  [['send', 'metric-alert', '--url', URL, '--variant', 'nope'], /unknown variant 'nope'/],
  [['send', 'metric-alert', '--url', URL, '--header', 'novalue'], /invalid --header 'novalue'/],
  [['replay', '/nonexistent/captures.ndjson', '--url', URL, '--header', 'Host: api.example.com'], /^error: invalid --header 'Host: api.example.com': Host belongs to the connection, which whk sets from the URL and the body$/m],
  [['send', 'metric-alert', '--url', URL, '--header', 'X-Price: 5 €'], /^error: invalid --header 'X-Price: 5 €': its value holds '€' \(U\+20AC\), past Latin-1: a header carries one byte a character/m],
  // The control character is named, and echoed as its escape, not written to the terminal.
  [['send', 'metric-alert', '--url', URL, '--header', 'X-Id: a\u0001b'], /^error: invalid --header 'X-Id: a\\x01b': its value holds a control character \(U\+0001\), which no header may carry$/m],
  [['send', 'metric-alert', '--url', URL, '--set', 'novalue'], /invalid --set 'novalue'/],
  [['send', 'all', '--url', URL, '--variant', 'x'], /--variant cannot be used with 'send all'/],
  [['send', 'metric-alert', '--url', URL, '--frob'], /unknown option '--frob'/],
  [['listen', '--port', '70000'], /invalid --port: expected an integer from 0 to 65535, got '70000'/],
  [['listen', '--port', 'abc'], /invalid --port/],
  [['listen', '--status', '99'], /invalid --status/],
  [['listen', '--status', '200', '--respond', '500,200'], /give --status or --respond, not both/],
  [['listen', '--respond', '500,abc'], /invalid --respond/],
  // '-' is stdin or stdout to the other file flags; here it made a file named '-' and listened on.
  [['listen', '--save', '-'], /^error: --save takes a file: '-' would be stdout, where listen prints its lines$/],
  [['listen', '--max-body', '10zb'], /^error: invalid --max-body: expected a size like '512kb' or '10mb', got '10zb'$/],
  [['listen', '--max-body', '0'], /^error: invalid --max-body: expected a size above 0, got '0'$/],
  [['validate', '--max-document', '10 s', 'x.json'], /^error: invalid --max-document: expected a size like '512kb' or '10mb', got '10 s'$/],
  // What is read becomes one JavaScript string (V8's longest: 0x1fffffe8 units): past it whk crashed on the first long line.
  [['validate', '--max-document', '10gb', 'x.json'], /^error: invalid --max-document: expected a size of at most 511mb \(what is read must fit in one JavaScript string\), got '10gb'$/],
  [['validate', '--max-document', '99999999999999999999b', 'x.json'], /^error: invalid --max-document: expected a size of at most 511mb \(what is read must fit in one JavaScript string\), got '99999999999999999999b'$/],
  // A body is recorded as base64, 4/3 of its bytes, in its capture line: a 400 MB body failed the request.
  // An unknown {name} in the template was signed as its own text: the signature need not cover the body.
  [['sign', 'hmac', '--secret', 's', '--content', '{nope}.{body}', 'package.json'], /^error: invalid --content '\{nope\}\.\{body\}': \{nope\} is not one of \{body\}, \{timestamp\}, \{id\}, \{url\}$/m],
  [['verify', 'hmac', '--secret', 's', '--content', '{body}{ts}', '--header', 'X-Signature: ab', 'package.json'], /^error: invalid --content '\{body\}\{ts\}': \{ts\} is not one of \{body\}, \{timestamp\}, \{id\}, \{url\}$/m],
  // Header names and header text as the wire takes them: sign printed a header split across two lines.
  [['sign', 'hmac', '--secret', 's', '--signature-header', 'a b', 'package.json'], /^error: invalid --signature-header 'a b': not an HTTP header name$/m],
  [['sign', 'hmac', '--secret', 's', '--timestamp-header', 'a:b', '--content', '{timestamp}.{body}', 'package.json'], /^error: invalid --timestamp-header 'a:b': not an HTTP header name$/m],
  [['sign', 'hmac', '--secret', 's', '--id-header', 'a b', '--content', '{id}.{body}', 'package.json'], /^error: invalid --id-header 'a b': not an HTTP header name$/m],
  [['sign', 'hmac', '--secret', 's', '--prefix', 'sha256=\n', 'package.json'], /^error: invalid --prefix .*: it goes into a header value, which holds no line break or other control character$/m],
  [['sign', 'standard-webhooks', '--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '--id', 'a\nb', 'package.json'], /^error: invalid --id .*: it goes into a header value, which holds no line break or other control character$/m],
  [['listen', '--max-body', '1gb'], /^error: invalid --max-body: expected a size of at most 100mb \(its capture record holds it twice, as base64 and parsed, in one line whk reads back whole\), got '1gb'$/],
  [['listen', '--port', ''], /^error: invalid --port: expected an integer from 0 to 65535, got ''$/],
  // The README's relay line with its variable unset: refused, as send, sign and verify refuse it.
  [['listen', '--port', '0', '--verify', 'github', '--secret', ''], /^error: invalid --secret: the secret may not be empty$/m],
  [['listen', '--port', '0', '--secret', ''], /^error: invalid --secret: the secret may not be empty$/m],
  [['listen', '--port', '0x50'], /^error: invalid --port: expected an integer from 0 to 65535, got '0x50'$/],
  [['listen', '--status', '0x1f4'], /^error: invalid --status: expected an HTTP status from 200 to 599, got '0x1f4'$/],
  [['listen', '--fail-rate', ''], /^error: invalid --fail-rate: expected a number from 0 to 1, got ''$/],
  [['listen', '--count', '1', '--timeout', '30'], /^error: invalid --timeout: expected a duration with its unit, e.g. '30s' or '30ms', got '30'$/],
  [['listen', '--idle-timeout', '0ms'], /^error: invalid --idle-timeout: expected a duration above 0, got '0ms'$/],
  [['verify', 'github', '--tolerance', '1e3'], /^error: invalid --tolerance: expected a duration like '300ms', '30s' or '2m', got '1e3'$/],
  [['listen', '--fail-rate', '2'], /invalid --fail-rate/],
  [['listen', '--save', ''], /^error: invalid --save: the value may not be empty$/],
  [['listen', '--host', ''], /^error: invalid --host: the value may not be empty$/],
  [['kind', 'from-capture', 'captures.ndjson', '--name', ''], /^error: invalid --name: the value may not be empty$/],
  [['sign', 'github', '--url', '', '--secret', 's', 'body.txt'], /^error: invalid --url: the value may not be empty$/],
  [['verify', 'github', '--secret', 's', '--index', '2', 'body.txt'], /^error: --index picks a record of --capture, which was not given$/m],
  [['listen', '--delay', 'forever'], /^error: invalid --delay: expected a duration like '300ms', '30s' or '2m', got 'forever'$/],
  [['listen', '--delay', '1e3'], /^error: invalid --delay: expected a duration like '300ms', '30s' or '2m', got '1e3'$/],
  [['listen', '--forward-to', 'ftp://x'], /invalid --forward-to 'ftp:\/\/x': only http and https are supported/],
  [['listen', '--kind', 'nope'], /--kind: unknown kind 'nope'/],
  [['listen', '--kind', 'metric-alert', '--expect', 'impressions'], /disagree/],
  [['listen', '--count', '0'], /invalid --count/],
  [['validate', '/nonexistent/file.json'], /cannot read '\/nonexistent\/file.json': no such file/],
  // A directory stands for its payload files: src holds none of its own (its .ts files, and folders).
  [['validate', 'src'], /^error: 'src' is a directory with no \.json, \.ndjson or \.jsonl file in it \(its subdirectories are not read\)$/m],
  [['validate', '--kind', 'nope', 'x.json'], /unknown kind 'nope'/],
  [['validate', '--format', 'yaml', 'x.json'], /invalid --format: expected one of 'text', 'json', 'junit', got 'yaml'/],
  [['sample'], /missing required argument 'kind'/],
  [['sample', 'nope'], /unknown kind 'nope'/],
  [['sample', 'metric-alert', '--seed', 'x'], /invalid --seed/],
  [['sample', 'metric-alert', '--variant', 'nope'], /unknown variant 'nope' for metric-alert/],
  [['sample', 'alertmanager', '--event', 'push'], /alertmanager has no events/],
  [['sample', 'impressions', '--count', '0'], /invalid --count/],
  [['sample', 'github', '--count', '5'], /^error: --count sizes a batch, and github sends one payload per request$/m],
  [['sample', 'metric-alert', '--set', 'novalue'], /invalid --set 'novalue'/],
  [['schema'], /missing required argument 'kind'/],
  [['schema', 'nope'], /unknown kind 'nope'/],
  [['schema', 'metric-alert', 'extra'], /too many arguments for 'schema'/],
  [['kinds', 'extra'], /unknown kind 'extra'/],
  [['kinds', '--frob'], /unknown option '--frob'/],
  [['demo', '--seed', 'abc'], /invalid --seed/],
  [['demo', '--batch-size', '0'], /invalid --batch-size/],
  [['demo', '--batch-size', '100001'], /^error: invalid --batch-size: expected an integer from 1 to 100000, got '100001'$/m],
  [['demo', '--frob'], /unknown option '--frob'/],
  [['validate', '--schema', '/nonexistent/schema.json', 'x.json'], /cannot read JSON Schema '\/nonexistent\/schema.json'/],
  [['send', '--schema', '/nonexistent/schema.json', '--url', URL], /cannot read JSON Schema/],
  [['listen', '--map', '/nonexistent/map.json'], /cannot read mapping file/],
  [['check'], /missing required argument 'contract'/],
  [['check', '/nonexistent/contract.json'], /cannot read contract '\/nonexistent\/contract.json': no such file/],
  [['check', 'contract.json', '--format', 'yaml'], /invalid --format: expected one of 'text', 'json', 'junit', got 'yaml'/],
  [['replay', '/nonexistent/captures.ndjson'], /required option '--url <url>' not specified/],
  [['replay', '/nonexistent/captures.ndjson', '--url', URL], /cannot read '\/nonexistent\/captures.ndjson': no such file/],
  [['inspect'], /missing required argument 'capture'/],
  [['inspect', '/nonexistent/captures.ndjson'], /cannot read '\/nonexistent\/captures.ndjson': no such file/],
  [['inspect', 'package.json'], /'package.json' holds one JSON document over several lines, not capture records/],
  [['inspect', 'package.json', '--port', '70000'], /invalid --port: expected an integer from 0 to 65535, got '70000'/],
  [['listen', '--ui', '--ui-port', 'abc'], /invalid --ui-port/],
  [['map'], /missing required argument 'payload'/],
  [['map', '/nonexistent/payload.json'], /cannot read/],
  [['map', 'package.json', '--map', '/nonexistent/map.json'], /cannot read mapping file/],
  [['wizard'], /the wizard needs a terminal/],
  [['wizard', '--frob'], /unknown option '--frob'/],
  // A value quoted in the message keeps the error on one line: its line break is shown as \n.
  [['verify', 'github', '--secret', 's', '--header', 'bad\nheader', '/dev/null'], /^error: invalid --header 'bad\\nheader'$/],
  [['sample', 'metric-alert', '--set', 'no\r\nequals'], /^error: invalid --set 'no\\r\\nequals'$/],
];

// The rows also run by the binary (args joined by spaces).
const WITNESSES = new Set([
  'frobnicate',
  'sample',
  `send metric-alert --url ${URL} --count 0`,
  `send metric-alert --url ${URL} --header X-Id: a\u0001b`,
  'verify github --secret s --header bad\nheader /dev/null',
  'validate /nonexistent/file.json',
  'inspect package.json',
  "listen --port 0 --secret ",
  'wizard',
]);

/** `whk args` through main() in this process; a witness through the binary too, which must say the same. */
async function run(args: readonly string[], witness = false): Promise<CliResult> {
  const inProcess = await runMain(args);
  if (witness) expect(await runCli(args)).toEqual(inProcess);
  return inProcess;
}

describe('reliability: bad CLI input (main(), the binary for a witness of each source)', () => {
  it('every witness is a row', () => {
    const names = new Set(CASES.map(([args]) => args.join(' ')));
    expect([...WITNESSES].filter((name) => !names.has(name))).toEqual([]);
  });

  it.concurrent.each(CASES.map(([args, message]) => ({ args, message, name: args.join(' '), witness: WITNESSES.has(args.join(' ')) })))('whk $name → exit 2, one line (binary too: $witness)', async ({ args, message, witness }) => {
    const result = await run(args, witness);
    expectUsageLine(result, message);
    expect(result.stderr).not.toMatch(/\n\s+at |this is a bug in whk/);
  });

  // Read as text, each was "not valid JSON: Unexpected token U+001F".
  it('a contract, mapping file or JSON Schema given gzip-compressed: exit 2, saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whk-gz-'));
    const gz = join(dir, 'x.json.gz');
    const payload = join(dir, 'p.json');
    writeFileSync(gz, gzipSync('{}'));
    writeFileSync(payload, '{}');
    const cases: readonly (readonly [readonly string[], string])[] = [
      [['check', gz], 'contract'],
      [['map', '--map', gz, payload], 'mapping file'],
      [['send', '--schema', gz, '--url', URL], 'JSON Schema'],
    ];
    for (const [args, what] of cases) {
      const result = await run(args, what === 'contract');
      expectUsageLine(result, new RegExp(`^error: ${what} '.*x\\.json\\.gz' is gzip-compressed, so not JSON$`));
    }
  });

  // Each reader worded it its own way ('cannot parse', 'cannot read', 'invalid …: not JSON (…)'), the
  // line first, last or in brackets, and send --data said 'not valid JSON' twice.
  it('a file that is not JSON: one phrase from every reader of one, the line once, as validate and the receiver word the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whk-notjson-'));
    const bad = join(dir, 'bad.json');
    const empty = join(dir, 'empty.json');
    const payload = join(dir, 'p.json');
    writeFileSync(bad, '{\n  "a": 1,\n  "b": x\n}\n');
    writeFileSync(empty, '\n');
    writeFileSync(payload, '{}');
    const problem = "not valid JSON: Unexpected token 'x'";
    const cases: readonly (readonly [(file: string) => readonly string[], string])[] = [
      [(file) => ['send', 'alertmanager', '--url', URL, '--data', file, '--dry-run'], '--data '],
      [(file) => ['map', file, '--kind', 'alertmanager'], ''],
      [(file) => ['check', file], 'contract '],
      [(file) => ['listen', '--map', file], 'mapping file '],
      [(file) => ['listen', '--schema', file], 'JSON Schema '],
      [(file) => ['validate', payload, '--schema', file], 'JSON Schema '],
    ];
    for (const [args, what] of cases) {
      expectUsageLine(await run(args(bad), what === '--data '), new RegExp(`^error: ${what}'${bad}': line 3: ${problem}$`));
      expectUsageLine(await run(args(empty)), new RegExp(`^error: ${what}'${empty}' is empty: not JSON$`));
    }
    const validated = await run(['validate', bad], true);
    expect([validated.code, validated.stdout.split('\n')[0]]).toEqual([1, `${bad}:3  unknown  $  ${problem}`]);
  });
});
