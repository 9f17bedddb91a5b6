// README, "Receiving from a SaaS: a public relay": a relay that forwards the bytes keeps a signature
// valid; one that re-serialises the JSON (as smee-client does) makes it invalid while the payload
// stays valid. Both relays are local stand-ins; the listener and the sender are the real binary.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A relay to `target`: the same bytes (a tunnel), or JSON.stringify(JSON.parse(body)) (smee-client). */
async function relay(target: string, reserialise: boolean): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = reserialise ? Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8')))) : raw;
      const headers = { ...req.headers, 'content-length': String(body.length) };
      const out = httpRequest(`${target}${req.url ?? ''}`, { method: req.method, headers }, (answer) => {
        answer.resume();
        answer.on('end', () => res.writeHead(answer.statusCode ?? 502).end());
      });
      out.end(body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function throughRelay(reserialise: boolean): Promise<{ valid: boolean; signature: { verdict: string } }> {
  const listener = startCli(['listen', '--port', '0', '--count', '1', '--json', '--secret', 's3cret']);
  const [, url] = (await listener.waitFor(/listening on (http:\/\/\S+)/)) as unknown as [string, string];
  // A payload as a sender may write it: indented, with escaped slashes; a re-serialiser changes both.
  const payload = JSON.parse((await runCli(['sample', 'github', '--seed', '1'])).stdout) as Record<string, unknown>;
  const dir = await mkdtemp(join(tmpdir(), 'whk-relay-'));
  const file = join(dir, 'push.json');
  await writeFile(file, JSON.stringify(payload, null, 2).replaceAll('/', '\\/'));
  const sent = await runCli(['send', 'github', '--url', `${await relay(url, reserialise)}/hook`, '--data', file, '--secret', 's3cret', '--no-retry']);
  expect(sent.code, sent.stderr).toBe(0);
  const result = await listener.exited;
  const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; valid: boolean; signature: { verdict: string } });
  const request = events.find((event) => event.type === 'request');
  if (!request) throw new Error(`no request arrived: ${result.stderr}`);
  return request;
}

describe('a public relay in front of whk listen', () => {
  it('a tunnel that forwards the bytes: the signature verifies', async () => {
    const event = await throughRelay(false);
    expect(event.signature.verdict).toBe('valid');
    expect(event.valid).toBe(true);
  });

  it('a relay that re-serialises the JSON (smee-client): the signature is invalid, so is the request', async () => {
    const event = await throughRelay(true);
    expect(event.signature.verdict).toBe('invalid');
    expect(event.valid).toBe(false);
  });
});
