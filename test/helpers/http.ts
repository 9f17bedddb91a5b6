// One request to a local receiver or server: its answer read to the end (so the keep-alive socket
// is free for the next one) and its status returned.
import { request, type Dispatcher } from 'undici';

export async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}, dispatcher?: Dispatcher): Promise<number> {
  const response = await request(url, { method: 'POST', body, headers, ...(dispatcher ? { dispatcher } : {}) });
  await response.body.text();
  return response.statusCode;
}
