// The wizard runs the same code path as the flags: the command it prints, run by the real binary,
// sends the same request (same body bytes, same signature) as the wizard did.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withProgram, type WizardContext } from '../../src/cli.js';
import { runWizard } from '../../src/commands/wizard.js';
import { runShellLine } from '../helpers/cli.js';
import { scriptedPrompter, type Answer } from '../helpers/prompts.js';
import { serversClosedAfterEach } from '../helpers/server.js';
import { until } from '../helpers/wait.js';

function context(): WizardContext & { err: () => string; out: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const base = { stdout, stderr, stdin: new PassThrough(), env: { NO_COLOR: '1', CI: '1' }, exitCode: 0 };
  return { ...withProgram(base), out: () => out, err: () => err };
}

const server = serversClosedAfterEach();

/** `secrets`: what the person typed at the hidden prompts, filled in for the printed '••••', in order. */
async function wizardThenCommand(answers: (url: string) => Answer[], secrets: readonly string[] = []) {
  const endpoint = await server([200]);
  const ctx = context();
  const scripted = scriptedPrompter(answers(`${endpoint.url}/hook`));
  const code = await runWizard(ctx, scripted.prompter);
  expect(code).toBe(0);
  const printed = /equivalent command: whk (.*)/.exec(ctx.err())?.[1];
  expect(printed).toMatch(/^send /);
  // Secrets typed at a hidden prompt are not printed in clear: the line says to fill them in.
  for (const secret of secrets) expect(ctx.err()).not.toContain(secret);
  expect(ctx.err().includes("fill in each '••••' with what you typed at its prompt")).toBe(secrets.length > 0);
  let line = printed as string;
  for (const secret of secrets) line = line.replace("'••••'", secret);
  const fromWizard = [...endpoint.requests];
  endpoint.requests.length = 0;
  // The printed line is shell-quoted; a shell splits it exactly as a person's paste would be.
  const rerun = await runShellLine(line);
  expect(rerun.code, rerun.stderr).toBe(0);
  return { fromWizard, fromCommand: [...endpoint.requests], printed: printed as string };
}

describe('wizard → equivalent command', () => {
  it('metric-alert: the pasted command sends the same bytes', async () => {
    const { fromWizard, fromCommand, printed } = await wizardThenCommand((url) => ['send', 'metric-alert', 'significance', url, '', '', 'data.environment.name=QA env', '', false, true]);
    expect(printed).toContain("--set 'data.environment.name=QA env'");
    expect(fromWizard).toHaveLength(1);
    expect(fromCommand).toHaveLength(1);
    expect(fromCommand[0]?.body.equals(fromWizard[0]?.body as Buffer)).toBe(true);
  });

  it('metaplane-incident with a secret: same bytes and same signature', async () => {
    const { fromWizard, fromCommand, printed } = await wizardThenCommand((url) => ['send', 'metaplane-incident', 'opened', url, '', '', '0', false, 's3cret', '', false, true], ['s3cret']);
    expect(printed).toContain("--secret '••••'");
    // Signed at all, with the secret given (equal headers would also hold if neither were signed).
    expect(fromWizard[0]?.headers['x-metaplane-sig']).toBe(createHmac('sha256', 's3cret').update(fromWizard[0]?.body ?? '').digest('hex'));
    expect(fromCommand[0]?.headers['x-metaplane-sig']).toBe(fromWizard[0]?.headers['x-metaplane-sig']);
    expect(fromCommand[0]?.body.equals(fromWizard[0]?.body as Buffer)).toBe(true);
  });

  it('impressions, gzipped: same compressed bytes', async () => {
    const { fromWizard, fromCommand } = await wizardThenCommand((url) => ['send', 'impressions', 'default', url, '12', '', 'auto', '', false, true]);
    expect(fromWizard[0]?.headers['content-encoding']).toBe('gzip');
    expect(fromCommand[0]?.body.equals(fromWizard[0]?.body as Buffer)).toBe(true);
  });

  it('hertzbeat-alarm with a bearer token: same bytes and Authorization', async () => {
    const { fromWizard, fromCommand } = await wizardThenCommand((url) => ['send', 'hertzbeat-alarm', '1.9.0', 'grouped-resolved', url, '', '', 'bearer', 'tok-123', '', false, true], ['tok-123']);
    expect(fromWizard[0]?.headers.authorization).toBe('Bearer tok-123');
    expect(fromCommand[0]?.headers.authorization).toBe('Bearer tok-123');
    expect(fromCommand[0]?.body.equals(fromWizard[0]?.body as Buffer)).toBe(true);
  });

  it("github, an event's own variant (pull_request closed): the pasted command sends the same bytes and event", async () => {
    const { fromWizard, fromCommand, printed } = await wizardThenCommand((url) => ['send', 'github', 'pull_request', 'closed', url, '', '', 's3cret', '', false, true], ['s3cret']);
    expect(printed).toContain('--event pull_request --variant closed');
    expect(fromWizard[0]?.headers['x-github-event']).toBe('pull_request');
    expect(JSON.parse(fromWizard[0]?.body.toString() ?? '{}')).toMatchObject({ action: 'closed' });
    expect(fromCommand[0]?.headers['x-hub-signature-256']).toBe(fromWizard[0]?.headers['x-hub-signature-256']);
    expect(fromCommand[0]?.body.equals(fromWizard[0]?.body as Buffer)).toBe(true);
  });

  it('travis-ci signed with the key file asked for: same bytes and same Signature', async () => {
    const key = join(mkdtempSync(join(tmpdir(), 'whk-wizard-')), 'travis.pem');
    const { fromWizard, fromCommand, printed } = await wizardThenCommand((url) => ['send', 'travis-ci', 'failed', 'cron', url, '', '', key, 'none', '', false, true]);
    expect(printed).toContain(`--travis-key ${key}`);
    expect(readFileSync(key, 'utf8')).toContain('PRIVATE KEY');
    expect(fromWizard[0]?.headers.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(fromCommand[0]?.headers.signature).toBe(fromWizard[0]?.headers.signature);
    expect(fromCommand[0]?.body.equals(fromWizard[0]?.body as Buffer)).toBe(true);
  });
});

describe('wizard: saving the preview', () => {
  it('keeps a copy of the first payload; --count 2 still sends two different incidents', async () => {
    const saved = join(mkdtempSync(join(tmpdir(), 'whk-wizard-')), 'incident.json');
    const { fromWizard, fromCommand, printed } = await wizardThenCommand((url) => ['send', 'metaplane-incident', 'opened', url, '2', '9', '0', false, '', '', true, saved, true]);
    expect(printed).not.toContain('--data');
    const ids = fromWizard.map((r) => (JSON.parse(r.body.toString()) as { id: string }).id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(JSON.parse(fromWizard[0]?.body.toString() ?? ''));
    expect(fromCommand.map((r) => r.body.toString())).toEqual(fromWizard.map((r) => r.body.toString()));
  });
});

describe('wizard → receiver', () => {
  it('starts a receiver that records a request and stops after the count', async () => {
    const ctx = context();
    const save = join(mkdtempSync(join(tmpdir(), 'whk-wizard-')), 'captures.ndjson');
    const scripted = scriptedPrompter(['listen', '0', true, save, '202', 'metric-alert', '1']);
    const running = runWizard(ctx, scripted.prompter);
    // Send once the receiver says it listens.
    const url = await until(() => /listening on (http:\/\/\S+)/.exec(ctx.err())?.[1]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { sample } = await import('../../src/index.js');
    const response = await fetch(`${url}/hook`, { method: 'POST', body: JSON.stringify(sample('metric-alert', { seed: 3 })), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(202);
    expect(await running).toBe(0);
    expect(ctx.err()).toContain(`equivalent command: whk listen --port 0 --save ${save} --status 202 --expect metric-alert --count 1`);
    expect(ctx.out()).toMatch(/POST \/hook {2}metric-alert {2}valid/);
    expect(readFileSync(save, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
