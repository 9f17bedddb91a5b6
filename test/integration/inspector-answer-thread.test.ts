// The inspector's heavy answers on a worker thread (answer-thread.ts): a large diff, or a large
// record's detail, made there is the one made on the main thread byte for byte, whichever way its records are held, and a worker that
// throws or ends fails that answer alone, in one line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { serialize } from '../../src/capture/serialize.js';
import { createAnswerThread, type AnswerThread } from '../../src/inspector/answer-thread.js';
import { createCatalogue, type Entry } from '../../src/inspector/catalogue.js';
import { diffJson, WORKER_DIFF_CHARS } from '../../src/inspector/diff-answer.js';
import { detailJson, WORKER_DETAIL_CHARS } from '../../src/inspector/detail-answer.js';
import { buildDetail } from '../../src/inspector/detail.js';
import { captureRecord } from '../helpers/capture.js';

const threads: AnswerThread[] = [];
afterEach(async () => {
  for (const thread of threads.splice(0)) await thread.end();
});
const started = (url?: URL): AnswerThread => {
  const thread = createAnswerThread(url);
  threads.push(thread);
  return thread;
};

// Two bodies past the worker's threshold, differing here and there; one number past 2^53 and non-ASCII text, drawn as sent.
const items = (seed: number) => Array.from({ length: 8000 }, (_, i) => ({ id: i, name: `é-${i}-${(i * seed) % 97}`, big: i === 5 ? 12345678901234567890 : i }));
const bodyText = (seed: number) => JSON.stringify({ items: items(seed) }).replace('12345678901234567000', '12345678901234567890');
const large = (seed: number) => captureRecord(JSON.parse(bodyText(seed)), { bodyBase64: Buffer.from(bodyText(seed)).toString('base64'), headers: { 'content-type': 'application/json', authorization: `Bearer ${seed}` } });

describe('the inspector answer thread', () => {
  it('makes a large diff byte for byte as the main thread does, of records held whole and as their lines', async () => {
    const [a, b] = [large(1), large(2)];
    expect(a.bodyBase64.length + b.bodyBase64.length).toBeGreaterThan(WORKER_DIFF_CHARS);
    const whole = createCatalogue(10);
    const lines = createCatalogue(10);
    for (const record of [a, b]) {
      whole.add(record);
      lines.add(record, { line: serialize(record, undefined).line });
    }
    const thread = started();
    for (const catalogue of [whole, lines]) {
      const [one, other] = [catalogue.get(1) as Entry, catalogue.get(2) as Entry];
      const inThread = await diffJson({ row: one.row, record: one.record }, { row: other.row, record: other.record }, ['authorization']);
      const onWorker = await thread.diff({ a: { row: one.row, held: await one.heldForWorker() }, b: { row: other.row, held: await other.heldForWorker() }, secretHeaders: ['authorization'] });
      expect(JSON.parse(inThread).body.changes).toBeGreaterThan(0);
      expect(onWorker.toString('utf8')).toBe(inThread);
    }
  });

  it("draws a large record's body for its detail byte for byte as the main thread does, issues placed and worded", async () => {
    const record = { ...large(1), issues: [{ path: '$.items[3].name', message: 'a message naming --kind' }], valid: false };
    expect(record.bodyBase64.length).toBeGreaterThan(WORKER_DETAIL_CHARS);
    const thread = started();
    const options = { showSecrets: false, secretHeaders: [], wording: (text: string) => text.replace('--kind', 'the kind setting') };
    for (const kept of [undefined, { line: serialize(record, undefined).line }]) {
      const catalogue = createCatalogue(10);
      catalogue.add(record, kept);
      const entry = catalogue.get(1) as Entry;
      const inThread = JSON.stringify(await buildDetail(entry, catalogue, options));
      expect(inThread).toContain('a message naming the kind setting');
      expect(await detailJson(entry, catalogue, options, thread)).toBe(inThread);
    }
  });

  it('a job the worker throws on fails alone, in one line, and the worker answers the next', async () => {
    const thread = started();
    const catalogue = createCatalogue(10);
    catalogue.add(large(1), { line: serialize(large(1), undefined).line });
    const entry = catalogue.get(1) as Entry;
    const broken = { a: { row: entry.row, held: { line: Buffer.from('{"not": "a record"') } }, b: { row: entry.row, held: await entry.heldForWorker() }, secretHeaders: [] };
    await expect(thread.diff(broken)).rejects.toThrow(/^[^\n]*JSON[^\n]*$/);
    const fine = await thread.diff({ a: { row: entry.row, held: await entry.heldForWorker() }, b: { row: entry.row, held: await entry.heldForWorker() }, secretHeaders: [] });
    expect(JSON.parse(fine.toString('utf8')).body.changes).toBe(0);
  });

  it('a worker that ends fails what it was making, in one line, and the next job starts another', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-worker-'));
    try {
      const dying = join(dir, 'dying.mjs');
      await writeFile(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
      const thread = started(pathToFileURL(dying));
      const record = captureRecord({ a: 1 });
      const job = { a: { row: createCatalogue(1).add(record).row, held: { record } }, b: { row: createCatalogue(1).add(record).row, held: { record } }, secretHeaders: [] };
      await expect(thread.diff(job)).rejects.toThrow("the inspector's worker thread ended (exit code 3) before its answer");
      await expect(thread.diff(job)).rejects.toThrow("the inspector's worker thread ended (exit code 3) before its answer");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
