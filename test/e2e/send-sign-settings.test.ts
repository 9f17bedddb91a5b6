// `whk send --sign` and `whk replay --sign` take the settings of hmac and Grafana that `whk listen
// --verify` and `whk sign` take, by the same flags (real sockets): a listener set up with a template,
// headers, an encoding and a prefix of its own is fed by whk's own sender and replay.
// The binary (runCli, startCli) runs every listener, and a witness of each way that feeds or refuses:
// send --sign hmac, replay --sign hmac, and a refusal of send. The other sends, replays and refusals,
// what varies within one of those ways (the scheme, its settings, --secret alone), run through main(),
// the binary's own path, in this process (runMain).
import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedDispatcher } from '../../src/delivery/attempt.js';
import type { CaptureRecord } from '../../src/capture/record.js';
import { captureRecord, readCaptures } from '../helpers/capture.js';
import { listenHarness, runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';

// After-each hooks run last registered first: the shared dispatcher closes after the listeners.
afterEach(async () => {
  await closeSharedDispatcher();
});
const { file, listen } = listenHarness();

const HMAC_KEY = 'hmac-key';
const HMAC_SETTINGS = ['--content', '{id}.{timestamp}.{body}', '--signature-header', 'X-My-Sig', '--timestamp-header', 'X-My-Ts', '--id-header', 'X-My-Id', '--encoding', 'base64', '--prefix', 'v1='];
const GRAFANA_KEY = 'grafana-key';
// A contact point with a timestamp header (Grafana has no default name for it).
const GRAFANA_SETTINGS = ['--timestamp-header', 'X-Grafana-Alerting-Timestamp'];

const bodyOf = (record: CaptureRecord): string => Buffer.from(record.bodyBase64, 'base64').toString('utf8');
const header = (record: CaptureRecord, name: string): string => String(record.headers[name]);
const verdicts = (records: CaptureRecord[]): unknown[] => records.map((r) => [r.signature?.scheme, r.signature?.verdict]);

/** Runs `whk <args>` through main() in this process (through the binary with `run` runCli), expecting exit 0. */
async function ran(args: string[], run = runMain): Promise<void> {
  const result = await run(args);
  expect(result.code, result.stderr).toBe(0);
}

/** What a listener set up with `verify` (scheme, secret and settings) saved of the `count` requests `feed` sent it. */
async function receivedBy(verify: string[], count: number, name: string, feed: (url: string) => Promise<void>): Promise<CaptureRecord[]> {
  const save = file(name);
  const { cli, url } = await listen(['--verify', ...verify, '--count', String(count), '--save', save]);
  await feed(url);
  expect((await cli.exited).code).toBe(0);
  return readCaptures(save);
}

describe('send and replay take the scheme settings of listen --verify and sign', () => {
  it('hmac with {id}.{timestamp}.{body}, headers of its own, base64 and a prefix: sent and replayed, valid in listen', async () => {
    const verify = ['hmac', '--secret', HMAC_KEY, ...HMAC_SETTINGS];
    const [sent] = await receivedBy(verify, 1, 'sent.ndjson', (url) => ran(['send', 'metric-alert', '--url', url, '--sign', 'hmac', '--secret', HMAC_KEY, ...HMAC_SETTINGS, '--seed', '3'], runCli));
    if (!sent) throw new Error('nothing was received');
    expect(verdicts([sent])).toEqual([['hmac', 'valid']]);
    // The construction the settings describe, computed here: the prefix, then base64 HMAC-SHA256 of id.timestamp.body.
    const signed = `${header(sent, 'x-my-id')}.${header(sent, 'x-my-ts')}.${bodyOf(sent)}`;
    expect(header(sent, 'x-my-sig')).toBe(`v1=${createHmac('sha256', HMAC_KEY).update(signed).digest('base64')}`);
    expect(header(sent, 'x-my-ts')).toMatch(/^\d+$/);

    // Replayed with --sign, and with --secret alone (the scheme that checked it): signed anew, its id
    // kept. Each to a listener of its own: the same id and second again would be a replayed message.
    // The binary replays with --sign; the same replay with --secret alone runs in process.
    for (const [signing, run] of [[['--sign', 'hmac', '--secret', HMAC_KEY], runCli], [['--secret', HMAC_KEY], runMain]] as const) {
      const replayed = await receivedBy(verify, 1, `replayed${signing.length}.ndjson`, (url) => ran(['replay', file('sent.ndjson'), '--url', url, ...signing, ...HMAC_SETTINGS], run));
      expect(verdicts(replayed)).toEqual([['hmac', 'valid']]);
      expect(replayed.map((r) => header(r, 'x-my-id'))).toEqual([header(sent, 'x-my-id')]);
    }
  });

  it('grafana with a timestamp header: the kind signing by its own scheme, --sign grafana and replay --sign grafana, valid in listen', async () => {
    const verify = ['grafana', '--secret', GRAFANA_KEY, ...GRAFANA_SETTINGS];
    const sent = await receivedBy(verify, 2, 'sent.ndjson', async (url) => {
      await ran(['send', 'grafana-alert', '--url', url, '--secret', GRAFANA_KEY, ...GRAFANA_SETTINGS, '--seed', '3']);
      await ran(['send', 'metric-alert', '--url', url, '--sign', 'grafana', '--secret', GRAFANA_KEY, ...GRAFANA_SETTINGS, '--seed', '3']);
    });
    expect(verdicts(sent)).toEqual([
      ['grafana', 'valid'],
      ['grafana', 'valid'],
    ]);
    // grafana/alerting http/hmac.go: hex HMAC-SHA256 of "{timestamp}:{body}" once a timestamp header is set.
    for (const record of sent) {
      const expected = createHmac('sha256', GRAFANA_KEY).update(`${header(record, 'x-grafana-alerting-timestamp')}:${bodyOf(record)}`).digest('hex');
      expect(header(record, 'x-grafana-alerting-signature')).toBe(expected);
    }
    const replayed = await receivedBy(verify, 2, 'replayed.ndjson', (url) => ran(['replay', file('sent.ndjson'), '--url', url, '--sign', 'grafana', '--secret', GRAFANA_KEY, ...GRAFANA_SETTINGS]));
    expect(verdicts(replayed)).toEqual([
      ['grafana', 'valid'],
      ['grafana', 'valid'],
    ]);
  });

  it("listen --ui's page signs a replay anew with the scheme's settings as listen verifies: valid at a listener set up alike (hmac, grafana)", async () => {
    const cases = [
      ['hmac', HMAC_KEY, ['--content', '{timestamp}.{body}', '--timestamp-header', 'X-Ts'], ['metric-alert', '--sign', 'hmac']],
      ['grafana', GRAFANA_KEY, GRAFANA_SETTINGS, ['grafana-alert']],
    ] as const;
    for (const [scheme, key, settings, kind] of cases) {
      const verify = [scheme, '--secret', key, ...settings];
      const { cli, url } = await listen(['--ui', '--verify', ...verify]);
      const page = (await cli.waitFor(/inspector: (http:\/\/127\.0\.0\.1:\d+\/)/))[1] as string;
      await ran(['send', ...kind, '--url', url, '--secret', key, ...settings, '--seed', '3']);
      await cli.waitFor(/signature valid/, 'stdout');
      const detail = (await (await fetch(new URL('api/records/1', page))).json()) as { signAnew: string | null };
      expect(detail.signAnew).toBe(scheme);
      // Signed with the secret alone, the scheme's defaults (hmac's '{body}', grafana's body without a timestamp) were invalid here.
      const replayed = await receivedBy(verify, 1, `page-${scheme}.ndjson`, async (target) => {
        const answer = await fetch(new URL('api/records/1/replay', page), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: target, sign: true }) });
        expect(await answer.json()).toMatchObject({ delivered: true, status: 200, refused: null });
      });
      expect(verdicts(replayed)).toEqual([[scheme, 'valid']]);
    }
  });

  it('refuses what sign refuses, in its words, exit 2, before anything is sent; a setting with nothing signed too', async () => {
    const capture = file('one.ndjson');
    await writeFile(capture, `${JSON.stringify(captureRecord({ id: 1 }))}\n`);
    const cases = [
      ['github', '--timestamp-header', 'X-Ts'],
      ['grafana', '--content', '{timestamp}.{body}'],
      ['hmac', '--timestamp-header', 'X-Ts'],
      ['hmac', '--content', '{nonce}.{body}'],
      ['hmac', '--signature-header', 'X My Sig'],
      ['hmac', '--content', ''],
    ] as const;
    for (const [scheme, ...settings] of cases) {
      const signed = await runMain(['sign', scheme, '--secret', 's', ...settings, '-'], { input: '{}' });
      expect(signed.code).toBe(2);
      for (const args of [
        ['send', 'metric-alert', '--url', 'http://127.0.0.1:9/x', '--dry-run'],
        ['replay', capture, '--url', 'http://127.0.0.1:9/x', '--dry-run'],
      ]) {
        // The first refusal of send through the binary, the rest in process.
        const run = scheme === cases[0][0] && args[0] === 'send' ? runCli : runMain;
        const result = await run([...args, '--sign', scheme, '--secret', 's', ...settings]);
        expect([result.code, result.stdout, result.stderr]).toEqual([2, '', signed.stderr]);
      }
    }
    const unsigned = await runMain(['send', 'metric-alert', '--url', 'http://127.0.0.1:9/x', '--dry-run', '--content', '{timestamp}.{body}']);
    expect([unsigned.code, unsigned.stderr]).toEqual([2, 'error: --content is a setting of signing, and nothing is signed\n  give --sign and --secret\n']);
    const replayUnsigned = await runMain(['replay', capture, '--url', 'http://127.0.0.1:9/x', '--dry-run', '--signature-header', 'X-Sig']);
    expect([replayUnsigned.code, replayUnsigned.stderr]).toEqual([2, 'error: --signature-header is a setting of signing, and nothing is signed\n  give --secret, and --sign to name the scheme\n']);
  });

  it("replay, which takes no --shared-key, refuses --algorithm with --sign twilio once, exit 2, before anything is sent; its refusals name hmac alone, send's twilio too", async () => {
    const capture = file('twilio.ndjson');
    await writeFile(capture, `${JSON.stringify(captureRecord({ id: 1 }))}\n${JSON.stringify(captureRecord({ id: 2 }))}\n`);
    const replayWith = (scheme: string) => runMain(['replay', capture, '--url', 'http://127.0.0.1:9/x', '--sign', scheme, '--secret', 's', '--algorithm', 'sha1']);
    const twilio = await replayWith('twilio');
    expect([twilio.code, twilio.stdout, twilio.stderr]).toEqual([
      2,
      '',
      'error: --algorithm cannot be used with the twilio scheme\n  replay signs twilio with the auth token only, by HMAC-SHA1 (it takes no SharedKey); it is a setting of hmac\n',
    ]);
    const github = await replayWith('github');
    expect([github.code, github.stderr]).toEqual([2, 'error: --algorithm cannot be used with the github scheme\n  it is a setting of hmac\n']);
    const sent = await runMain(['send', 'metric-alert', '--url', 'http://127.0.0.1:9/x', '--dry-run', '--sign', 'github', '--secret', 's', '--algorithm', 'sha1']);
    expect([sent.code, sent.stderr]).toEqual([2, 'error: --algorithm cannot be used with the github scheme\n  it is a setting of twilio and hmac\n']);
  });
});
