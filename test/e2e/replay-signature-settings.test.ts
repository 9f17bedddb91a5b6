// `whk replay` of records whose signature a receiver checked with settings of its own (listen
// --verify hmac --signature-header X-Sig --timestamp-header X-Ts …): the headers that carried it are
// the record's signature headers, and `--secret` alone signs it anew as it was checked.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedDispatcher } from '../../src/delivery/attempt.js';
import { sendKind } from '../../src/delivery/chains.js';
import { getKind } from '../../src/kinds/index.js';
import { startReceiver, type Receiver, type ReceiverOptions } from '../../src/receiver/server.js';
import type { SchemeParams } from '../../src/signing/types.js';
import { readCaptures } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';
import { closedAfterEach } from '../helpers/server.js';

afterEach(async () => {
  await closeSharedDispatcher();
});
const receiver = closedAfterEach((options: ReceiverOptions = {}): Promise<Receiver> => startReceiver({ port: 0, ...options }));

const SECRET = 'hs';
const SETTINGS: SchemeParams = { header: 'X-Sig', timestampHeader: 'X-Ts', content: '{timestamp}.{body}', prefix: 'v1=' };

/** A receiver that checks hmac with SETTINGS, and answers 401 to a request whose signature is not valid. */
function checking(save?: string): Promise<Receiver> {
  return receiver({ save, verify: [{ scheme: 'hmac', secret: SECRET, params: SETTINGS }], reject: true });
}

/** One alertmanager delivery signed with hmac and SETTINGS, as a receiver checking them saved it. */
async function signedCapture(): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'whk-replay-settings-')), 'signed.ndjson');
  const original = await checking(file);
  await sendKind({ kind: getKind('alertmanager'), url: `${original.url}/h`, seed: 1, sign: 'hmac', secret: SECRET, signParams: SETTINGS });
  await original.close();
  return file;
}

describe('whk replay of a record checked with hmac settings (real binary)', () => {
  it('the record says the settings it was checked with; its X-Sig and X-Ts are the signature it went without, named after the tally', async () => {
    const source = await signedCapture();
    const [record] = await readCaptures(source);
    expect(record?.signature).toMatchObject({ scheme: 'hmac', verdict: 'valid', header: 'x-sig', params: SETTINGS });
    const target = await checking();
    const run = await runCli(['replay', source, '--url', target.url, '--json']);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout.trim()) as { signaturesLeftOut: string[] }).signaturesLeftOut).toEqual(['x-sig', 'x-ts']);
    expect(run.stderr).toContain('the record arrived signed (x-sig, x-ts) and went without the signature');
    // A changed body goes without the headers that signed the old bytes, even with --original-headers.
    const changed = await runCli(['replay', source, '--url', target.url, '--original-headers', '--set', 'status=resolved', '--dry-run']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('"status":"resolved"');
    expect(changed.stdout).not.toMatch(/^x-(sig|ts):/m);
  });

  it('--secret alone signs it anew as it was checked (the settings the record keeps), so the receiver that checked it accepts it', async () => {
    const source = await signedCapture();
    const target = await checking();
    for (const flags of [[], ['--original-headers'], ['--set', 'status=resolved']]) {
      const run = await runCli(['replay', source, '--url', target.url, '--secret', SECRET, ...flags]);
      expect(run.code, `${flags.join(' ')}: ${run.stdout}`).toBe(0);
      expect(run.stderr).not.toContain('arrived signed');
    }
    const replayed = target.requests;
    expect(replayed.map((record) => record.signature?.verdict)).toEqual(['valid', 'valid', 'valid']);
    // In place of the old X-Sig and X-Ts, none of hmac's defaults beside them.
    expect(replayed.map((record) => record.headers['x-signature'])).toEqual([undefined, undefined, undefined]);
  });

  it('a record of an older whk, which kept no settings, is refused rather than signed with the defaults; given them, it goes', async () => {
    const source = await signedCapture();
    const [record] = await readCaptures(source);
    const old = join(await mkdtemp(join(tmpdir(), 'whk-replay-settings-')), 'old.ndjson');
    await writeFile(old, `${JSON.stringify({ ...record, signature: { ...record?.signature, params: undefined } })}\n`);
    const target = await checking();
    const refused = await runCli(['replay', old, '--url', target.url, '--secret', SECRET]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('refused: cannot sign it: it was checked at its x-sig header, with settings of hmac the record does not keep (written by an older whk) (give them: --signature-header, --timestamp-header, --content and the rest, as listen had them)');
    const given = ['--signature-header', 'X-Sig', '--timestamp-header', 'X-Ts', '--content', '{timestamp}.{body}', '--prefix', 'v1='];
    const signed = await runCli(['replay', old, '--url', target.url, '--secret', SECRET, ...given]);
    expect(signed.code, signed.stdout).toBe(0);
  });
});
