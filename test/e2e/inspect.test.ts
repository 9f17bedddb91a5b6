// `whk inspect` and `whk listen --ui` on the real binary: where the page's URL is printed, the JSON
// event scripts read, and the errors on a bad capture file.
// Each inspect or listen that serves a page is its own process (startCli). The refusals run through
// main(), the binary's own path, in this process (runMain), the binary keeping a witness of one; the
// port they find in use is held by a server of this process.
import { once } from 'node:events';
import { appendFile, open, rename, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { captureRecord } from '../helpers/capture.js';
import { inspecting, listenHarness, runCli, startCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const harness = listenHarness();
const startServer = serversClosedAfterEach();

describe('whk listen --ui', () => {
  it('prints the page URL beside the listening line, and as an inspector event under --json', async () => {
    const { cli, url } = await harness.listen(['--ui', '--json']);
    const ui = (await cli.waitFor(/inspector: (http:\/\/127\.0\.0\.1:\d+\/)\)/))[1] as string;
    await cli.waitFor(/"type":"inspector"/, 'stdout');
    const events = cli.output().stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toEqual([{ type: 'listening', url }, { type: 'inspector', url: ui }]);
    expect(ui).not.toBe(`${url}/`);
    const page = await fetch(ui);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>whk inspector</title>');
  });
});

describe('whk inspect', () => {
  it('serves the page over a capture file until stopped', async () => {
    const file = harness.file('captures.ndjson');
    await writeFile(file, `${JSON.stringify(captureRecord({ a: 1 }))}\n`);
    const cli = startCli(['inspect', file, '--port', '0', '--json']);
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(1 record from /))[1] as string;
    await cli.waitFor(/"type":"inspector"/, 'stdout');
    expect(JSON.parse(cli.output().stdout)).toEqual({ type: 'inspector', url: ui });
    const rows = await (await fetch(new URL('api/records/1', ui))).json();
    expect(rows).toMatchObject({ row: { id: 1, path: '/hook' } });
    cli.child.kill('SIGTERM');
    const result = await cli.exited;
    expect(result.code).toBe(0);
  });

  it("names the receiver's settings in a record's messages by their flags, as listen prints them (--max-body, not `maxBody`)", async () => {
    const file = harness.file('worded.ndjson');
    const record = captureRecord({ a: 1 }, {
      valid: false,
      truncated: true,
      issues: [{ path: '$', message: 'body of 30000000 bytes exceeds `maxBody` (10485760 bytes); refused with 413, first 10485760 bytes recorded' }],
      warnings: ['`secret` was given and nothing signed it'],
      signature: { scheme: 'github', header: 'x-hub-signature-256', verdict: 'missing', reason: 'no header (`secret` was given)' },
    });
    await writeFile(file, `${JSON.stringify(record)}\n`);
    const cli = startCli(['inspect', file, '--port', '0']);
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(1 record from /))[1] as string;
    const detail = (await (await fetch(new URL('api/records/1', ui))).json()) as { issues: { message: string }[]; warnings: string[]; signature: { reason: string }; json: { lines: { issues?: { message: string }[] }[] } };
    expect(detail.issues[0]?.message).toBe('body of 30000000 bytes exceeds --max-body (10485760 bytes); refused with 413, first 10485760 bytes recorded');
    expect(detail.json.lines[0]?.issues?.[0]?.message).toBe(detail.issues[0]?.message);
    expect([detail.warnings, detail.signature.reason]).toEqual([['--secret was given and nothing signed it'], 'no header (--secret was given)']);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);

    // listen --ui's page says them so too.
    const live = await harness.listen(['--ui', '--verify', 'stripe', '--secret', 'whsec_x']);
    const page = (await live.cli.waitFor(/inspector: (http:\/\/127\.0\.0\.1:\d+\/)/))[1] as string;
    await fetch(live.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    const unsigned = (await (await fetch(new URL('api/records/1', page))).json()) as { issues: { message: string }[] };
    expect(unsigned.issues.map((issue) => issue.message)).toEqual(['signature header stripe-signature is missing (--secret was given)']);
  });

  it('gives the page a multipart form’s fields and its files, as the capture file holds them', async () => {
    const file = harness.file('multipart.ndjson');
    const files = [{ name: 'attachment1', filename: 'report.pdf', contentType: 'application/pdf', size: 12 }];
    const raw = '--b\r\nContent-Disposition: form-data; name="to"\r\n\r\nops@example.com\r\n--b\r\nContent-Disposition: form-data; name="attachment1"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 ...\r\n--b--\r\n';
    const record = captureRecord(null, { headers: { 'content-type': 'multipart/form-data; boundary=b' }, bodyBase64: Buffer.from(raw).toString('base64'), form: { fields: [['to', 'ops@example.com']], json: null, files } });
    await writeFile(file, `${JSON.stringify(record)}\n`);
    const cli = startCli(['inspect', file, '--port', '0']);
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(1 record from /))[1] as string;
    const detail = await (await fetch(new URL('api/records/1', ui))).json();
    expect(detail).toMatchObject({ form: [['to', 'ops@example.com']], formJson: null, files });
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('shows the readable records of a file with a torn line, and says which lines it skipped', async () => {
    const file = harness.file('torn.ndjson');
    const line = (path: string) => JSON.stringify(captureRecord({ a: 1 }, { path }));
    // A save cut off mid-write, ended by the next listen --save, which appended after it.
    await writeFile(file, `${line('/first')}\n${line('/torn').slice(0, 80)}\n${line('/second')}\n{"a":1}\n`);
    const cli = startCli(['inspect', file, '--port', '0']);
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(2 records from /))[1] as string;
    expect(cli.output().stderr).toContain(`warning: skipped 2 lines of ${file} that are not capture records: 2 (not JSON), 4 (no 'receivedAt')\n`);
    const paths = await Promise.all([1, 2].map(async (id) => ((await (await fetch(new URL(`api/records/${id}`, ui))).json()) as { row: { path: string } }).row.path));
    expect(paths).toEqual(['/first', '/second']);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('follows the records appended to its file, names an appended line that is no record, and says when the file is cut short', async () => {
    const file = harness.file('followed.ndjson');
    const line = (seq: number): string => JSON.stringify(captureRecord({ n: seq }, { seq }));
    await writeFile(file, `${line(1)}\n${line(2)}\n`);
    const cli = startCli(['inspect', file, '--port', '0']);
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(2 records from /))[1] as string;
    const rows = async (): Promise<number> => ((await (await fetch(new URL('api/rows', ui))).json()) as unknown[]).length;
    await appendFile(file, `not a record\n${line(3)}\n`);
    await expect.poll(rows, { timeout: 10_000 }).toBe(3);
    await cli.waitFor(/skipped line 3 of .*followed\.ndjson, not a capture record: not JSON/);
    await truncate(file, 10);
    const cut = (await cli.waitFor(/warning: ('.*followed\.ndjson' was cut short .*)\n/))[1];
    expect(cut).toMatch(/was cut short \(to 10 B, below the .* read\): the page keeps showing the records it read; start whk inspect again to read it anew$/);
    expect(await (await fetch(new URL('api/about', ui))).json()).toMatchObject({ notice: cut });
    expect(await rows()).toBe(3);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('says a followed file deleted or moved away as that, not as replaced by a new one to read', async () => {
    const deleted = harness.file('deleted.ndjson');
    const moved = harness.file('moved.ndjson');
    const line = JSON.stringify(captureRecord({ n: 1 }, { seq: 1 }));
    await Promise.all([writeFile(deleted, `${line}\n`), writeFile(moved, `${line}\n`)]);
    const clis = [startCli(['inspect', deleted, '--port', '0']), startCli(['inspect', moved, '--port', '0'])];
    await Promise.all(clis.map((cli) => cli.waitFor(/inspector on /)));
    await Promise.all([rm(deleted), rename(moved, `${moved}.1`)]);
    const stops = await Promise.all(clis.map(async (cli) => (await cli.waitFor(/warning: (.*)\n/))[1]));
    expect(stops).toEqual([
      `'${deleted}' was deleted: the page keeps showing the records it read and no longer follows the file`,
      `'${moved}' was moved away: the page keeps showing the records it read and no longer follows the file`,
    ]);
    for (const cli of clis) cli.child.kill('SIGTERM');
    expect((await Promise.all(clis.map((cli) => cli.exited))).map(({ code }) => code)).toEqual([0, 0]);
  });

  it('reads an appended line that begins with a byte order mark as the first read reads one: a BOM only begins line 1', async () => {
    const file = harness.file('bom.ndjson');
    const line = (seq: number): string => JSON.stringify(captureRecord({ n: seq }, { seq, path: `/r${seq}` }));
    // Pieces of files joined (cat), one saved by an editor that begins it with a BOM.
    await writeFile(file, `\ufeff${line(1)}\n\ufeff${line(2)}\n`);
    const cli = startCli(['inspect', file, '--port', '0']);
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(1 record from /))[1] as string;
    const paths = async (): Promise<string[]> => ((await (await fetch(new URL('api/rows', ui))).json()) as unknown[][]).map((row) => row[4] as string);
    // The first appended line was read as the file's line 1, its BOM read past: a record the first read leaves out.
    await appendFile(file, `\ufeff${line(3)}\n${line(4)}\n`);
    await expect.poll(paths, { timeout: 10_000 }).toEqual(['/r1', '/r4']);
    const stderr = cli.output().stderr;
    expect(stderr).toContain(`skipped line 2 of ${file}, not a capture record: not JSON`);
    expect(stderr).toMatch(/line 3 of .*bom\.ndjson.*not JSON/);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('reads, follows and reads back the file it opened, though another is put at its path while the page starts', async () => {
    const file = harness.file('swapped.ndjson');
    const line = (seq: number, path: string): string => JSON.stringify(captureRecord({ n: seq }, { seq, path }));
    const opened = `${line(1, '/a1')}\n${line(2, '/a2')}\n${line(3, '/a3')}\n`;
    await writeFile(file, opened);
    await writeFile(`${file}.new`, `${line(1, '/b1')}\n`);
    // Preloaded into the binary: the page's port is bound after the file is opened and before it is
    // read, and there an editor's save puts another file at the path.
    const preload = harness.file('swap.cjs');
    await writeFile(preload, `const net = require('node:net'); const fs = require('node:fs'); const listen = net.Server.prototype.listen; let swapped = false;
net.Server.prototype.listen = function (...args) { if (!swapped) { swapped = true; fs.renameSync(${JSON.stringify(`${file}.new`)}, ${JSON.stringify(file)}); } return listen.apply(this, args); };\n`);
    const cli = startCli(['inspect', file, '--port', '0'], { env: { NODE_OPTIONS: `--require ${preload}` } });
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \((\d+) records? from /))[1] as string;
    await cli.waitFor(/was replaced/);
    const rows = (await (await fetch(new URL('api/rows', ui))).json()) as unknown[][];
    const detail = (await (await fetch(new URL('api/records/1', ui))).json()) as { row: { path: string } };
    const download = await (await fetch(new URL('api/capture', ui))).text();
    // One file throughout: its rows, a record read back, and its download (the rows were the new
    // file's, the detail and the download the old one's).
    expect([rows.map((row) => row[4]), detail.row.path, download]).toEqual([['/a1', '/a2', '/a3'], '/a1', opened]);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('follows a file named through a symbolic link, and reads its records back from it', async () => {
    const file = harness.file('target.ndjson');
    const link = harness.file('link.ndjson');
    const line = (seq: number): string => JSON.stringify(captureRecord({ n: seq }, { seq, path: `/r${seq}` }));
    await writeFile(file, `${line(1)}\n`);
    await symlink(file, link);
    const cli = startCli(['inspect', link, '--port', '0']);
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(1 record from /))[1] as string;
    await appendFile(file, `${line(2)}\n`);
    const paths = async (): Promise<unknown[]> => ((await (await fetch(new URL('api/rows', ui))).json()) as unknown[][]).map((row) => row[4]);
    await expect.poll(paths, { timeout: 10_000 }).toEqual(['/r1', '/r2']);
    const detail = (await (await fetch(new URL('api/records/2', ui))).json()) as { row: { path: string } };
    expect(detail.row.path).toBe('/r2');
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('downloads the file the page shows, up to its last line shown, though another was put at its path; one cut short is refused', async () => {
    const file = harness.file('shown.ndjson');
    const line = (seq: number, path = '/hook'): string => JSON.stringify(captureRecord({ n: seq }, { seq, path }));
    const read = `${line(1)}\n${line(2)}\n`;
    // A last line still being written is not on the page: nor in its download.
    await writeFile(file, `${read}${line(3).slice(0, 30)}`);
    const cli = startCli(['inspect', file, '--port', '0']);
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(2 records from /))[1] as string;
    const download = async (): Promise<{ status: number; text: string }> => {
      const answer = await fetch(new URL('api/capture', ui));
      return { status: answer.status, text: await answer.text() };
    };
    expect(await download()).toEqual({ status: 200, text: read });
    // An editor's save: the page keeps listing the file it read, and the download is that file.
    await writeFile(`${file}.new`, `${line(1, '/other')}\n`);
    await rename(`${file}.new`, file);
    await cli.waitFor(/was replaced/);
    expect(await download()).toEqual({ status: 200, text: read });
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);

    await writeFile(file, read);
    const again = startCli(['inspect', file, '--port', '0']);
    const page = (await again.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(2 records from /))[1] as string;
    await truncate(file, 10);
    await again.waitFor(/was cut short/);
    const refused = await fetch(new URL('api/capture', page));
    expect([refused.status, await refused.json()]).toEqual([409, { error: `the capture file ${file} was cut short under the page: it no longer holds all the records listed; start whk inspect again to read it as it is` }]);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  });

  it('a download asked for while a large file loads is the file up to the records listed so far, not what is at its path', async () => {
    const file = harness.file('loading.ndjson');
    const total = 150_000;
    const line = `${JSON.stringify(captureRecord({ text: 'x'.repeat(300) }))}\n`;
    // A last line still being written: never listed, so never in the download.
    await writeFile(file, `${line.repeat(total)}${line.slice(0, 40)}`);
    const port = await freePort();
    const cli = startCli(['inspect', file, '--port', String(port)], { timeoutMs: 60_000 });
    const page = `http://127.0.0.1:${port}/`;
    const listed = async (): Promise<number> => {
      const answer = await fetch(new URL('api/rows', page)).catch(() => undefined);
      return answer ? ((await answer.json()) as unknown[]).length : -1;
    };
    await expect.poll(listed, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    const download = await (await fetch(new URL('api/capture', page))).text();
    const lines = download.split('\n').length - 1;
    // Whole lines of the file, as many as the page had listed (or fewer: more are listed since), while it still loads.
    expect(download).toBe(line.repeat(lines));
    expect(lines).toBeLessThan(total);
    expect(lines).toBeLessThanOrEqual(await listed());
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('Ctrl-C while a large file loads stops the load: exit 130, and no line saying the page is up', async () => {
    const file = harness.file('large.ndjson');
    const total = 150_000;
    const line = `${JSON.stringify(captureRecord({ text: 'x'.repeat(300) }))}\n`;
    await writeFile(file, line.repeat(total));
    const port = await freePort();
    const cli = startCli(['inspect', file, '--port', String(port)], { timeoutMs: 60_000 });
    const loaded = async (): Promise<number> => {
      const answer = await fetch(`http://127.0.0.1:${port}/api/rows`).catch(() => undefined);
      return answer ? ((await answer.json()) as unknown[]).length : -1;
    };
    // Up and loading: some rows, not all of them yet.
    await expect.poll(loaded, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.stderr).not.toContain('inspector on');
    expect(result.code).toBe(130);
  });

  it('looks at a capture larger than its heap, each record read back from the file when asked for', async () => {
    const file = harness.file('large.ndjson');
    // 1,000 records of 278 kB (a 119 kB body, as base64 and as JSON): 278 MB against a 64 MB heap; CRLF
    // line ends and a BOM, as an editor may leave them, are read past.
    const body = (i: number) => ({ n: i, items: Array.from({ length: 10_000 }, (_, k) => `item-${k}`) });
    const handle = await open(file, 'w');
    await handle.write('\ufeff');
    for (let i = 1; i <= 1_000; i++) await handle.write(`${JSON.stringify(captureRecord(body(i), { path: `/hook/${i}` }))}\r\n`);
    await handle.close();
    // Killed at 170 s, not startCli's 20: on a loaded machine reading the file took longer (killed, its
    // page's answers were cut off: 'other side closed').
    const cli = startCli(['inspect', file, '--port', '0'], { env: { NODE_OPTIONS: '--max-old-space-size=64' }, timeoutMs: 170_000 });
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(1000 records from /, 'stderr', 120_000))[1] as string;
    for (const id of [1, 500, 1000]) {
      const detail = (await (await fetch(new URL(`api/records/${id}`, ui))).json()) as { row: { path: string }; json: { lines: { text: string }[] } };
      expect(detail.row.path).toBe(`/hook/${id}`);
      expect(detail.json.lines.some((line) => line.text === String(id))).toBe(true);
    }
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  }, 180_000);

  it('a record among 1.5 million lines that are not records: named by count, in a 64 MB heap (each was kept, and it ran out)', async () => {
    const file = harness.file('mostly-log.ndjson');
    await writeFile(file, `${JSON.stringify(captureRecord({ a: 1 }))}\n${'x\n'.repeat(1_500_000)}`);
    const cli = startCli(['inspect', file, '--port', '0'], { env: { NODE_OPTIONS: '--max-old-space-size=64' }, timeoutMs: 170_000 });
    await cli.waitFor(/inspector on http:\/\/127\.0\.0\.1:\d+\/ \(1 record from /, 'stderr', 150_000);
    expect(cli.output().stderr).toContain(`warning: skipped 1500000 lines of ${file} that are not capture records: 2 (not JSON), 3 (not JSON), 4 (not JSON) and 1499997 more\n`);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  }, 180_000);

  it('refuses a file that is not a capture file, or holds none', async () => {
    const notCapture = harness.file('payload.json');
    await writeFile(notCapture, '{"a":1}\n');
    // The binary, as the witness of the refusals run through main() below.
    const bad = await runCli(['inspect', notCapture]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: .*payload\.json:1: not a capture record: no 'receivedAt'\n/);
    const empty = harness.file('empty.ndjson');
    await writeFile(empty, '');
    const none = await runMain(['inspect', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/holds no capture records/);
    const missing = await runMain(['inspect', harness.file('missing.ndjson')]);
    expect(missing.code).toBe(2);
  });

  it('a host or port it cannot have is exit 2 with a plain line, as for listen', async () => {
    const file = harness.file('captures.ndjson');
    await writeFile(file, `${JSON.stringify(captureRecord({ a: 1 }))}\n`);
    // 192.0.2.1 (TEST-NET-1) is no address of this machine; .invalid names never resolve.
    const notHere = await runMain(['inspect', file, '--host', '192.0.2.1']);
    expect(notHere).toMatchObject({ code: 2, stdout: '' });
    expect(notHere.stderr).toBe("error: cannot listen on host '192.0.2.1': it is not an address of this machine\n  give --host an address of this machine: 127.0.0.1 (this machine only), or 0.0.0.0 (every interface)\n");
    const unresolved = await runMain(['inspect', file, '--host', 'no-such-host.invalid']);
    expect(unresolved).toMatchObject({ code: 2, stdout: '' });
    expect(unresolved.stderr).toMatch(/^error: cannot listen on host 'no-such-host\.invalid': it is not an IP address, and no address was found for the name\n/);
    const { url } = await startServer();
    const busy = await runMain(['inspect', file, '--port', new URL(url).port]);
    expect(busy).toMatchObject({ code: 2, stdout: '' });
    expect(busy.stderr).toBe(`error: port ${new URL(url).port} on 127.0.0.1 is in use\n  pick another --port, or --port 0 for any free port\n`);
  });
});

describe('whk listen --ui: the page\'s port', () => {
  it('one it cannot have is exit 2, naming --ui-port', async () => {
    const { url } = await startServer();
    const busy = await runMain(['listen', '--port', '0', '--ui', '--ui-port', new URL(url).port]);
    expect(busy).toMatchObject({ code: 2 });
    expect(busy.stderr).toContain(`error: port ${new URL(url).port} on 127.0.0.1 is in use\n  pick another --ui-port, or --ui-port 0 for any free port\n`);
  });
});

// Node's own timeouts held a connection to the page that sent nothing, or the start of a request
// line, 60 to 90 s, where the receiver beside it drops one at --header-timeout: each is a file.
describe("the page's port drops connections that send nothing, or a request's start, at --header-timeout", () => {
  it('whk inspect and whk listen --ui, as the receiver does; an event stream open since before stays open and is sent new rows', async () => {
    const file = harness.file('idle.ndjson');
    await writeFile(file, `${JSON.stringify(captureRecord({ a: 1 }))}\n`);
    const newRecord = {
      inspect: () => appendFile(file, `${JSON.stringify(captureRecord({ b: 2 }))}\n`),
      listen: (output: string) => fetch(`${/listening on (\S+)/.exec(output)?.[1] ?? ''}/hook`, { method: 'POST', body: '{}' }),
    };
    for (const [command, args] of [['inspect', [file, '--port', '0']], ['listen', ['--port', '0', '--ui']]] as const) {
      const cli = startCli([command, ...args, '--header-timeout', '200ms']);
      try {
        const ui = new URL((await cli.waitFor(/inspector(?::| on) (http:\/\/127\.0\.0\.1:\d+\/)/))[1] as string);
        const stream = (await fetch(new URL('api/events', ui))).body as ReadableStream<Uint8Array>;
        const events = stream.pipeThrough(new TextDecoderStream()).getReader();
        expect((await events.read()).value).toMatch(/^event: snapshot\n/);
        const [silent, partial] = await Promise.all([closedConnection(Number(ui.port), ''), closedConnection(Number(ui.port), 'GET /api/ro')]);
        expect(silent).toBe('');
        expect(partial).toMatch(/^HTTP\/1\.1 408 /);
        await newRecord[command](cli.output().stderr);
        expect((await events.read()).value).toMatch(/^event: rows\n/);
        await events.cancel();
      } finally {
        cli.child.kill('SIGKILL');
        await cli.exited;
      }
    }
  });
});

// A diff of bodies of a few MB holds the thread for most of a second: ten asked for at once ran back
// to back, and nothing else (the receiver beside the page) was answered for 8 s.
describe('the page makes diffs one at a time, answering what else arrived between two', () => {
  it('a question asked once the first of six diffs came is answered before the last', async () => {
    const file = harness.file('large.ndjson');
    const big = (seed: number) => JSON.stringify(captureRecord({ items: Array.from({ length: 40_000 }, (_, k) => ({ k, v: `value ${k * seed} ${'z'.repeat(50)}` })) }));
    await writeFile(file, `${big(1)}\n${big(2)}\n`);
    await inspecting(file, {}, async (ui) => {
      const { port, host } = new URL(ui);
      const ask = (path: string) => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
      // Connections a page keeps open, each taken by the server already (a new one is taken a turn
      // at a time, which spaced the diffs apart by itself).
      const sockets = await Promise.all(Array.from({ length: 7 }, async () => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(ask('/api/about')));
        await once(socket, 'data');
        return socket;
      }));
      const order: number[] = [];
      // Each answer's first bytes are enough: the order they come in is what is looked at.
      const answered = sockets.map((socket, i) => once(socket, 'data').then(() => order.push(i)));
      for (const [i, socket] of sockets.slice(0, 6).entries()) socket.write(ask(`/api/diff?a=${1 + (i % 2)}&b=${2 - (i % 2)}`));
      await Promise.race(answered.slice(0, 6));
      sockets[6]?.write(ask('/api/about'));
      await Promise.all(answered);
      for (const socket of sockets) socket.destroy();
      expect(order.indexOf(6)).toBeLessThan(6);
    });
  });
});

/** Connects, writes `sent`, and resolves what came back once whk closes the connection (the test's timeout bounds the wait). */
function closedConnection(port: number, sent: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(sent));
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(reply));
  });
}

/** A port free once asked of the system and let go: the page binds it before it loads, so its URL is known before it is printed. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
