// How the receiver frames its answers on the wire (framing.ts): the statuses that carry no content
// (204, 205, 304) go without one, each with the length its status calls for, on a connection kept alive.
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/server.js';

let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('receiver: answers without content', () => {
  it('205 Reset Content goes with Content-Length 0 and no body (RFC 9110 §15.3.6), as 204 and 304 go with none; the next answer is whole', async () => {
    receiver = await startReceiver({ respond: { statuses: [204, 205, 304, 200] } });
    const answers = [];
    for (let i = 1; i <= 4; i++) {
      const response = await request(`${receiver.url}/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"n":${i}}` });
      answers.push({ status: response.statusCode, length: response.headers['content-length'], body: await response.body.text() });
    }
    expect(answers.slice(0, 3)).toEqual([
      { status: 204, length: undefined, body: '' },
      { status: 205, length: '0', body: '' },
      { status: 304, length: undefined, body: '' },
    ]);
    expect(answers[3]).toMatchObject({ status: 200, body: expect.stringContaining('"seq":4') });
  });
});
