// Every bad input to `whk send` (SPEC section 1): exit 2, one clear line (plus an optional hint),
// no stack trace, nothing sent. Runs main() in-process; e2e/send.test.ts covers the binary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/main.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('whk send: bad input', () => {
  let sink: TestServer;
  beforeAll(async () => {
    sink = await startServer([200]);
  });
  afterAll(() => sink.close());

  it("curl's -d @file carried over: the path without its @ is named when it is there, and nothing is sent", async () => {
    const given = await runMain(['send', 'impressions', '--url', sink.url, '--data', '@fixtures/impressions/compact-one-line.json']);
    expect(given).toMatchObject({ code: 2, stdout: '', stderr: "error: cannot read --data '@fixtures/impressions/compact-one-line.json': no such file\n  whk takes the file's path without curl's @: fixtures/impressions/compact-one-line.json\n" });
    const missing = await runMain(['send', 'metric-alert', '--url', sink.url, '--data', '@no/such/file.json']);
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: "error: cannot read --data '@no/such/file.json': no such file\n" });
    expect(sink.requests).toHaveLength(0);
  });

  it("--count with --rate says what gives a stream's length", async () => {
    const result = await runMain(['send', 'alertmanager', '--url', sink.url, '--count', '1000', '--rate', '10/s']);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: "error: --count cannot be used with --rate\n  a stream's length is --total N (events) or --duration D\n" });
  });

  it.each([
    [['send', 'metric-alert'], /required option '--url <url>'/],
    [['send', 'metric-alert', '--url', 'ftp://example.com/'], /invalid --url 'ftp:\/\/example.com\/': only http and https/],
    [['send', 'metric-alert', '--url', 'example.com'], /invalid --url 'example.com': the scheme is missing$/],
    [['send', 'metric-alert', '--url', 'localhost:9000'], /invalid --url 'localhost:9000': the scheme is missing$/],
    [['send', 'metric-alert', '--url', 'not a url'], /invalid --url 'not a url': not a URL/],
    [['send', 'nope', '--url', 'URL'], /unknown kind 'nope'/],
    [['send', 'alertmanager', '--url', 'URL', '--event', 'push'], /alertmanager has no events/],
    [['send', 'all', '--url', 'URL', '--event', 'push'], /--event cannot be used with 'send all'/],
    [['send', 'metric-alert', '--url', 'URL', '--count', '0'], /invalid --count: expected an integer ≥ 1/],
    [['send', 'metric-alert', '--url', 'URL', '--concurrency', 'many'], /invalid --concurrency/],
    [['send', 'metric-alert', '--url', 'URL', '--seed', '1.5'], /invalid --seed/],
    [['send', 'metric-alert', '--url', 'URL', '--variant', 'nope'], /unknown variant 'nope' for metric-alert/],
    [['send', 'hertzbeat-alarm', '--url', 'URL', '--variant', 'opened'], /unknown variant 'opened' for hertzbeat-alarm/],
    [['send', 'metric-alert', '--url', 'URL', '--set', 'data..x=1'], /invalid path 'data..x'/],
    [['send', 'metric-alert', '--url', 'URL', '--set', 'novalue'], /invalid --set 'novalue'/],
    [['send', 'metric-alert', '--url', 'URL', '--header', 'NoColon'], /invalid --header 'NoColon'/],
    // The body went gzipped, or not, by --gzip, under the user's label: a body the receiver could not read.
    [['send', 'metric-alert', '--url', 'URL', '--header', 'Content-Encoding: identity', '--gzip', 'always'], /^error: --header Content-Encoding: whk sets it from --gzip, to the encoding of the bytes it sends \(gzip, or none\)$/],
    [['send', 'metric-alert', '--url', 'URL', '--header', 'content-encoding: br'], /^error: --header content-encoding: whk sets it from --gzip/],
    // A header another flag set on purpose went as the --header said, that flag dropped unsaid.
    [['send', 'hertzbeat-alarm', '--url', 'URL', '--header', 'Authorization: Bearer X', '--auth-bearer', 'Y'], /^error: --header Authorization cannot be used with --auth-bearer: both set the Authorization header$/],
    [['send', 'github', '--url', 'URL', '--event', 'push', '--header', 'x-github-event: issues'], /^error: --header x-github-event cannot be used with --event: the event goes in that header \(X-GitHub-Event: push\)$/],
    [['send', 'github', '--url', 'URL', '--secret', 's', '--header', 'X-Hub-Signature-256: sha256=zzz'], /^error: --header X-Hub-Signature-256 cannot be used with --secret: the github signature sets it$/],
    [['send', 'metric-alert', '--url', 'URL', '--sign', 'standard-webhooks', '--secret', 's', '--header', 'webhook-id: 1'], /^error: --header webhook-id cannot be used with --secret: the standard-webhooks signature sets it$/],
    // The last of two went alone, where curl sends both.
    [['send', 'metric-alert', '--url', 'URL', '--header', 'X-A: 1', '--header', 'x-a: 2', '--dry-run'], /^error: --header x-a given twice: 'X-A: 1' and 'x-a: 2'$/],
    [['send', 'metric-alert', '--url', 'URL', '--timeout', 'soon'], /invalid --timeout: expected a duration like '300ms', '30s' or '2m', got 'soon'/],
    [['send', 'metric-alert', '--url', 'URL', '--retry-delay', '-3s'], /invalid --retry-delay: expected a duration like '300ms', '30s' or '2m', got '-3s'/],
    [['send', 'metric-alert', '--url', 'URL', '--retries', '-1'], /invalid --retries/],
    // Taken, and without effect: no retry waits for it (as with --no-retry, which refuses it).
    [['send', 'metric-alert', '--url', 'URL', '--retries', '0', '--retry-delay', '1s'], /^error: --retry-delay has no effect: --retries 0 sends one attempt, and nothing waits for a retry$/],
    [['send', 'dynatrace', '--url', 'URL', '--retry-delay', '10ms'], /^error: --retry-delay has no effect: dynatrace makes one attempt \(its sender retries none\)$/],
    [['send', 'metric-alert', '--url', 'URL', '--gzip', 'sometimes'], /invalid --gzip: expected one of 'auto', 'always', 'never', got 'sometimes'/],
    [['send', 'metric-alert', '--url', 'URL', '--data', '/no/such/file.json'], /cannot read --data '\/no\/such\/file.json': no such file/],
    [['send', 'metric-alert', '--url', 'URL', '--data', '-'], /^error: --data '<stdin>': line 1: not valid JSON: Unexpected token 'o'/],
    // A batch kind's --count sizes a generated batch; a given batch was sent as it was, the count dropped unsaid.
    [['send', 'impressions', '--url', 'URL', '--data', 'fixtures/impressions/compact-one-line.json', '--count', '5'], /^error: --count sizes the impressions batch whk generates, and this batch is given \(--data\)$/m],
    [['send', 'metric-alert', '--url', 'URL', '--duplicates', '1.5'], /invalid --duplicates: expected a number from 0 to 1/],
    [['send', 'metric-alert', '--url', 'URL', '--duplicates', '0.5'], /--duplicates: metric-alert is not delivered at-least-once/],
    [['send', 'metric-alert', '--url', 'URL', '--lifecycle'], /--lifecycle: metric-alert has no lifecycle/],
    [['send', 'metric-alert', '--url', 'URL', '--no-auto-disable'], /^error: --no-auto-disable: metric-alert never disables a failing webhook, so every delivery goes without it$/],
    [['send', 'metaplane-incident', '--url', 'URL', '--lifecycle', '--variant', 'resolved'], /^error: --lifecycle starts at opened or legacy; --variant resolved is past its start$/],
    [['send', 'metaplane-incident', '--url', 'URL', '--duplicate-id', 'new'], /--duplicate-id says what a duplicate is; add --duplicates$/],
    [['send', 'pagerduty-incident', '--url', 'URL', '--duplicates', '1', '--duplicate-id', 'new'], /--duplicate-id new: pagerduty-incident has no idempotency id to renew/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--pause-drop', '--duplicate-id', 'new'], /--duplicate-id new cannot be used with --rate/],
    [['send', 'metric-alert', '--url', 'URL', '--secret', 'x'], /--secret: metric-alert deliveries are not signed/],
    [['send', 'metaplane-incident', '--url', 'URL', '--secret', ''], /invalid --secret: the secret may not be empty/],
    [['send', 'metric-alert', '--url', 'URL', '--auth-bearer', 'x'], /--auth-bearer: metric-alert does not send an Authorization header/],
    [['send', 'hertzbeat-alarm', '--url', 'URL', '--auth-basic', 'x', '--auth-bearer', 'y'], /--auth-basic cannot be used with --auth-bearer/],
    [['send', 'impressions', '--url', 'URL', '--environment', 'Staging'], /--environment applies to metric-alert only/],
    [['send', 'metric-alert', '--url', 'URL', '--alert-type', 'BOTH'], /invalid --alert-type 'BOTH'/],
    [['send', 'metric-alert', '--url', 'URL', '--variant', 'alert-policy', '--alert-type', 'SIGNIFICANCE'], /contradicts --variant alert-policy/],
    [['send', 'all', '--url', 'URL', '--variant', 'x'], /--variant cannot be used with 'send all'/],
    [['send', 'impressions', '--url', 'URL', '--rate', 'fast'], /^error: invalid --rate: expected events per second, minute or hour in decimal digits, e.g. 200\/s, 600\/m or 1\/h, above 0 and at most 1,000,000,000 a second \(whk's bound\); got 'fast'$/],
    // In bounds but not in digits, and in digits past the bound: one message says the form and both bounds.
    [['send', 'impressions', '--url', 'URL', '--rate', '1e9/s'], /^error: invalid --rate: expected events per second, minute or hour in decimal digits, e.g. 200\/s, 600\/m or 1\/h, above 0 and at most 1,000,000,000 a second \(whk's bound\); got '1e9\/s'$/],
    [['send', 'impressions', '--url', 'URL', '--rate', '0/s'], /invalid --rate: .*got '0\/s'/],
    // It was taken, and said back as 99999999999999980000/s.
    [['send', 'impressions', '--url', 'URL', '--rate', '99999999999999999999/s'], /^error: invalid --rate: expected events per second, minute or hour in decimal digits, e.g. 200\/s, 600\/m or 1\/h, above 0 and at most 1,000,000,000 a second \(whk's bound\); got '99999999999999999999\/s'$/],
    [['send', 'impressions', '--url', 'URL', '--duration', '5s'], /--duration applies to streaming sends/],
    [['send', 'impressions', '--url', 'URL', '--pause-cooldown', '1s'], /--pause-cooldown applies to streaming sends/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--count', '3'], /--count cannot be used with --rate/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--dry-run'], /--dry-run cannot be used with --rate/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--duration', '1s', '--total', '5'], /--duration cannot be used with --total/],
    [['send', 'metric-alert', '--url', 'URL', '--rate', '10/s', '--batch-size', '5'], /--batch-size and --flush-interval apply to batch kinds/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--pause', 'maybe'], /invalid --pause: expected one of 'on', 'off', got 'maybe'/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--pause-error-rate', '2'], /invalid --pause-error-rate/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--max-queue', '0'], /invalid --max-queue/],
    [['send', 'all', '--url', 'URL', '--rate', '10/s'], /--rate streams one kind/],
    // Stream flags that make no sense together: a one-line error, not a run that ignores them.
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--pause', 'off', '--pause-cooldown', '1s'], /^error: --pause-cooldown has no effect: delivery protection is off \(--pause off\)$/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--pause', 'off', '--pause-drop'], /^error: --pause-drop has no effect: delivery protection is off \(--pause off\)$/],
    [['send', 'metric-alert', '--url', 'URL', '--rate', '10/s', '--pause-min-attempts', '3'], /^error: --pause-min-attempts has no effect: delivery protection is off for metric-alert by default$/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--pause-error-rate', '0'], /^error: --pause-error-rate 0 would pause a healthy endpoint/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--pause-cooldown', '2m', '--pause-max', '1m'], /^error: --pause-cooldown 2.0m is longer than --pause-max 1.0m$/],
    // One of the two given is held to the other's default (30s cooldown, 10m maximum).
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--pause-cooldown', '20m'], /^error: --pause-cooldown 20.0m is longer than --pause-max 10.0m \(its default\)$/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--pause-max', '10s'], /^error: --pause-cooldown 30s \(its default\) is longer than --pause-max 10s$/],
    [['send', 'impressions', '--url', 'URL', '--rate', '10/s', '--batch-size', '200000'], /^error: --batch-size: at most 100,000 records in one impressions batch, got 200,000$/],
    // Past 2^53 - 1, seed + 2 and seed + 3 were one double: payloads 2 and 3 went as the same bytes.
    // GitLab's plain secret token goes in X-Gitlab-Token as it is: one no header can carry failed every attempt.
    [['send', 'gitlab', '--url', 'URL', '--seed', '1', '--secret', 'a€b'], /^error: --secret goes as it is in X-Gitlab-Token, and its value holds '€' \(U\+20AC\), past Latin-1/],
    // A field the lifecycle sets anew in its resolved stage: the value set would reach the opened stage only.
    [['send', 'metaplane-incident', '--url', 'URL', '--lifecycle', '--set', 'status=resolved'], /^error: --set \$\.status with --lifecycle: the lifecycle sets it anew in its resolved stage, so the value set would not reach every stage$/],
    // The payload given, nothing is drawn from the seed (no --duplicates, no --secret): it did nothing.
    [['send', 'metric-alert', '--url', 'URL', '--data', '-', '--seed', '5'], /^error: --seed has no effect with --data: the payload is given, and nothing else is drawn from the seed$/],
    [['send', 'metric-alert', '--url', 'URL', '--seed', '9007199254740991', '--count', '4'], /^error: --seed 9007199254740991 with --count 4: payload i is drawn from seed \+ i, and the last passes 9007199254740991, past which two seeds are one$/],
  ])('%j', async (args, message) => {
    const result = await runMain(args.map((a) => (a === 'URL' ? sink.url : a)), { input: 'not json' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(sink.requests).toHaveLength(0);
  });
});
