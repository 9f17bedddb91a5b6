// A load generator for receiver tests: POSTs numbered requests (`?n=<n>`) from many keep-alive
// connections at once and remembers which of them were acknowledged (answered 2xx).
import { Agent, request } from 'undici';

export interface LoadOptions {
  /** Requests to send in all (numbered 0..total-1). */
  total: number;
  /** Connections, and requests in flight at once. */
  connections: number;
  /** The body and headers of request n. */
  request: (n: number) => { body: string | Buffer; headers?: Record<string, string> };
  /** Called after each answer with the count acknowledged so far (e.g. to signal the receiver). */
  onAnswer?: (acknowledged: number) => void;
}

export interface LoadResult {
  /** Request numbers answered 2xx. */
  acknowledged: Set<number>;
  /** Status of every answered request by number; requests that failed (refused, reset) are absent. */
  statuses: Map<number, number>;
  /** Requests that got no answer. */
  failed: number;
}

export async function runLoad(url: string, options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ connections: options.connections, pipelining: 1 });
  const acknowledged = new Set<number>();
  const statuses = new Map<number, number>();
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < options.total) {
      const n = next++;
      const { body, headers = {} } = options.request(n);
      try {
        const response = await request(`${url}/load?n=${n}`, { method: 'POST', body, headers, dispatcher: agent });
        await response.body.dump();
        statuses.set(n, response.statusCode);
        if (response.statusCode >= 200 && response.statusCode < 300) acknowledged.add(n);
      } catch {
        // Refused or cut off (the receiver stopped): not acknowledged, so it may be missing.
        failed++;
      }
      options.onAnswer?.(acknowledged.size);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    await agent.destroy();
  }
  return { acknowledged, statuses, failed };
}
