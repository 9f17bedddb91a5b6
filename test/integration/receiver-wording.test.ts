// The words a receiver's records use for its options (wording.ts): as given (the CLI: its flags), in
// the capture line too, not only in what is printed.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/server.js';

let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close({ now: true });
  receiver = undefined;
});

describe('receiver: a record\'s texts in the wording given', () => {
  it('a sender gone during the delay: its capture line\'s warning names the option as `wording` says (the CLI: --delay), not as the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-wording-'));
    try {
      const save = join(dir, 'c.ndjson');
      receiver = await startReceiver({ save, respond: { delayMs: 600_000 }, wording: (text) => text.replaceAll('`delay`', '--delay') });
      const socket = connect(receiver.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write('POST /x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}');
      await receiver.whenArrived(1);
      socket.destroy();
      await receiver.close();
      receiver = undefined;
      const [line] = (await readFile(save, 'utf8')).trimEnd().split('\n');
      const warnings = (JSON.parse(line ?? '{}') as { warnings: string[] }).warnings;
      expect(warnings).toEqual([expect.stringMatching(/^the sender closed the connection while whk held its answer \(--delay\), \d+ ms after its body arrived: it never saw this 200$/)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a body over the limit: its issue in the capture line names the option as `wording` says', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-wording-'));
    try {
      const save = join(dir, 'c.ndjson');
      receiver = await startReceiver({ save, limits: { maxBodyBytes: 4 }, wording: (text) => text.replaceAll('`maxBody`', '--max-body') });
      const response = await fetch(`${receiver.url}/x`, { method: 'POST', body: '{"a":12345}' });
      expect(response.status).toBe(413);
      await receiver.close();
      receiver = undefined;
      const [line] = (await readFile(save, 'utf8')).trimEnd().split('\n');
      expect((JSON.parse(line ?? '{}') as { issues: { message: string }[] }).issues[0]?.message).toBe('body of 11 bytes exceeds --max-body (4 bytes); refused with 413, first 4 bytes recorded');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
