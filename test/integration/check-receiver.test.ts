// Receiver contracts (`send` checks) against real endpoints on 127.0.0.1: what "refused" and an
// expected status mean, so a contract never passes against a receiver that did not answer.
import { describe, expect, it } from 'vitest';
import { parseContract, type ContractCheck } from '../../src/check/contract.js';
import { checkName, runContract } from '../../src/check/run.js';
import { serversClosedAfterEach, startServer } from '../helpers/server.js';
import { checkJunitCase } from '../../src/ui/render-check.js';
import { junitXml } from '../../src/validate/report.js';

const server = serversClosedAfterEach();

/** The URL of a port nothing listens on any more. */
async function downUrl(): Promise<string> {
  const gone = await startServer();
  await gone.close();
  return `${gone.url}/hooks`;
}

const run = (send: Record<string, unknown>) => runContract(parseContract([{ send: { kind: 'metric-alert', variants: ['significance'], retries: 0, ...send } }]));

describe('receiver contracts: refused and expected statuses', () => {
  it('"delivered": false fails against a receiver that is down: a connection refused is no refusal', async () => {
    const report = await run({ url: await downUrl(), expect: { delivered: false } });
    expect(report.ok).toBe(false);
    expect(report.checks[0]?.summary).toBe('0 of 1 delivery (1 variant) refused');
    expect(report.checks[0]?.problems).toEqual([expect.stringMatching(/^significance: connection refused by 127\.0\.0\.1:\d+; expected it refused \(its rule accepts status 200 only\)$/)]);
  });

  it('each attempt at a receiver that is down says connection refused, in the line and in errors', async () => {
    const url = await downUrl();
    const report = await run({ url, retries: 2, retryDelay: '10ms' });
    const refusedBy = `connection refused by ${new URL(url).host}`;
    expect(report.checks[0]?.problems).toEqual([`significance: ${refusedBy} → ${refusedBy} → ${refusedBy} (3 attempts); expected it accepted (status 200 only)`]);
    const refusal = { status: null, ms: expect.any(Number), error: refusedBy };
    expect(report.checks[0]?.deliveries?.[0]).toMatchObject({ attempts: [refusal, refusal, refusal], error: refusedBy, statuses: [null, null, null], errors: [refusedBy, refusedBy, refusedBy] });
  });

  it('"delivered": false fails against a receiver that never answers in time', async () => {
    const silent = await server(() => ({ status: 401, delayMs: 5_000 }));
    const report = await run({ url: silent.url, timeout: '100ms', expect: { delivered: false } });
    expect(report.ok).toBe(false);
    expect(report.checks[0]?.problems).toEqual(['significance: timed out after 100ms; expected it refused (its rule accepts status 200 only)']);
  });

  it('"delivered": false passes when the receiver answers with a status the kind does not accept', async () => {
    const refusing = await server([401]);
    const report = await run({ url: refusing.url, expect: { delivered: false } });
    expect(report.checks[0]).toMatchObject({ ok: true, summary: '1 of 1 delivery (1 variant) refused', problems: [] });
  });

  it('"status" alone expects what that status means under the kind\'s rule: 401 expects a refusal', async () => {
    const refusing = await server([401]);
    expect((await run({ url: refusing.url, expect: { status: 401 } })).checks[0]).toMatchObject({ ok: true, problems: [] });
    const accepting = await server([200]);
    expect((await run({ url: accepting.url, expect: { status: 401 } })).checks[0]?.problems).toEqual(['significance: 200; expected it refused (its rule accepts status 200 only)']);
    expect((await run({ url: await downUrl(), expect: { status: 401 } })).ok).toBe(false);
    // Counted as refused, a 401 to a check expecting 403 read '1 of 1 delivery (1 variant) refused', as if it had passed.
    expect((await run({ url: refusing.url, expect: { status: 403 } })).checks[0]).toMatchObject({ ok: false, summary: '0 of 1 delivery (1 variant) answered 403' });
    expect((await run({ url: refusing.url, expect: { status: 401 } })).checks[0]?.summary).toBe('1 of 1 delivery (1 variant) answered 401');
  });

  // It said "0 of 1 delivery (3 variants) accepted", as if the other two had been sent.
  it('cancelled part way, says how many of its variants were sent', async () => {
    const controller = new AbortController();
    const accepting = await server(() => {
      controller.abort();
      return { status: 200 };
    });
    const contract = parseContract([{ send: { kind: 'metric-alert', url: accepting.url, retries: 0 } }]);
    const report = await runContract(contract, { signal: controller.signal });
    // The delivery in flight is cancelled with the run, and judged on nothing: it said 'alert-policy: cancelled; expected it accepted'.
    expect(report.checks[0]).toMatchObject({ ok: false, summary: '0 of 1 delivery (1 of 3 variants sent) accepted', problems: ['cancelled'] });
  });

  // It said 'opened stage 2' and 'resolved stage 1': that the first is opened's incident resolved
  // (and the second a variant sent alone) was left to the reader, and 3 variants made 10 deliveries.
  it('with "lifecycle", a failed delivery names its lifecycle stage by number and name, and the line counts the stages', async () => {
    // The first delivery is accepted, so its duplicate goes (and is refused); a refused delivery gets no duplicate.
    const refusing = await server([200, 500]);
    const contract = parseContract([{ send: { kind: 'metaplane-incident', url: refusing.url, variants: ['opened', 'resolved'], lifecycle: true, retries: 0 } }]);
    const check = (await runContract(contract)).checks[0];
    expect(check?.summary).toBe('1 of 4 deliveries (2 variants, 1 later lifecycle stage, 1 duplicate) accepted');
    const refused = '500; expected it accepted (any 2xx)';
    expect(check?.problems).toEqual([`opened (lifecycle stage 1: opened, duplicate): ${refused}`, `opened (lifecycle stage 2: resolved): ${refused}`, `resolved: ${refused}`]);
    expect(check?.deliveries?.map((d) => d.stage)).toEqual([1, 1, 2, 1]);
  });

  // It said 'grouped: connection refused by 127.0.0.1:<the Location's port>', as if the receiver's own URL refused.
  it("a delivery's line says the redirects its sender's client followed: a refused Location is not the receiver's URL refusing", async () => {
    const gone = await downUrl();
    const redirecting = await server(() => ({ status: 301, headers: { location: gone } }));
    const contract = parseContract([{ send: { kind: 'hertzbeat-alarm', url: redirecting.url, variants: ['grouped'] } }]);
    const problems = (await runContract(contract)).checks[0]?.problems;
    expect(problems).toEqual([`grouped: connection refused by ${new URL(gone).host} (after 301 → ${gone}); expected it accepted (any status below 400)`]);
  });

  // It was a JUnit <error>, 'the receiver could not be reached', though the receiver answered: its 301 is what failed.
  it('a receiver that answered with a redirect whose Location is refused failed its check: it was reached (a JUnit <failure>, not an <error>)', async () => {
    const gone = await downUrl();
    const redirecting = await server(() => ({ status: 301, headers: { location: gone } }));
    const contract = parseContract([{ send: { kind: 'hertzbeat-alarm', url: redirecting.url, variants: ['grouped'] } }]);
    const check = (await runContract(contract)).checks[0];
    expect(check).toMatchObject({ ok: false });
    expect(check?.error).toBeUndefined();
  });

  it('a status and a "delivered" that contradict under the kind\'s rule are a contract error, not a check that can never pass', () => {
    expect(() => parseContract([{ send: { kind: 'metaplane-incident', url: 'http://127.0.0.1:1/', expect: { status: 500, delivered: true } } }])).toThrow(
      `invalid contract: $[0].send.expect.status: status 500 is not accepted by metaplane-incident's rule (any 2xx), so "delivered": true can never hold with it; leave "delivered" out`,
    );
    expect(() => parseContract([{ send: { kind: 'hertzbeat-alarm', url: 'http://127.0.0.1:1/', expect: { status: 302, delivered: false } } }])).toThrow(/status 302 is accepted by hertzbeat-alarm's rule \(any status below 400\), so "delivered": false can never hold/);
  });

  it('a password in the URL (or in a sender check\'s command) never reaches the report: names are printed and kept in CI\'s JSON and JUnit', async () => {
    const accepting = await server([200]);
    const withCredentials = `${accepting.url.replace('http://', 'http://user:s3cretpw@')}/hooks`;
    // A kind whose sender sends basic auth: a URL's credentials are refused for one that sends none.
    const report = await run({ kind: 'datadog-monitor', variants: ['triggered'], url: withCredentials });
    expect(report.checks[0]).toMatchObject({ ok: true, name: `receiver datadog-monitor → ${withCredentials.replace('s3cretpw', '••••')}` });
    const sender = parseContract([{ name: undefined, run: 'curl -d @x.json http://user:s3cretpw@127.0.0.1:1/hook', listen: { expect: { kind: 'metric-alert' } } }]);
    expect(checkName(sender.checks[0] as ContractCheck)).toBe('sender metric-alert: curl -d @x.json http://user:••••@127.0.0.1:1/hook');
  });

  // A check that throws (here a contract no load checked) took the run and its report with it: exit 2, no summary, no JUnit.
  it('a check that throws is reported as one that could not run, a JUnit <error>, and the checks after it still run', async () => {
    const accepting = await server([200]);
    const passing = { send: { kind: 'metric-alert', url: accepting.url, variants: ['significance'] } };
    // Parsed without its auth (the contract refuses it for flat), which is then added as the check's own.
    const base = parseContract([{ send: { kind: 'hertzbeat-alarm', url: accepting.url, variants: ['flat'] } }]).checks[0]!;
    const thrower = { ...base, send: { ...base.send!, auth: { scheme: 'bearer' as const, token: 'tok' } } };
    const contract = parseContract([passing, passing]);
    const report = await runContract({ ...contract, checks: [contract.checks[0]!, thrower, contract.checks[1]!] });
    expect(report.checks.map((c) => c.ok)).toEqual([true, false, true]);
    expect(report.checks[1]).toMatchObject({ summary: 'could not run', error: expect.stringMatching(/hertzbeat-alarm 1\.6\.1 does not send an Authorization header/) });
    expect(report).toMatchObject({ passed: 2, failed: 1, ok: false, notRun: [] });
    const xml = junitXml(report.name, report.checks.map((result) => checkJunitCase(report, result)));
    expect(xml).toContain('tests="3" failures="0" errors="1"');
    expect(xml).toMatch(/<error message="`authBearer`: hertzbeat-alarm 1\.6\.1 does not send/);
  });
});
