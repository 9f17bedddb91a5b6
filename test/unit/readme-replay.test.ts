// The README's `whk replay` section names every field of replay's --json objects (a record's result,
// and a --dry-run request's view): each is checked against objects replay really makes.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedDispatcher } from '../../src/delivery/attempt.js';
import { describeRequest } from '../../src/delivery/describe.js';
import { replayCaptures, replayRequest } from '../../src/delivery/replay.js';
import { captureRecord } from '../helpers/capture.js';
import { serversClosedAfterEach } from '../helpers/server.js';

afterEach(async () => {
  await closeSharedDispatcher();
});
const server = serversClosedAfterEach();

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### Replaying captures: `whk replay`'), readme.indexOf('### The programmatic API'));
// The words of its code spans: `signaturesLeftOut`, `retriesCancelled: true`, `{index, method, url}`.
const prose = section.replace(/```[\s\S]*?```/g, '');
const named = new Set([...prose.matchAll(/`([^`]+)`/g)].flatMap(([, code]) => (code ?? '').match(/\w+/g) ?? []));
const unnamed = (keys: readonly string[]): string[] => keys.filter((key) => !named.has(key));

describe("README: replay's --json fields", () => {
  it('names every field of a dry run request with --keep-path (its target among them)', () => {
    const view = describeRequest(replayRequest(captureRecord({ a: 1 }, { path: '/hooks/../x' }), { url: 'http://127.0.0.1:1/base', keepPath: true }));
    expect(view.target).toBe('/base/hooks/../x');
    expect(unnamed(Object.keys(view))).toEqual([]);
    // Not only for OPTIONS *: every request with --keep-path has one.
    expect(prose.replace(/\s+/g, ' ')).toContain('and `target` with `--keep-path`: the request-target as it goes on the request line');
  });

  it("names every field of a record's result, one Ctrl-C stopped in its wait before a retry included", async () => {
    const target = await server([500]);
    const stop = new AbortController();
    // Virtual time: the wait before the retry is where the run is stopped.
    const sleep = async (): Promise<void> => stop.abort();
    const [result] = await replayCaptures([{ index: 1, line: 1, record: captureRecord({ a: 1 }) }], { url: target.url, retries: 1 }, { signal: stop.signal, sleep });
    expect(result?.retriesCancelled).toBe(true);
    expect(unnamed(Object.keys(result ?? {}))).toEqual([]);
  });
});
