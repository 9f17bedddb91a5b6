// `whk listen` (and the page of `listen --ui` and `whk inspect`) under a low open-file limit (ulimit -n),
// through the real binary: past the limit the system closes each new connection before whk can read
// it, which whk said nothing of. It says so once, keeps running, and every request it answered is in
// the capture file.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BIN, listenHarness } from '../helpers/cli.js';
import { post } from '../helpers/http.js';
import { captureRecord } from '../helpers/capture.js';

const { file } = listenHarness();

/** Opens a connection, sends one request on it and resolves whether it was answered (it is kept open). */
function requestHeldOpen(port: number, i: number, open: Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`POST /held/${i} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`));
    open.push(socket);
    let reply = '';
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n\r\n')) resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

interface AtLimit {
  /** All whk has written to stderr so far. */
  stderr: () => string;
  /** The port of the URL whk wrote after `label` ('listening on', 'inspector:'). */
  port: (label: string) => number;
  /** The test's connections: destroyed when whk is stopped, and at the end whatever happens. */
  open: Socket[];
  /** Closes the connections, stops whk with SIGINT and resolves its warning lines. */
  stop: () => Promise<string[]>;
}

/** Runs `test` against `whk ARGS` under `ulimit -n 100`, once its stderr shows `ready`; whk is killed after, whatever happens. */
async function atLimit(args: string[], ready: RegExp, test: (run: AtLimit) => Promise<void>): Promise<void> {
  const quoted = args.map((arg) => `"${arg}"`).join(' ');
  const child = spawn('sh', ['-c', `ulimit -n 100 && exec "${process.execPath}" "${BIN}" ${quoted}`], { env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const open: Socket[] = [];
  const stop = async (): Promise<string[]> => {
    for (const socket of open.splice(0)) socket.destroy();
    child.kill('SIGINT');
    await once(child, 'close');
    return stderr.split('\n').filter((line) => line.startsWith('warning: '));
  };
  try {
    while (!ready.test(stderr)) await once(child.stderr, 'data');
    await test({ stderr: () => stderr, port: (label) => Number(new RegExp(`${label} http://127\\.0\\.0\\.1:(\\d+)`).exec(stderr)?.[1]), open, stop });
  } finally {
    for (const socket of open) socket.destroy();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Opens `count` connections to `port` that send nothing, kept in `open`; resolves once each is connected or closed. */
async function holdSilent(port: number, count: number, open: Socket[]): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, () => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      open.push(socket);
      return new Promise<void>((resolve) => {
        socket.once('connect', () => resolve());
        socket.once('close', () => resolve());
      });
    }),
  );
}

describe.runIf(process.platform === 'linux')('whk listen at the open-file limit (real binary)', () => {
  it('says once that the limit is reached, keeps running, and records every request it answered', async () => {
    const save = file('held.ndjson');
    await atLimit(['listen', '--port', '0', '--save', save], /listening on http:\/\/127\.0\.0\.1:\d+/, async ({ port: portAfter, open, stop }) => {
      const port = portAfter('listening on');
      // More connections at once than the limit leaves room for, each held open once answered.
      const answered = await Promise.all(Array.from({ length: 150 }, (_, i) => requestHeldOpen(port, i, open)));
      const seen = answered.filter(Boolean).length;
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThan(150);
      for (const socket of open.splice(0)) socket.destroy();
      // Still running: a request after them is answered.
      await expect.poll(() => post(`http://127.0.0.1:${port}/after`, '{}', { 'content-type': 'application/json' }).catch(() => 0)).toBe(200);
      expect(await stop()).toEqual([expect.stringMatching(/^warning: whk has reached the open-file limit \(ulimit -n: 100\) with \d+ connections open: the system closes each new connection before whk can read it, unanswered and not recorded, until some close; raise the limit \(ulimit -n 4096\) or have the sender open fewer at once$/)]);
      const records = (await readFile(save, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { path: string; status: number });
      expect(records.filter((record) => record.path.startsWith('/held/') && record.status === 200)).toHaveLength(seen);
      expect(records.at(-1)?.path).toBe('/after');
    });
  });
});

describe.runIf(process.platform === 'linux')('whk listen --ui at the open-file limit, reached on the page\'s port (real binary)', () => {
  it('says so once: the connections held on the page\'s port leave the receiver none, and the receiver answers once they close', async () => {
    const save = file('page-held.ndjson');
    await atLimit(['listen', '--port', '0', '--ui', '--save', save], /inspector: http:\/\/127\.0\.0\.1:\d+/, async ({ stderr, port: portAfter, open, stop }) => {
      const port = portAfter('listening on');
      // Connections to the page that send nothing, more than the limit leaves room for: the system
      // took the receiver's as well, and whk said nothing of it.
      await holdSilent(portAfter('inspector:'), 150, open);
      await expect.poll(stderr).toMatch(/^warning: whk has reached the open-file limit/m);
      for (const socket of open.splice(0)) socket.destroy();
      await expect.poll(() => post(`http://127.0.0.1:${port}/after`, '{}', { 'content-type': 'application/json' }).catch(() => 0)).toBe(200);
      expect(await stop()).toEqual([expect.stringMatching(/^warning: whk has reached the open-file limit \(ulimit -n: 100\) with \d+ connections open to the inspector page: the system closes each new connection, to the page and to the receiver alike, before whk can read it, unanswered and not recorded, until some close; raise the limit \(ulimit -n 4096\) or have whoever holds them open fewer at once$/)]);
      const records = (await readFile(save, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { path: string; status: number });
      expect(records.map((record) => [record.path, record.status])).toEqual([['/after', 200]]);
    });
  });
});

describe.runIf(process.platform === 'linux')('whk inspect at the open-file limit (real binary)', () => {
  it('says so once, in the words of a page with no receiver beside it, and the page answers once they close', async () => {
    const capture = file('inspected.ndjson');
    await writeFile(capture, `${JSON.stringify(captureRecord({ a: 1 }))}\n`);
    await atLimit(['inspect', capture, '--port', '0'], /inspector on http:\/\/127\.0\.0\.1:\d+/, async ({ stderr, port: portAfter, open, stop }) => {
      const uiPort = portAfter('inspector on');
      await holdSilent(uiPort, 150, open);
      await expect.poll(stderr).toMatch(/^warning: whk has reached the open-file limit/m);
      for (const socket of open.splice(0)) socket.destroy();
      await expect.poll(() => fetch(`http://127.0.0.1:${uiPort}/api/about`).then((response) => response.status).catch(() => 0)).toBe(200);
      expect(await stop()).toEqual([expect.stringMatching(/^warning: whk has reached the open-file limit \(ulimit -n: 100\) with \d+ connections open to the inspector page: the system closes each new connection to the page before whk can read it, unanswered, until some close; raise the limit \(ulimit -n 4096\) or have whoever holds them open fewer at once$/)]);
    });
  });
});
