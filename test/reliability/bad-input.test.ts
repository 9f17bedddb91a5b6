// Bad CLI input across every command: each wrong invocation exits 2 with one clear line on stderr
// (plus at most an indented hint), nothing on stdout, and no stack trace.
import { describe, expect, it } from 'vitest';
import { expectUsageLine, runCli } from '../helpers/cli.js';

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
  [['send', 'metric-alert', '--url', URL, '--timeout', '5parsecs'], /invalid duration '5parsecs'/],
  [['send', 'metric-alert', '--url', URL, '--retry-delay', '9999999h'], /duration '9999999h' is too long/],
  [['send', 'metric-alert', '--url', URL, '--gzip', 'sometimes'], /'--gzip <mode>' argument 'sometimes' is invalid/],
  [['send', 'metaplane-incident', '--url', URL, '--duplicates', '2'], /invalid --duplicates/],
  [['send', 'metric-alert', '--url', URL, '--duplicates', '0.5'], /--duplicates: metric-alert is not delivered at-least-once/],
  [['send', 'metric-alert', '--url', URL, '--data', '/nonexistent/payload.json'], /cannot read --data/],
  [['send', 'metric-alert', '--url', URL, '--secret', 's'], /--secret: metric-alert deliveries are not signed/],
  [['send', 'metric-alert', '--url', URL, '--variant', 'nope'], /unknown variant 'nope'/],
  [['send', 'metric-alert', '--url', URL, '--header', 'novalue'], /invalid --header 'novalue'/],
  [['send', 'metric-alert', '--url', URL, '--set', 'novalue'], /invalid --set 'novalue'/],
  [['send', 'all', '--url', URL, '--variant', 'x'], /--variant cannot be used with 'send all'/],
  [['send', 'metric-alert', '--url', URL, '--frob'], /unknown option '--frob'/],
  [['listen', '--port', '70000'], /invalid --port: expected an integer from 0 to 65535, got '70000'/],
  [['listen', '--port', 'abc'], /invalid --port/],
  [['listen', '--status', '99'], /invalid --status/],
  [['listen', '--status', '200', '--respond', '500,200'], /give --status or --respond, not both/],
  [['listen', '--respond', '500,abc'], /invalid --respond/],
  [['listen', '--max-body', '10zb'], /invalid size '10zb'/],
  [['listen', '--max-body', '0'], /--max-body must be more than 0 bytes/],
  [['listen', '--fail-rate', '2'], /invalid --fail-rate/],
  [['listen', '--delay', 'forever'], /invalid duration 'forever'/],
  [['listen', '--forward-to', 'ftp://x'], /invalid --forward-to 'ftp:\/\/x': only http and https are supported/],
  [['listen', '--kind', 'nope'], /--kind: unknown kind 'nope'/],
  [['listen', '--kind', 'metric-alert', '--expect', 'impressions'], /disagree/],
  [['listen', '--count', '0'], /invalid --count/],
  [['validate', '/nonexistent/file.json'], /cannot read '\/nonexistent\/file.json': no such file/],
  [['validate', '.'], /cannot read '.': it is a directory/],
  [['validate', '--kind', 'nope', 'x.json'], /unknown kind 'nope'/],
  [['validate', '--format', 'yaml', 'x.json'], /'--format <format>' argument 'yaml' is invalid/],
  [['sample'], /missing required argument 'kind'/],
  [['sample', 'nope'], /unknown kind 'nope'/],
  [['sample', 'metric-alert', '--seed', 'x'], /invalid --seed/],
  [['sample', 'metric-alert', '--variant', 'nope'], /unknown variant 'nope' for metric-alert/],
  [['sample', 'alertmanager', '--event', 'push'], /alertmanager has no events/],
  [['sample', 'impressions', '--count', '0'], /invalid --count/],
  [['sample', 'metric-alert', '--set', 'novalue'], /invalid --set 'novalue'/],
  [['schema'], /missing required argument 'kind'/],
  [['schema', 'nope'], /unknown kind 'nope'/],
  [['schema', 'metric-alert', 'extra'], /too many arguments for 'schema'/],
  [['kinds', 'extra'], /too many arguments for 'kinds'/],
  [['kinds', '--frob'], /unknown option '--frob'/],
  [['demo', '--seed', 'abc'], /invalid --seed/],
  [['demo', '--batch-size', '0'], /invalid --batch-size/],
  [['demo', '--frob'], /unknown option '--frob'/],
  [['validate', '--schema', '/nonexistent/schema.json', 'x.json'], /cannot read JSON Schema '\/nonexistent\/schema.json'/],
  [['send', '--schema', '/nonexistent/schema.json', '--url', URL], /cannot read JSON Schema/],
  [['listen', '--map', '/nonexistent/map.json'], /cannot read mapping file/],
  [['check'], /missing required argument 'contract'/],
  [['check', '/nonexistent/contract.json'], /cannot read contract '\/nonexistent\/contract.json': no such file/],
  [['check', 'contract.json', '--format', 'yaml'], /'--format <format>' argument 'yaml' is invalid/],
  [['replay', '/nonexistent/captures.ndjson'], /required option '--url <url>' not specified/],
  [['replay', '/nonexistent/captures.ndjson', '--url', URL], /cannot read '\/nonexistent\/captures.ndjson': no such file/],
  [['inspect'], /missing required argument 'capture'/],
  [['inspect', '/nonexistent/captures.ndjson'], /cannot read '\/nonexistent\/captures.ndjson': no such file/],
  [['inspect', 'package.json'], /not a capture record/],
  [['inspect', 'package.json', '--port', '70000'], /invalid --port: expected an integer from 0 to 65535, got '70000'/],
  [['listen', '--ui', '--ui-port', 'abc'], /invalid --ui-port/],
  [['map'], /missing required argument 'payload'/],
  [['map', '/nonexistent/payload.json'], /cannot read/],
  [['map', 'package.json', '--map', '/nonexistent/map.json'], /cannot read mapping file/],
  [['wizard'], /the wizard needs a terminal/],
  [['wizard', '--frob'], /unknown option '--frob'/],
];

describe('reliability: bad CLI input (real binary)', () => {
  it.concurrent.each(CASES.map(([args, message]) => ({ args, message, name: args.join(' ') })))('whk $name → exit 2, one line', async ({ args, message }) => {
    const result = await runCli(args);
    expectUsageLine(result, message);
    expect(result.stderr).not.toMatch(/\n\s+at |this is a bug in whk/);
  });
});
