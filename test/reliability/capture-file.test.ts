// Issue 19.8 and 19.15 (listen): the capture file holds raw Authorization headers, so it is created
// readable by its owner only (0600) and never written through a symbolic link; a --save path in a
// missing directory or onto a directory is one line and exit 2, not "a bug in whk".
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { listenHarness, runCli, type CliResult } from '../helpers/cli.js';
import { post } from '../helpers/http.js';

const { file, listen } = listenHarness();

function expectOneLine(result: CliResult, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/this is a bug in whk|\n\s+at /);
}

describe('reliability: the capture file', () => {
  it.runIf(process.platform !== 'win32')('is created 0600, and holds the Authorization header it was sent', async () => {
    const save = file('captures.ndjson');
    const { cli, url } = await listen(['--save', save, '--count', '1']);
    expect((await stat(save)).mode & 0o777).toBe(0o600);
    expect(await post(`${url}/hook`, '{"a":1}', { 'content-type': 'application/json', authorization: 'Bearer t0ken' })).toBe(200);
    expect((await cli.exited).code).toBe(0);
    expect((await stat(save)).mode & 0o777).toBe(0o600);
  });

  it('refuses a symbolic link, and writes nothing where it points', async () => {
    const target = file('elsewhere.ndjson');
    const link = file('link.ndjson');
    await symlink(target, link);
    expectOneLine(await runCli(['listen', '--port', '0', '--save', link, '--count', '1']), /cannot open the capture file '.*link\.ndjson': it is a symbolic link/);
    expect(existsSync(target)).toBe(false);
  });

  it('in a missing directory, or onto a directory: one line, exit 2', async () => {
    expectOneLine(await runCli(['listen', '--port', '0', '--save', file('missing/captures.ndjson'), '--count', '1']), /cannot open the capture file '.*missing\/captures\.ndjson': its directory does not exist/);
    await mkdir(file('dir'));
    expectOneLine(await runCli(['listen', '--port', '0', '--save', file('dir'), '--count', '1']), /cannot open the capture file '.*dir': it is a directory/);
  });

  // A record appended to a file removed while whk listened went to a file no one can open any more:
  // acknowledged, and lost once whk closed it.
  it('removed while listening: made anew, with a warning, and the records acknowledged after are in it', async () => {
    const save = file('removed.ndjson');
    const { cli, url } = await listen(['--save', save, '--count', '2']);
    expect(await post(`${url}/before`, '{"a":1}', { 'content-type': 'application/json' })).toBe(200);
    await rm(save);
    expect(await post(`${url}/after`, '{"a":2}', { 'content-type': 'application/json' })).toBe(200);
    const result = await cli.exited;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: the capture file .*removed\.ndjson was removed while whk listened; made anew/);
    const lines = (await readFile(save, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { path: string }).path)).toEqual(['/after']);
    if (process.platform !== 'win32') expect((await stat(save)).mode & 0o777).toBe(0o600);
  });

  // Logrotate's rotation (mv, then create): every later record went on into the moved file, answered
  // 200 with no word, and was lost with it once it was compressed and unlinked.
  const paths = async (file: string): Promise<string[]> => (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => (JSON.parse(line) as { path: string }).path);
  it('moved away, then moved away and replaced: each said once, and the records acknowledged after are in the file at the path', async () => {
    const save = file('rot.ndjson');
    const { cli, url } = await listen(['--save', save, '--count', '4']);
    const json = { 'content-type': 'application/json' };
    expect(await post(`${url}/before`, '{"a":1}', json)).toBe(200);
    await rename(save, `${save}.1`);
    expect(await post(`${url}/after-move`, '{"a":2}', json)).toBe(200);
    await rename(save, `${save}.2`);
    await writeFile(save, '');
    expect(await post(`${url}/after-replace`, '{"a":3}', json)).toBe(200);
    expect(await post(`${url}/last`, '{"a":4}', json)).toBe(200);
    const result = await cli.exited;
    expect(result.code, result.stderr).toBe(0);
    expect(await paths(`${save}.1`)).toEqual(['/before']);
    expect(await paths(`${save}.2`)).toEqual(['/after-move']);
    expect(await paths(save)).toEqual(['/after-replace', '/last']);
    expect(result.stderr.match(/warning: the capture file .*rot\.ndjson was moved while whk listened; made anew: the records from here on are in it/g)).toHaveLength(1);
    expect(result.stderr.match(/warning: the capture file (.*rot\.ndjson) was moved or replaced while whk listened; writing to \1 anew/g)).toHaveLength(1);
  });
});
