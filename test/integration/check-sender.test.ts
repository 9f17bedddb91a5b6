// Sender contracts (`listen` + `run`) with real commands posting to whk's receiver on 127.0.0.1:
// what a failed request's line says, a secret that could check nothing, and what the command left running.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startCommand } from '../../src/check/command.js';
import { parseContract } from '../../src/check/contract.js';
import { runContract } from '../../src/check/run.js';

const EMIT = fileURLToPath(new URL('../fixtures/check/emit-impressions.mjs', import.meta.url));
/** A command posting one JSON body no kind claims. */
const POST_JUNK = `node -e 'fetch(process.env.WHK_URL + "/junk", { method: "POST", headers: { "content-type": "application/json" }, body: "{\\"a\\":1}" })'`;

const run = (check: Record<string, unknown>) => runContract(parseContract([check]));

describe('sender contracts: what a failed request says', () => {
  it('a request no kind claims says so and what it looked like, not "see the capture" (check keeps none)', async () => {
    const report = await run({ listen: { expect: { count: 1, within: '20s' } }, run: POST_JUNK });
    expect(report.ok).toBe(false);
    expect(report.checks[0]?.problems).toEqual(['request #1 (POST /junk): not a valid payload: no known kind claims it (json, application/json, keys a)']);
  });

  it("cuts a sender's 5,000-character path and 1,000-character key to 300 characters in its problem", async () => {
    const post = `node -e 'fetch(process.env.WHK_URL + "/" + "p".repeat(5000), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ["k".repeat(1000)]: 1 }) })'`;
    const report = await run({ listen: { expect: { count: 1, within: '20s' } }, run: post });
    expect(report.checks[0]?.problems).toEqual([`request #1 (POST /${'p'.repeat(298)}…): not a valid payload: no known kind claims it (${`json, application/json, keys ${'k'.repeat(1000)}`.slice(0, 299)}…)`]);
  });

  it('with an expected kind, such a request is named once, by the kind mismatch', async () => {
    const report = await run({ listen: { expect: { kind: 'impressions', count: 1, within: '20s' } }, run: POST_JUNK });
    expect(report.checks[0]?.problems).toEqual(['request #1 (POST /junk): of no known kind (json, application/json, keys a), expected impressions']);
    const other = await run({ listen: { expect: { kind: 'metric-alert', count: 1, within: '20s' } }, run: `node '${EMIT}' {url} --count 1` });
    expect(other.checks[0]?.problems).toEqual(['request #1 (POST /): a payload of kind impressions, expected metric-alert']);
  });

  it("a 'secret' that checks nothing fails: a contract error for a kind that does not sign, a problem for a request nothing verified", async () => {
    expect(() => parseContract([{ listen: { secret: 's3cret', expect: { kind: 'impressions' } }, run: 'x' }])).toThrow("invalid contract: $[0].listen.secret: impressions deliveries are not signed, so 'secret' would check nothing");
    const report = await run({ listen: { secret: 's3cret', expect: { count: 1, within: '20s' } }, run: `node '${EMIT}' {url}/imp --count 1` });
    expect(report.ok).toBe(false);
    expect(report.checks[0]?.problems).toEqual(["request #1 (POST /imp): its signature was not checked: impressions deliveries are not signed, yet 'listen.secret' was given"]);
  });

  it("keeps the last part of a command's output and says how much went before, from a line start", async () => {
    // 2,000 lines of 10 bytes ("line 0001\n"...): 20,000 bytes, of which 1 kB is kept.
    const command = startCommand(`node -e 'for (let i = 1; i <= 2000; i++) console.log("line " + String(i).padStart(4, "0"))'`, { keep: 1024 });
    expect((await command.exited).code).toBe(0);
    const lines = command.output().split('\n');
    expect(lines[0]).toBe('[… 18.5 kB of earlier output left out; the last 1020 B follow]');
    expect(lines[1]).toBe('line 1899');
    expect(lines.at(-2)).toBe('line 2000');
    const short = startCommand('echo hello', { keep: 1024 });
    await short.exited;
    expect(short.output()).toBe('hello\n');
  });

  // /proc/PID/environ, which finds them, is Linux's.
  it.runIf(process.platform === 'linux')('ends what the command started outside its process group (setsid, a shell with set -m), when it exits and when it is stopped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-leftover-'));
    const pidFiles = ['setsid', 'set-m', 'stopped'].map((name) => join(dir, `${name}.pid`));
    const [setsid, jobControl, stopped] = pidFiles as [string, string, string];
    // Each writes its own pid, then sleeps; the command waits until they have written them.
    const sleeper = join(dir, 'sleeper.sh');
    await writeFile(sleeper, 'echo $$ > "$1"; exec sleep 300\n');
    const waitFor = (...files: string[]): string => `while ${files.map((file) => `[ ! -s '${file}' ]`).join(' || ')}; do sleep 0.05; done`;
    const exits = `setsid sh '${sleeper}' '${setsid}' & bash -c "set -m; sh '${sleeper}' '${jobControl}' & exit 0"; ${waitFor(setsid, jobControl)}; exit 0`;
    const runsOn = `setsid sh '${sleeper}' '${stopped}' & ${waitFor(stopped)}; sleep 300`;
    try {
      const report = await runContract(parseContract([{ listen: { expect: { within: '20s' } }, run: exits }, { listen: { expect: { within: '2s' } }, run: runsOn }]));
      expect(report.checks.map((check) => check.summary)).toEqual(['0 requests arrived, command exited 0', '0 requests arrived, command stopped']);
      for (const file of pidFiles) await expect.poll(() => alive(file), { message: file }).toBe(false);
    } finally {
      for (const file of pidFiles) killFrom(file);
    }
  });
});

/** Whether the process whose pid `file` holds still runs (a zombie, killed and not yet reaped, does not). */
function alive(file: string): boolean {
  const pid = readFileSync(file, 'utf8').trim();
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

function killFrom(file: string): void {
  try {
    process.kill(Number(readFileSync(file, 'utf8').trim()), 'SIGKILL');
  } catch {
    // Gone, as it should be, or never started.
  }
}
