import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateTravisKeys } from '../../src/signing/schemes/travis.js';
import { render } from '@inquirer/testing';
import { echoedRows } from '../../src/ui/prompt-terminal.js';
import { createPrompter, type PromptRunner } from '../../src/ui/prompts.js';
import { runWizardFlow, type WizardIO } from '../../src/ui/wizard.js';
import { typedPath } from '../../src/ui/wizard-files.js';
import { captureRecord } from '../helpers/capture.js';
import { scriptedPrompter, type Answer } from '../helpers/prompts.js';

async function flow(answers: Answer[]) {
  const scripted = scriptedPrompter(answers);
  const shown: string[] = [];
  const io: WizardIO = { prompter: scripted.prompter, show: (text) => shown.push(text), seed: () => 42 };
  const plan = await runWizardFlow(io);
  expect(scripted.remaining()).toEqual([]);
  return { plan, shown, asked: scripted.asked, refusals: scripted.refusals };
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ALERT = { status: 'firing', alerts: [{ status: 'firing' }] };
// A Grafana alert: its kind signs (x-grafana-alerting-signature), so a replay's secret applies to it.
const RECORD = `${JSON.stringify(captureRecord(ALERT, { kind: 'grafana-alert' }))}\n`;

/** A scratch directory with a payload file and a capture file in it. */
function scratch(): { dir: string; file: string; capture: string } {
  const dir = mkdtempSync(join(tmpdir(), 'whk-wizard-'));
  const file = join(dir, 'payload.json');
  writeFileSync(file, '{}\n');
  const capture = join(dir, 'captures.ndjson');
  writeFileSync(capture, RECORD);
  mkdirSync(join(dir, 'sub'));
  return { dir, file, capture };
}

describe('wizard flows (real prompts, scripted keys)', () => {
  it('sends a metric alert with defaults: the plan is the flag command', async () => {
    const { plan, shown } = await flow(['send', 'metric-alert', 'significance', 'http://127.0.0.1:9999/hook', '', '', '', false, true]);
    expect(plan.args).toEqual(['send', 'metric-alert', '--url', 'http://127.0.0.1:9999/hook', '--variant', 'significance', '--seed', '42']);
    expect(plan.declined).toBeUndefined();
    expect(shown.join('\n')).toContain('"alertType": "SIGNIFICANCE"');
  });

  it('takes spaces alone at a prompt with a default as the default, as an empty line is taken', async () => {
    const { plan } = await flow(['send', 'metric-alert', 'significance', '  ', ' ', '   ', '', false, true]);
    expect(plan.args).toEqual(['send', 'metric-alert', '--url', 'http://127.0.0.1:9000/webhook', '--variant', 'significance', '--seed', '42']);
  });

  it('shows on the answered line the value taken, not the spaces typed: the default, or the answer trimmed', async () => {
    const answered = async (typed: string): Promise<string> => {
      let screen = '';
      const runner: PromptRunner = async (prompt, config) => {
        const { answer, events, getScreen } = await render(prompt as never, config as never);
        events.type(typed);
        events.keypress('enter');
        const result = await answer;
        screen = getScreen();
        return result as never;
      };
      await createPrompter({}, runner).input('Target URL', { default: 'http://127.0.0.1:9000/webhook' });
      return screen;
    };
    expect(await answered('   ')).toBe('✔ Target URL http://127.0.0.1:9000/webhook');
    expect(await answered('  http://127.0.0.1:1/x ')).toBe('✔ Target URL http://127.0.0.1:1/x');
  });

  it("shows a file name on the answered line as the path it is read as, not the terminal's quotes", async () => {
    let screen = '';
    const runner: PromptRunner = async (prompt, config) => {
      const { answer, events, getScreen } = await render(prompt as never, config as never);
      events.type(`'/tmp/whk-no-such-dir/it'\\''s here.json'`);
      events.keypress('enter');
      const result = await answer;
      screen = getScreen();
      return result as never;
    };
    const taken = await createPrompter({}, runner).input('Payload file', { shown: typedPath });
    expect(typedPath(taken)).toBe("/tmp/whk-no-such-dir/it's here.json");
    expect(screen).toBe("✔ Payload file /tmp/whk-no-such-dir/it's here.json");
  });

  it("counts the rows a terminal's echo of keys typed ahead went down, never more than it made", () => {
    expect(echoedRows('abc\x1b[B', 80)).toBe(0);
    expect(echoedRows('abc\r', 80)).toBe(1);
    expect(echoedRows('x'.repeat(80), 80)).toBe(0); // at the last column, not wrapped yet
    expect(echoedRows('x'.repeat(81), 80)).toBe(1);
    expect(echoedRows(`${'\x1b'.repeat(40)}y`, 80)).toBe(1); // ^[ takes two columns
    expect(echoedRows(`${'x'.repeat(79)}\x7f\x7fyyy`, 80)).toBe(0); // a backspace takes its column back
  });

  it("counts the echo of wide characters (CJK, emoji) typed ahead in the columns they take", () => {
    // 30 CJK characters take 60 columns: a row of 40 and part of the next (counted as 30, one row was left on the screen).
    expect(echoedRows('界'.repeat(30), 40)).toBe(1);
    expect(echoedRows('界'.repeat(20), 40)).toBe(0); // at the last column, not wrapped yet
    expect(echoedRows('😀'.repeat(21), 40)).toBe(1);
    // One column left: the terminal draws the next wide character at the next row's start.
    expect(echoedRows(`${'x'.repeat(39)}界`, 40)).toBe(1);
    expect(echoedRows('界'.repeat(20), 39)).toBe(1); // 19 fill 38 columns of 39
    expect(echoedRows(`${'x'.repeat(39)}e\u0301`, 40)).toBe(0); // a combining mark takes no column
  });

  it('keeps field overrides, count and seed, and shows them in the preview', async () => {
    const { plan, shown } = await flow(['send', 'metric-alert', 'alert-policy', 'https://example.test/in', '3', '7', 'data.environment.name=Staging', '', false, true]);
    expect(plan.args).toEqual(['send', 'metric-alert', '--url', 'https://example.test/in', '--seed', '7', '--set', 'data.environment.name=Staging', '--count', '3']);
    expect(shown.join('\n')).toContain('"name": "Staging"');
  });

  it('validates URLs as they are typed', async () => {
    const { checkUrl } = await import('../../src/ui/wizard.js');
    expect(checkUrl('ftp://nope')).toMatch(/http:\/\/ or https:\/\//);
    expect(checkUrl('not a url')).toMatch(/not a URL/);
    expect(checkUrl('http://127.0.0.1:1/x')).toBe(true);
    expect(checkUrl('localhost:9000')).toBe('the scheme is missing; did you mean http://localhost:9000?');
  });

  it('refuses a busy port as it is typed; 0 and a free port pass', async () => {
    const { checkPort } = await import('../../src/ui/wizard.js');
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      expect(await checkPort(String(port))).toBe(`port ${port} is in use; pick another, or 0 for a free one`);
      expect(await checkPort('0')).toBe(true);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
    expect(await checkPort(String(port))).toBe(true);
  });

  it('explains a bad path=value: why, and the form with examples', async () => {
    const { checkAssignment } = await import('../../src/ui/wizard-overrides.js');
    const form = 'write path=value, e.g. data.environment.name=Staging or alerts[0].status=resolved (the value is read as JSON, else as text)';
    expect(checkAssignment('novalue')).toBe(`invalid 'novalue'; ${form}`);
    expect(checkAssignment('data..x=1')).toBe(`invalid path 'data..x'; ${form}`);
    expect(checkAssignment('data.environment.name=QA')).toBe(true);
  });

  it('refuses an override that cannot apply to the payload as it is typed, in the words --set would use', async () => {
    const { plan, refusals } = await flow(['send', 'metric-alert', 'alert-policy', 'http://127.0.0.1:9999/hook', '', '7', { refused: 'type.x=1', says: 'not an object or array' }, 'data.environment.name=QA', '', false, true]);
    expect(refusals).toEqual([`> cannot set '$.type.x': '$.type' is a string, not an object or array; to replace it, set type itself`]);
    expect(plan.args).toEqual(['send', 'metric-alert', '--url', 'http://127.0.0.1:9999/hook', '--seed', '7', '--set', 'data.environment.name=QA']);
  });

  it("refuses an override that leaves a payload the kind's schema refuses, as send --set would, and asks again", async () => {
    const { plan, refusals, shown } = await flow(['send', 'github', 'pull_request', 'closed', 'http://127.0.0.1:9999/hook', '', '7', '', { refused: 'action=zzz', says: 'invalid github payload' }, 'pull_request.title=Fix', '', false, true]);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/^> that makes an invalid github payload: \$\.action: /);
    expect(plan.args).toEqual(['send', 'github', '--url', 'http://127.0.0.1:9999/hook', '--event', 'pull_request', '--variant', 'closed', '--seed', '7', '--set', 'pull_request.title=Fix']);
    expect(shown.join('\n')).toContain('"action": "closed"');
  });

  it('an impressions batch of one record is sent as one: --count is written even for 1', async () => {
    const { plan, shown } = await flow(['send', 'impressions', 'default', 'http://127.0.0.1:9999/hook', '1', '', 'auto', '', false, true]);
    expect(plan.args).toEqual(['send', 'impressions', '--url', 'http://127.0.0.1:9999/hook', '--seed', '42', '--count', '1']);
    expect(JSON.parse(shown.join('\n').replace(/^Payload preview:\n/, ''))).toHaveLength(1);
  });

  it('saves the payload without changing what is sent: --count 2 still sends two generated payloads', async () => {
    const { plan } = await flow(['send', 'metric-alert', 'alert-policy', 'http://127.0.0.1:9999/hook', '2', '5', '', true, 'alert.json', true]);
    expect(plan.args).toEqual(['send', 'metric-alert', '--url', 'http://127.0.0.1:9999/hook', '--seed', '5', '--count', '2']);
    expect(plan.save?.path).toBe('alert.json');
    expect((plan.save?.payload as { type: string }).type).toBe('METRIC_ALERT');
  });

  it('offers the lifecycle from opened, not after resolved', async () => {
    const opened = await flow(['send', 'metaplane-incident', 'opened', 'http://127.0.0.1:9999/hook', '', '1', '0', true, '', '', false, true]);
    expect(opened.asked).toContain('Send the lifecycle (opened, then resolved)?');
    expect(opened.plan.args).toContain('--lifecycle');
    const resolved = await flow(['send', 'metaplane-incident', 'resolved', 'http://127.0.0.1:9999/hook', '', '1', '0', '', '', false, true]);
    expect(resolved.asked).not.toContain('Send the lifecycle (opened, then resolved)?');
    expect(resolved.plan.args).not.toContain('--lifecycle');
  });

  it('refuses at the prompt a field the lifecycle sets anew (status), in the words send refuses it with, and asks again', async () => {
    const { plan, refusals } = await flow(['send', 'metaplane-incident', 'opened', 'http://127.0.0.1:9999/hook', '', '1', '0', true, '', { refused: 'status=resolved', says: 'with --lifecycle' }, '', false, true]);
    expect(refusals).toEqual(['> --set $.status with --lifecycle: the lifecycle sets it anew in its resolved stage, so the value set would not reach every stage; drop --lifecycle to send the payload as set, or leave that field to the lifecycle']);
    expect(plan.args).toEqual(['send', 'metaplane-incident', '--url', 'http://127.0.0.1:9999/hook', '--seed', '1', '--lifecycle']);
    // Without the lifecycle the same override is taken: what the lifecycle would undo is the reason.
    const alone = await flow(['send', 'metaplane-incident', 'opened', 'http://127.0.0.1:9999/hook', '', '1', '0', false, '', 'status=resolved', '', false, true]);
    expect(alone.plan.args).toContain('status=resolved');
  });

  it('refuses a seed whose last payload passes 2^53 with the count asked (payload i is seed + i), in send\'s words', async () => {
    const { plan, refusals } = await flow(['send', 'metric-alert', 'alert-policy', 'http://127.0.0.1:9999/hook', '3', { refused: '9007199254740991', says: 'seed + i' }, '9007199254740989', '', false, true]);
    expect(refusals).toEqual(['> --seed 9007199254740991 with --count 3: payload i is drawn from seed + i, and the last passes 9007199254740991, past which two seeds are one; give a --seed of at most 9007199254740989']);
    expect(plan.args).toEqual(['send', 'metric-alert', '--url', 'http://127.0.0.1:9999/hook', '--seed', '9007199254740989', '--count', '3']);
  });

  it('declining at the end returns the plan without running it', async () => {
    const { plan } = await flow(['send', 'metric-alert', 'alert-policy', 'http://127.0.0.1:9999/hook', '', '', '', false, false]);
    expect(plan.declined).toBe(true);
  });

  it('starts a receiver with a response script, an expected kind and a count', async () => {
    const { plan } = await flow(['listen', '0', true, '', '500,500,200', 'metric-alert', '3']);
    expect(plan.args).toEqual(['listen', '--port', '0', '--save', 'captures.ndjson', '--respond', '500,500,200', '--expect', 'metric-alert', '--count', '3']);
  });

  it('prints a sample and a schema', async () => {
    expect((await flow(['sample', 'metric-alert', 'warehouse-native', '9'])).plan.args).toEqual(['sample', 'metric-alert', '--variant', 'warehouse-native', '--seed', '9']);
    expect((await flow(['schema', 'metric-alert'])).plan.args).toEqual(['schema', 'metric-alert']);
  });

  it("asks a batch kind's sample for its records per batch, bounded and refused in the words of sample --count", async () => {
    const { plan, refusals } = await flow(['sample', 'impressions', 'default', { refused: '0', says: 'expected' }, { refused: '100001', says: 'at most' }, '20', '9']);
    expect(refusals).toEqual([
      "> expected an integer ≥ 1, got '0'",
      '> --count: at most 100,000 records in one impressions batch, got 100,001; a sample is one batch built in memory; give a --count of at most 100,000',
    ]);
    expect(plan.args).toEqual(['sample', 'impressions', '--seed', '9', '--count', '20']);
    // Enter takes the batch impressions' sample holds without --count, written all the same.
    expect((await flow(['sample', 'impressions', 'default', '', '9'])).plan.args).toEqual(['sample', 'impressions', '--seed', '9', '--count', '5']);
  });

  it("refuses a batch past whk's bound at the send flow's count in send's words, as --count is refused", async () => {
    const { plan, refusals } = await flow(['send', 'impressions', 'default', 'http://127.0.0.1:9999/hook', { refused: '100001', says: 'at most' }, '2', '', 'auto', '', false, true]);
    expect(refusals).toEqual(['> --count: at most 100,000 records in one impressions batch, got 100,001; a batch is one body built in memory; send more batches with --rate and --total']);
    expect(plan.args).toEqual(['send', 'impressions', '--url', 'http://127.0.0.1:9999/hook', '--seed', '42', '--count', '2']);
  });

  it('Ctrl-C at a prompt rejects with the prompt library abort', async () => {
    const scripted = scriptedPrompter(['send', { abort: true }]);
    await expect(runWizardFlow({ prompter: scripted.prompter, show: () => {} })).rejects.toMatchObject({ name: 'ExitPromptError' });
  });

  it('refuses a directory or a missing file to validate or replay as it is typed, in the words the command would use', async () => {
    const { dir, file, capture } = scratch();
    const validate = await flow(['validate', { refused: join(dir, 'sub'), says: 'is a directory' }, { refused: join(dir, 'nope.json'), says: 'no such file' }, file, '']);
    expect(validate.refusals).toEqual([`> '${join(dir, 'sub')}' is a directory with no .json, .ndjson or .jsonl file in it (its subdirectories are not read); name the files to validate, or each subdirectory`, `> cannot read '${join(dir, 'nope.json')}': no such file`]);
    expect(validate.plan.args).toEqual(['validate', file]);
    const replay = await flow(['replay', { refused: join(dir, 'sub'), says: 'is a directory' }, capture, 'http://127.0.0.1:9999/hook', '', '']);
    expect(replay.plan.args).toEqual(['replay', capture, '--url', 'http://127.0.0.1:9999/hook']);
    // A secret signs each request anew (replay --secret: the scheme that checked it, or its kind's).
    expect((await flow(['replay', capture, 'http://127.0.0.1:9999/hook', '', 'whsec_x'])).plan.args).toEqual(['replay', capture, '--url', 'http://127.0.0.1:9999/hook', '--secret', 'whsec_x']);
    // A field to change first (replay --set), refused as --set refuses it until it is path=value.
    const changed = await flow(['replay', capture, 'http://127.0.0.1:9999/hook', { refused: 'status', says: "invalid 'status'; write path=value" }, 'alerts[0].status=resolved', 'whsec_x']);
    expect(changed.plan.args).toEqual(['replay', capture, '--url', 'http://127.0.0.1:9999/hook', '--set', 'alerts[0].status=resolved', '--secret', 'whsec_x']);
  });

  it.runIf(process.platform !== 'win32')('refuses a named pipe or a device at every file question, which opening would wait on or read the terminal', async () => {
    const { dir, file, capture } = scratch();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const piped = `cannot read '${fifo}': it is a named pipe (FIFO), which waits for a program at its other end; give a file (for a pipe, run the command yourself)`;
    const validate = await flow(['validate', { refused: fifo, says: 'named pipe' }, { refused: '/dev/tty', says: 'device' }, file, '']);
    expect(validate.refusals).toEqual([`> ${piped}`, "> cannot read '/dev/tty': it is a device, not a file"]);
    const replay = await flow(['replay', { refused: fifo, says: 'named pipe' }, capture, 'http://127.0.0.1:9999/hook', '', '']);
    expect(replay.refusals).toEqual([`> ${piped}`]);
    const listen = await flow(['listen', '0', true, { refused: fifo, says: 'named pipe' }, capture, '', '', '']);
    expect(listen.refusals).toEqual([`> ${piped.replace('cannot read', 'cannot write')}`]);
    const saved = await flow(['send', 'metric-alert', 'alert-policy', 'http://127.0.0.1:9999/hook', '', '5', '', true, { refused: fifo, says: 'named pipe' }, join(dir, 'alert.json'), true]);
    expect(saved.refusals).toEqual([`> ${piped.replace('cannot read', 'cannot write')}`]);
    const travis = await flow(['send', 'travis-ci', 'passed', 'push', 'http://127.0.0.1:9999/hook', '', '', { refused: fifo, says: 'named pipe' }, '', 'none', '', false, true]);
    expect(travis.refusals).toEqual([`> ${piped}`]);
  });

  it("refuses '-' (stdin) as the file to validate or replay: the wizard's stdin is its terminal, and a capture file is read by its path", async () => {
    const { file, capture } = scratch();
    const validate = await flow(['validate', { refused: '-', says: 'is stdin' }, file, '']);
    expect(validate.refusals).toEqual(["> '-' is stdin, and the wizard's stdin is this terminal; give a file's path (to validate piped JSON, run e.g. whk sample github | whk validate -)"]);
    expect(validate.plan.args).toEqual(['validate', file]);
    // In replay's own words (whk replay - says the same).
    const replay = await flow(['replay', { refused: '-', says: 'not from stdin' }, capture, 'http://127.0.0.1:9999/hook', '', '']);
    expect(replay.refusals).toEqual(["> cannot read '-': a capture file is read by its path, not from stdin; save it to a file first, then give its path"]);
  });

  it('takes what whk validate takes: a directory of payload files, and a pattern of them', async () => {
    const { dir } = scratch();
    expect((await flow(['validate', dir, ''])).plan.args).toEqual(['validate', dir]);
    expect((await flow(['validate', join(dir, '*.json'), ''])).plan.args).toEqual(['validate', join(dir, '*.json')]);
    const none = await flow(['validate', { refused: join(dir, '*.txt'), says: 'no file matches' }, dir, '']);
    expect(none.refusals).toEqual([`> no file matches '${join(dir, '*.txt')}'`]);
  });

  it('asks for the secret to sign a replay anew only when a record of the capture has a scheme a typed secret signs with', async () => {
    const { dir } = scratch();
    const write = (name: string, records: object[]): string => {
      const path = join(dir, name);
      writeFileSync(path, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      return path;
    };
    const secretAsked = "Secret to sign each request anew, by the scheme that checked it or its kind's (empty: as recorded)";
    // Of no kind, and of a kind whose sender signs nothing (alertmanager): a secret would have each refused.
    const unsigned = write('unsigned.ndjson', [captureRecord(ALERT), captureRecord(ALERT, { kind: 'alertmanager' })]);
    const plain = await flow(['replay', unsigned, 'http://127.0.0.1:9999/hook', '']);
    expect(plain.asked).not.toContain(secretAsked);
    expect(plain.plan.args).toEqual(['replay', unsigned, '--url', 'http://127.0.0.1:9999/hook']);
    // Travis signs with a PEM private key, which a one-line prompt cannot take.
    const travis = write('travis.ndjson', [captureRecord(ALERT, { kind: 'travis-ci' })]);
    expect((await flow(['replay', travis, 'http://127.0.0.1:9999/hook', ''])).asked).not.toContain(secretAsked);
    // A later record that a scheme checked when it arrived is enough, though the first has none.
    const checked = captureRecord(ALERT, { signature: { scheme: 'github', header: 'x-hub-signature-256', verdict: 'valid', reason: 'signature matches' } });
    const mixed = write('mixed.ndjson', [captureRecord(ALERT), checked]);
    const signed = await flow(['replay', mixed, 'http://127.0.0.1:9999/hook', '', 'whsec_x']);
    expect(signed.asked).toContain(secretAsked);
    expect(signed.plan.args).toEqual(['replay', mixed, '--url', 'http://127.0.0.1:9999/hook', '--secret', 'whsec_x']);
    // The first, which no scheme signs, replay then refuses (it was not said until the tally): said before the secret.
    expect(signed.shown).toEqual(['some records cannot be signed with a typed secret (the first is #1): given one, replay refuses them']);
    const all = write('signed.ndjson', [checked, checked]);
    expect((await flow(['replay', all, 'http://127.0.0.1:9999/hook', '', 'whsec_x'])).shown).toEqual([]);
  });

  it('refuses a file to replay that is not a capture file as it is typed, in the words replay would use', async () => {
    const { dir, file, capture } = scratch();
    // whk sample alertmanager > am.json: one JSON document over several lines.
    const pretty = join(dir, 'am.json');
    writeFileSync(pretty, `${JSON.stringify({ status: 'firing', alerts: [] }, null, 2)}\n`);
    const { plan, refusals } = await flow(['replay', { refused: file, says: 'not a capture record' }, { refused: pretty, says: 'over several lines' }, capture, 'http://127.0.0.1:9999/hook', '', '']);
    expect(refusals[0]).toMatch(new RegExp(`^> ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: not a capture record: `));
    expect(refusals[1]).toBe(`> '${pretty}' holds one JSON document over several lines, not capture records (one per line, as whk listen --save writes them); to send a payload from a file: whk send <kind> --data ${pretty}`);
    expect(plan.args).toEqual(['replay', capture, '--url', 'http://127.0.0.1:9999/hook']);
  });

  it('the commands its refusals of a file to replay suggest can be pasted: a name with a space is quoted', async () => {
    const { dir, capture } = scratch();
    const pretty = join(dir, 'my alert.json');
    writeFileSync(pretty, `${JSON.stringify({ status: 'firing', alerts: [] }, null, 2)}\n`);
    const gzipped = join(dir, 'old captures.ndjson.gz');
    writeFileSync(gzipped, gzipSync(RECORD));
    const { refusals } = await flow(['replay', { refused: pretty, says: 'over several lines' }, { refused: gzipped, says: 'gzip-compressed' }, capture, 'http://127.0.0.1:9999/hook', '', '']);
    expect(refusals[0]).toMatch(new RegExp(`whk send <kind> --data '${escaped(pretty)}'$`));
    expect(refusals[1]).toMatch(new RegExp(`e\\.g\\. gunzip -c '${escaped(gzipped)}' > captures\\.ndjson$`));
  });

  it("refuses a field to change that replay would refuse a record for, naming the record, in replay's words", async () => {
    const { dir } = scratch();
    // A later record whose alerts are a string: status=resolved fits the first, not it.
    const capture = join(dir, 'two.ndjson');
    writeFileSync(capture, [captureRecord(ALERT, { kind: 'grafana-alert' }), captureRecord({ status: 'firing', alerts: 'none' }, { kind: 'grafana-alert' })].map((record) => `${JSON.stringify(record)}\n`).join(''));
    const { plan, refusals } = await flow(['replay', capture, 'http://127.0.0.1:9999/hook', { refused: 'status.x=1', says: 'record #1' }, { refused: 'alerts[0].status=resolved', says: 'record #2' }, 'status=resolved', '']);
    expect(refusals[0]).toBe("> replay would refuse record #1: --set does not fit it: cannot set '$.status.x': '$.status' is a string, not an object or array (to replace it, set status itself)");
    expect(plan.args).toEqual(['replay', capture, '--url', 'http://127.0.0.1:9999/hook', '--set', 'status=resolved']);
  });

  it('refuses a file name to save to that cannot be written: no directory for it, or a directory', async () => {
    const { dir } = scratch();
    const saved = join(dir, 'alert.json');
    const { plan, refusals } = await flow(['send', 'metric-alert', 'alert-policy', 'http://127.0.0.1:9999/hook', '', '5', '', true, { refused: join(dir, 'missing', 'x.json'), says: 'does not exist' }, { refused: dir, says: 'is a directory' }, saved, true]);
    expect(refusals).toEqual([`> cannot write '${join(dir, 'missing', 'x.json')}': its directory ${join(dir, 'missing')} does not exist`, `> cannot write '${dir}': it is a directory`]);
    expect(plan.save?.path).toBe(saved);
    // A name ending in / is a directory's, there or not: the write would fail after the last question.
    const slashed = await flow(['send', 'metric-alert', 'alert-policy', 'http://127.0.0.1:9999/hook', '', '5', '', true, { refused: join(dir, 'out/'), says: 'ends in /' }, saved, true]);
    expect(slashed.refusals).toEqual([`> cannot write '${join(dir, 'out/')}': a name that ends in / is a directory's, not a file's`]);
    const listen = await flow(['listen', '0', true, { refused: join(dir, 'missing', 'c.ndjson'), says: 'does not exist' }, { refused: `${join(dir, 'c.ndjson')}/`, says: 'ends in /' }, join(dir, 'c.ndjson'), '', '', '']);
    expect(listen.plan.args).toEqual(['listen', '--port', '0', '--save', join(dir, 'c.ndjson')]);
    // Not saving is a no: an input's emptied line would give its default back.
    expect((await flow(['listen', '0', false, '', '', ''])).plan.args).toEqual(['listen', '--port', '0']);
  });

  it('asks before replacing a file it would save to; a no asks again, offering the next free name', async () => {
    const { dir } = scratch();
    const taken = join(dir, 'alert.json');
    writeFileSync(taken, 'mine\n');
    writeFileSync(join(dir, 'alert-2.json'), 'mine too\n');
    const start = ['send', 'metric-alert', 'alert-policy', 'http://127.0.0.1:9999/hook', '', '5', '', true];
    const kept = await flow([...start, taken, false, '', true]);
    expect(kept.asked).toContain(`${taken} exists. Replace it?`);
    expect(kept.plan.save?.path).toBe(join(dir, 'alert-3.json'));
    const replaced = await flow([...start, taken, true, true]);
    expect(replaced.plan.save?.path).toBe(taken);
    // A name no file has is taken without a question.
    const fresh = await flow([...start, join(dir, 'new.json'), true]);
    expect(fresh.asked.filter((message) => message.endsWith('Replace it?'))).toEqual([]);
  });

  it('asks which event for kinds whose sender names its events, then the variants of that event', async () => {
    const { plan, asked, shown } = await flow(['send', 'github', 'pull_request', 'closed', 'http://127.0.0.1:9999/hook', '', '', '', '', false, true]);
    expect(asked.slice(1, 4)).toEqual(['Which webhook do you want to send?', 'Which event?', 'Which variant?']);
    expect(plan.args).toEqual(['send', 'github', '--url', 'http://127.0.0.1:9999/hook', '--event', 'pull_request', '--variant', 'closed', '--seed', '42']);
    expect(shown.join('\n')).toContain('"action": "closed"');
    // The default event and its default variant need no flag; an event without variants asks none.
    expect((await flow(['sample', 'dynatrace', 'RESOLVED', '3'])).plan.args).toEqual(['sample', 'dynatrace', '--event', 'RESOLVED', '--seed', '3']);
    expect((await flow(['sample', 'github', 'push', '3'])).plan.args).toEqual(['sample', 'github', '--seed', '3']);
  });

  it("asks which release of the sender for kinds whose delivery changed; the release's payload is the variant's default", async () => {
    const { plan, asked } = await flow(['send', 'hertzbeat-alarm', '1.0.0', 'entity-oldest', 'http://127.0.0.1:9999/hook', '', '', '', false, true]);
    expect(asked).toContain('Which release of the sender?');
    // 1.0.0 sends the entity generation: both its variants, written with 1.0.0's names; its own is the default.
    expect(asked).toContain('Which variant?');
    // Before 1.8.0 HertzBeat sends no Authorization header: the wizard does not offer one.
    expect(asked).not.toContain('Authorization header?');
    expect(plan.args).toEqual(['send', 'hertzbeat-alarm', '--url', 'http://127.0.0.1:9999/hook', '--sender-version', '1.0.0', '--seed', '42']);
    // The newest release's line (1.8.0) is the default: no flag; the unreleased 1.9.0 line is asked for by its number.
    const newest = await flow(['send', 'hertzbeat-alarm', '1.8.0', 'grouped', 'http://127.0.0.1:9999/hook', '', '', 'none', '', false, true]);
    expect(newest.plan.args).toEqual(['send', 'hertzbeat-alarm', '--url', 'http://127.0.0.1:9999/hook', '--seed', '42']);
    const unreleased = await flow(['send', 'hertzbeat-alarm', '1.9.0', 'grouped', 'http://127.0.0.1:9999/hook', '', '', 'none', '', false, true]);
    expect(unreleased.plan.args).toEqual(['send', 'hertzbeat-alarm', '--url', 'http://127.0.0.1:9999/hook', '--sender-version', '1.9.0', '--seed', '42']);
  });

  it("does not offer an Authorization header with a variant only an older release sent: send goes as that release, which sends none", async () => {
    // flat without --sender-version goes as 1.6.1 (kinds/sender-version.ts requestedSender); send refused the
    // --auth-bearer the wizard had offered, after every question, exit 2.
    const { plan, asked } = await flow(['send', 'hertzbeat-alarm', '1.8.0', 'flat', 'http://127.0.0.1:9999/hook', '', '', '', false, true]);
    expect(asked).not.toContain('Authorization header?');
    expect(plan.args).toEqual(['send', 'hertzbeat-alarm', '--url', 'http://127.0.0.1:9999/hook', '--variant', 'flat', '--seed', '42']);
    // The newest release's own payload still offers it.
    expect((await flow(['send', 'hertzbeat-alarm', '1.8.0', 'grouped-resolved', 'http://127.0.0.1:9999/hook', '', '', 'none', '', false, true])).asked).toContain('Authorization header?');
  });

  it("refuses at the prompt what send refuses of the URL and the token, in send's words, not after every question", async () => {
    // Credentials in the URL go as Authorization: Basic, which metric-alert's sender never sends.
    const plain = await flow(['send', 'metric-alert', 'alert-policy', { refused: 'http://ops:pw@127.0.0.1:9999/hook', says: 'does not send' }, 'http://127.0.0.1:9999/hook', '', '', '', false, true]);
    expect(plain.refusals).toEqual([
      "> --url's credentials (user:password@): metric-alert does not send an Authorization header; see whk kinds for the kinds that support auth; to send one anyway, take them out of the URL and give --header 'Authorization: Basic …'",
    ]);
    expect(plain.plan.args).toContain('http://127.0.0.1:9999/hook');
    // HertzBeat 1.8.0 sends one: its URL keeps them; a token a header cannot carry is refused when typed.
    // An empty token goes back to the choice of header (it was refused, and only Ctrl-C got out).
    const url = 'http://ops:pw@127.0.0.1:9999/hook';
    const hertzbeat = await flow(['send', 'hertzbeat-alarm', '1.8.0', 'grouped', url, '', '', 'basic', '', 'bearer', { refused: 'a€b', says: 'Latin-1' }, 'tok', '', false, true]);
    expect(hertzbeat.asked.slice(7, 11)).toEqual(['Authorization header?', 'Basic token (empty: back to the choice)', 'Authorization header?', 'Bearer token (empty: back to the choice)']);
    expect(hertzbeat.refusals[0]).toMatch(/^> invalid --auth-bearer: the token goes in the Authorization header, and its value holds '€' \(U\+20AC\), past Latin-1/);
    expect(hertzbeat.plan.args).toEqual(['send', 'hertzbeat-alarm', '--url', url, '--seed', '42', '--auth-bearer', 'tok']);
  });

  it('offers a release the variants it can send: 1.5.0 sends flat alarms, not grouped ones (the CLI refuses those)', async () => {
    await expect(flow(['send', 'hertzbeat-alarm', '1.5.0', 'grouped', 'http://127.0.0.1:9999/hook', '', '', '', false, true])).rejects.toThrow(/'grouped' is not a choice of 'Which variant\?': flat, flat-1\.4\.2, flat-1\.4\.3, flat-1\.4\.4$/);
    const { plan } = await flow(['send', 'hertzbeat-alarm', '1.5.0', 'flat-1.4.4', 'http://127.0.0.1:9999/hook', '', '', '', false, true]);
    expect(plan.args).toEqual(['send', 'hertzbeat-alarm', '--url', 'http://127.0.0.1:9999/hook', '--sender-version', '1.5.0', '--variant', 'flat-1.4.4', '--seed', '42']);
  });

  it("refuses at the prompt a signing secret the kind's scheme cannot sign with (GitLab's whsec_ that is not base64), in send's words", async () => {
    const { plan, refusals } = await flow(['send', 'gitlab', 'push', 'http://127.0.0.1:9999/hook', '', '7', { refused: 'whsec_abc', says: 'base64' }, 'plain-token', '', false, true]);
    expect(refusals).toEqual(["> the secret after whsec_ is 3 characters of base64: the Standard Webhooks libraries refuse fewer than 4 ('incorrect padding'); a Standard Webhooks secret is whsec_ followed by base64 (ed25519 keys start whsk_ or whpk_)"]);
    expect(plan.args).toEqual(['send', 'gitlab', '--url', 'http://127.0.0.1:9999/hook', '--seed', '7', '--secret', 'plain-token']);
  });

  it('asks travis-ci for the RSA key file it signs with (send --travis-key), not a shared secret', async () => {
    const { dir } = scratch();
    const key = join(dir, 'travis.pem');
    const { plan, asked } = await flow(['send', 'travis-ci', 'passed', 'push', 'http://127.0.0.1:9999/hook', '', '', { refused: join(dir, 'missing', 'k.pem'), says: 'does not exist' }, key, 'none', '', false, true]);
    expect(asked.some((message) => message.startsWith('Signing secret'))).toBe(false);
    expect(plan.args).toEqual(['send', 'travis-ci', '--url', 'http://127.0.0.1:9999/hook', '--seed', '42', '--travis-key', key]);
  });

  it("refuses a travis-ci key file that holds no RSA private key at the prompt, in send's words, and takes whk's key file", async () => {
    const { dir, file } = scratch();
    const key = join(dir, 'travis.pem');
    writeFileSync(key, generateTravisKeys().privateKey);
    const { plan, refusals } = await flow(['send', 'travis-ci', 'passed', 'push', 'http://127.0.0.1:9999/hook', '', '', { refused: file, says: 'holds no' }, { refused: '-', says: "'-' names none" }, key, 'none', '', false, true]);
    // send's own words (commands/travis-key.ts), not after every later question.
    expect(refusals[0]).toBe(`> --travis-key '${file}' holds no RSA private key in PEM; give the key file whk made, or a path that does not exist yet (whk creates a new key there)`);
    expect(plan.args).toContain(key);
  });

  it('takes one pair of quotes around a typed path off (as a terminal adds them to a dropped file), and says ~user is not read', async () => {
    const { file, dir } = scratch();
    const missing = join(dir, 'missing.json');
    const { plan, refusals } = await flow(['validate', { refused: `'${missing}'`, says: 'no such file' }, { refused: '~nobody-here/x.json', says: 'no such file' }, `"${file}"`, '']);
    // The name without its quotes, said once quoted.
    expect(refusals).toEqual([`> cannot read '${missing}': no such file`, "> cannot read '~nobody-here/x.json': no such file (the wizard reads ~ and ~/ as your home directory, not ~user: give the full path)"]);
    expect(plan.args).toEqual(['validate', file]);
  });

  it('reads a path a terminal quoted as it quotes a dropped file, as a shell reads it: quotes and backslashes taken off', async () => {
    const { dir } = scratch();
    const named = join(dir, `it's a "file".json`);
    writeFileSync(named, '{}\n');
    const spaced = join(dir, 'my file.json');
    writeFileSync(spaced, '{}\n');
    const dropped = `'${named.replace(/'/g, `'\\''`)}'`; // as GNOME Terminal quotes it (g_shell_quote)
    expect((await flow(['validate', dropped, ''])).plan.args).toEqual(['validate', named]);
    expect((await flow(['validate', spaced.replace(/ /g, '\\ '), ''])).plan.args).toEqual(['validate', spaced]); // as WezTerm escapes it by default
    const { shellWord } = await import('../../src/ui/wizard-files.js');
    expect(shellWord(`"a \\"b\\" \\x"`)).toBe('a "b" \\x');
    for (const notOneWord of ['a b', `'open`, '$HOME/x', '"`x`"', 'ends\\']) expect(shellWord(notOneWord), notOneWord).toBeUndefined();
  });

  it('offers captures.ndjson to validate only when it is there: Enter on a default that is not read as no such file', async () => {
    const { file } = scratch();
    // The working directory (the repository's) holds no captures.ndjson: Enter keeps no default.
    const { refusals, plan } = await flow(['validate', { refused: '', says: 'give a file name' }, file, '']);
    expect(refusals).toEqual(['> give a file name']);
    expect(plan.args).toEqual(['validate', file]);
  });

  it('prints the equivalent command with the secrets typed at hidden prompts masked, as whk masks secrets elsewhere', async () => {
    const { printedArgs } = await import('../../src/commands/wizard.js');
    const args = ['replay', 'cap.ndjson', '--url', 'http://ops:pa55@127.0.0.1:9/hook?token=t0k', '--set', 'a=1', '--secret', 'whsec_x'];
    expect(printedArgs(args)).toEqual(['replay', 'cap.ndjson', '--url', 'http://ops:••••@127.0.0.1:9/hook?token=••••', '--set', 'a=1', '--secret', '••••']);
    expect(printedArgs(['send', 'hertzbeat-alarm', '--auth-basic', 'dXNlcjpwdw==', '--travis-key', 'k.pem', '--seed', '1'])).toEqual(['send', 'hertzbeat-alarm', '--auth-basic', '••••', '--travis-key', 'k.pem', '--seed', '1']);
    expect(printedArgs(['send', 'x', '--auth-bearer', 'tok123'])).toEqual(['send', 'x', '--auth-bearer', '••••']);
  });

  it('a file whose name starts with - is written ./-name in the command, so it is not read as an option', async () => {
    // Relative to the working directory, where a person's file name is looked up.
    const name = `-whk-wizard-${process.pid}.json`;
    writeFileSync(name, RECORD);
    try {
      expect((await flow(['validate', name, ''])).plan.args).toEqual(['validate', `./${name}`]);
      expect((await flow(['replay', name, 'http://127.0.0.1:9999/hook', '', ''])).plan.args).toEqual(['replay', `./${name}`, '--url', 'http://127.0.0.1:9999/hook']);
    } finally {
      rmSync(name);
    }
  });
});
