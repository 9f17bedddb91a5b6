// `--data` is validated before it goes; with `--event` it goes under that event's header, so it is
// held to that event's schema: an issues body sent as a push went out, exit 0, and whk listen then
// called it invalid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKind } from '../../src/kinds/index.js';
import { runMain } from '../helpers/main.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('whk send --data --event', () => {
  let sink: TestServer;
  beforeAll(async () => {
    sink = await startServer([200]);
  });
  afterAll(() => sink.close());

  it("a payload of another event is refused, exit 1 with the issues, and nothing is sent", async () => {
    const issues = JSON.stringify(getKind('github').sample({ seed: 1, event: 'issues' }));
    const wrong = await runMain(['send', 'github', '--url', sink.url, '--data', '-', '--event', 'push'], { input: issues });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('$.ref  required property is missing');
    expect(wrong.stderr).toBe('error: --data is not a valid github push payload; nothing was sent (--no-validate sends it anyway)\n');
    expect(sink.requests).toHaveLength(0);
    const right = await runMain(['send', 'github', '--url', sink.url, '--data', '-', '--event', 'issues', '-q'], { input: issues });
    expect([right.code, right.stderr]).toEqual([0, '']);
    expect(sink.requests[0]?.headers['x-github-event']).toBe('issues');
  });
});
