// The capture reader and the follower of whk inspect on a line past the longest record whk reads, with
// that bound lowered to 1 KiB (its own file: the mock holds for every module this file loads), so a
// test need not write 256 MiB. The two said it in words of their own; the follower said it only once
// more bytes came after the line's. And what the follower says of a file its path no longer names.
import { appendFile, link, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { openFollower } from '../../src/capture/follow-file.js';
import { readEntries, type ResumePoint } from '../../src/capture/read.js';
import { validateSource } from '../../src/validate/files.js';
import { captureRecord } from '../helpers/capture.js';

vi.mock('../../src/capture/record.js', async (importOriginal) => ({ ...(await importOriginal<object>()), MAX_RECORD_BYTES: 1024 }));

/** What the follower of `file` says as it stops following it, once `change` has been made to it. */
async function whyStopped(file: string, change: () => Promise<unknown>): Promise<string> {
  let stopped = (_why: string): void => {};
  const why = new Promise<string>((resolve) => (stopped = resolve));
  const follower = await openFollower(file, { record: () => {}, skipped: () => {}, stopped: (text) => stopped(text) });
  let resume: ResumePoint | undefined;
  for await (const _ of follower.read({ ended: (at) => (resume = at) }));
  follower.start(resume!, 5);
  await change();
  const said = await why;
  await follower.close();
  return said;
}

describe('a capture line past the longest record', () => {
  it('is said in one wording by the first read and by the follower, as soon as its bytes are read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-follow-'));
    const record = `${JSON.stringify(captureRecord({ a: 1 }))}\n`;
    const long = 'x'.repeat(1100);
    const read = join(dir, 'read.ndjson');
    await writeFile(read, `${record}${long}\n`);
    const refused = await (async () => {
      for await (const _ of readEntries(read, {}));
    })().catch((error: Error) => error.message);

    const followed = join(dir, 'followed.ndjson');
    await writeFile(followed, record);
    // No newline and nothing after: the line is past the bound once these bytes are read.
    const said = await whyStopped(followed, () => appendFile(followed, long));
    expect([refused, said]).toEqual([`${read}:2: longer than 1 KiB, so not a capture record`, `${followed}:2: longer than 1 KiB, so not a capture record: the page no longer follows the file`]);
  });

  // validate reads a line that begins as a record up to the record's bound, past --max-document: it
  // said "line 2 is larger than 1.0 kB, the longest capture record whk listen writes", a third wording.
  it('is said in the same words by validate', async () => {
    const record = `${JSON.stringify(captureRecord({ a: 1 }))}\n`;
    const long = `${record.slice(0, -2)}, "pad": "${'x'.repeat(2048)}"}\n`;
    const validating = (async () => {
      for await (const _ of validateSource('c.ndjson', Readable.from([record, long]), { maxDocumentBytes: 512 }));
    })();
    await expect(validating).rejects.toThrow(/^c\.ndjson:2: longer than 1 KiB, so not a capture record$/);
  });

});

describe('a followed capture file its path no longer names', () => {
  // It said "moved away" of a file deleted at its path while a hard link elsewhere kept it.
  it('says a followed file was deleted, deleted at its path with another name left, or moved away, by its count of names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-follow-'));
    const record = `${JSON.stringify(captureRecord({ a: 1 }))}\n`;
    const said = async (path: string, change: () => Promise<unknown>): Promise<string> => {
      await writeFile(path, record);
      return (await whyStopped(path, change)).replace(/:.*/, '');
    };
    const [deleted, linked, moved] = [join(dir, 'deleted.ndjson'), join(dir, 'linked.ndjson'), join(dir, 'moved.ndjson')];
    expect(await said(deleted, () => rm(deleted))).toBe(`'${deleted}' was deleted`);
    // The other name made before the follower opens the file (writeFile below writes through it).
    await writeFile(linked, record);
    await link(linked, `${linked}.kept`);
    expect(await said(linked, () => rm(linked))).toBe(`'${linked}' was deleted at this path (another name of the file is left)`);
    expect(await said(moved, () => rename(moved, `${moved}.1`))).toBe(`'${moved}' was moved away`);
  });
});
