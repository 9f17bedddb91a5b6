// The open-file watch when a connection takes the last free descriptor: the count of open files
// cannot be read then (listing /proc/self/fd needs a descriptor of its own), and that is itself the
// sign the limit is reached. A server in a child process under `ulimit -n 64` fills its table to one
// free descriptor; one connection takes it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WATCH = fileURLToPath(new URL('../../dist/receiver/open-files.js', import.meta.url));

const SERVER = `
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:http';
import { watchOpenFiles } from ${JSON.stringify(WATCH)};
const server = createServer((request, response) => response.end());
server.listen(0, '127.0.0.1', () => {
  const held = [];
  try { for (;;) held.push(openSync('/dev/null', 'r')); } catch {}
  closeSync(held.pop());
  watchOpenFiles(server, (message) => console.log('warned: ' + message));
  console.log('port ' + server.address().port);
});
`;

describe.runIf(process.platform === 'linux')('open-file watch at the last descriptor', () => {
  it('says the limit is reached when the connection that took the last descriptor leaves none to count with', async () => {
    const child = spawn('sh', ['-c', `ulimit -n 64 && exec "${process.execPath}" --input-type=module -e "$0"`, SERVER]);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      while (!/port \d+/.test(stdout)) await once(child.stdout, 'data');
      const port = Number(/port (\d+)/.exec(stdout)?.[1]);
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await expect.poll(() => stdout).toMatch(/warned: whk has reached the open-file limit \(ulimit -n: 64\) with 1 connections open/);
      socket.destroy();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
