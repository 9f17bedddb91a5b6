// The README's worked example of the pause (`<!-- example:stream -->`), run in virtual time: the same
// stream settings against an endpoint that answers 500 for its first 5 seconds, then 200. The state
// changes and the summary must be the lines the README shows, clocks aside.
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { sendRequestOf } from '../../src/api/send.js';
import { streamRequestOf } from '../../src/delivery/stream-fields.js';
import { startStream, type StreamEvent } from '../../src/delivery/stream.js';
import { getKind } from '../../src/kinds/index.js';
import { createOutput } from '../../src/ui/output.js';
import { eventLine, summaryLine } from '../../src/ui/render-stream.js';
import { readmeExample } from '../helpers/readme.js';
import { serversClosedAfterEach } from '../helpers/server.js';
import { virtualTime, type VirtualTime } from '../helpers/virtual-time.js';

const server = serversClosedAfterEach();
const output = createOutput({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} }, { color: false });

let time: VirtualTime;
afterEach(async () => {
  await time.close();
});

describe('README: the worked example of the pause', () => {
  it('prints the state changes and the summary the README shows, and every impression arrives once', async () => {
    time = virtualTime();
    const start = time.clock();
    const statuses: number[] = [];
    const endpoint = await server((_, index) => (statuses[index] = time.clock() - start < 5000 ? 500 : 200));
    const events: StreamEvent[] = [];
    // whk send impressions --url … --rate 100/s --duration 14s --flush-interval 250ms --pause-cooldown 2s
    const request = streamRequestOf(sendRequestOf(getKind('impressions'), { url: `${endpoint.url}/hook`, seed: 1 }, {}), {
      rate: 100,
      duration: 14_000,
      flushInterval: 250,
      pauseCooldown: 2000,
    });
    const summary = await startStream(request, { clock: time.clock, sleep: time.sleep, dispatcher: time.dispatcher, onEvent: (event) => events.push(event) }).done;

    // Without the clock; and a real run's few ms over a whole second print '6.0s' where virtual time's exact 6000 ms prints '6s'.
    const steady = (line: string): string => line.replace(/^\d\d:\d\d:\d\d\.\d{3} /, '').replace(/(\d)\.0s\b/g, '$1s');
    // The first two lines are the command's, the seed it drew and the stream it starts (their own e2e
    // tests); the rest is what the stream reports.
    const [, , ...shown] = readmeExample('stream');
    expect([...events.map((event) => eventLine(output, event)), summaryLine(summary)].map(steady)).toEqual(shown.map(steady));

    // "the endpoint counted 1400 distinct impressions in its 200-answered requests"
    const delivered = endpoint.requests.filter((_, i) => statuses[i] === 200).flatMap((r) => (JSON.parse(gunzipSync(r.body).toString()) as unknown[]).map((e) => JSON.stringify(e)));
    expect(delivered).toHaveLength(1400);
    expect(new Set(delivered).size).toBe(1400);
  });
});
