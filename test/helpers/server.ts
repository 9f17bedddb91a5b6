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

export type Responder = (request: RecordedRequest, index: number) => number | { status: number; delayMs?: number; body?: string; headers?: Record<string, string | string[]> };

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

/** Wraps a starter so that what it starts is closed after each test of the file that calls this at its top level. */
export function closedAfterEach<A extends unknown[], T extends { close(): Promise<unknown> }>(start: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let started: T[] = [];
  afterEach(async () => {
    await Promise.all(started.map((s) => s.close()));
    started = [];
  });
  return async (...args) => {
    const one = await start(...args);
    started.push(one);
    return one;
  };
}

/** A starter whose servers are closed after each test of the file that calls this at its top level. */
export function serversClosedAfterEach(): (...args: Parameters<typeof startServer>) => Promise<TestServer> {
  return closedAfterEach(startServer);
}

export interface RecoveringServer extends TestServer {
  /** Each answer in order, with the time (on the given clock) it was decided. */
  answered: { status: number; at: number }[];
}

/** An endpoint that answers 500 for `failForMs` from its first request on, then 200. */
export async function recovering(failForMs: number, options: { clock?: () => number; start?: typeof startServer } = {}): Promise<RecoveringServer> {
  const clock = options.clock ?? Date.now;
  const answered: RecoveringServer['answered'] = [];
  let first: number | undefined;
  const endpoint = await (options.start ?? startServer)(() => {
    const at = clock();
    first ??= at;
    const status = at - first < failForMs ? 500 : 200;
    answered.push({ status, at });
    return status;
  });
  return Object.assign(endpoint, { answered });
}
