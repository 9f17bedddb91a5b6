// A scriptable HTTP endpoint on 127.0.0.1 (port 0) for tests: records every request's raw bytes
// and answers with the statuses a test asks for.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

export interface TestServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Responder = (request: RecordedRequest, index: number) => number | { status: number; delayMs?: number; body?: string; headers?: Record<string, string> };

/** Answers statuses[i] to the i-th request (the last one repeats); a function gives full control. */
export async function startServer(respond: readonly number[] | Responder = [200]): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() };
      const index = requests.push(recorded) - 1;
      const answer = typeof respond === 'function' ? respond(recorded, index) : (respond[Math.min(index, respond.length - 1)] ?? 200);
      const { status, delayMs = 0, body = '', headers = {} } = typeof answer === 'number' ? { status: answer } : answer;
      setTimeout(() => res.writeHead(status, headers).end(body), delayMs);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A starter whose servers are closed after each test of the file that calls this at its top level. */
export function serversClosedAfterEach(): (...args: Parameters<typeof startServer>) => Promise<TestServer> {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async (...args) => {
    const started = await startServer(...args);
    servers.push(started);
    return started;
  };
}
