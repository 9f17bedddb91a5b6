// whk send over https against a real TLS server on 127.0.0.1 (test/fixtures/tls: a self-signed
// certificate for localhost and 127.0.0.1, valid to 2126). A sender refuses a certificate it cannot
// trust, and so does whk, in one line; Node's NODE_EXTRA_CA_CERTS is how to trust it (README: send).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const CERT = fileURLToPath(new URL('../fixtures/tls/cert.pem', import.meta.url));
const KEY = fileURLToPath(new URL('../fixtures/tls/key.pem', import.meta.url));

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** An https receiver that answers 200 and keeps each body it read. */
async function httpsReceiver(bodies: string[]): Promise<number> {
  server = createServer({ cert: readFileSync(CERT), key: readFileSync(KEY) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString());
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('whk send over https (real TLS server)', () => {
  it('refuses a self-signed certificate in one line per attempt, and delivers once NODE_EXTRA_CA_CERTS trusts it', async () => {
    const bodies: string[] = [];
    const port = await httpsReceiver(bodies);
    // Two attempts, the second soon after: metaplane's own policy waits 15 s over its five.
    const refused = await runCli(['send', 'metaplane-incident', '--url', `https://localhost:${port}/hook`, '--retries', '1', '--retry-delay', '10ms']);
    expect(refused.code).toBe(1);
    const attempt = `TLS error with localhost:${port}: self-signed certificate \\(\\d+ms\\)`;
    expect(refused.stdout).toMatch(new RegExp(`^✖ metaplane-incident  ${attempt} → ${attempt}  failed`, 'm'));
    expect(bodies).toEqual([]);

    const trusted = await runCli(['send', 'metaplane-incident', '--url', `https://localhost:${port}/hook`], { env: { NODE_EXTRA_CA_CERTS: CERT } });
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toMatch(/^✔ metaplane-incident  200 /m);
    expect(bodies).toHaveLength(1);
    expect(JSON.parse(bodies[0] ?? '')).toHaveProperty('status');
  });
});
