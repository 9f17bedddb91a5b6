// The body a --dry-run shows (ui/render-send.ts renderDryRun): a replayed record holds whatever its
// sender sent, so gzip that does not inflate is shown as it is and bytes that are not text as a dump,
// never as raw bytes in the terminal; text and gzipped JSON read as text.
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { PreparedRequest } from '../../src/delivery/request.js';
import { createOutput } from '../../src/ui/output.js';
import { renderDryRun } from '../../src/ui/render-send.js';

function shown(body: Buffer, gzip = false): string[] {
  let text = '';
  const stdout = new PassThrough();
  stdout.write = ((chunk: string | Buffer) => (text += String(chunk)).length > 0) as PassThrough['write'];
  const output = createOutput({ stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' } });
  const request: PreparedRequest = { method: 'POST', url: 'http://127.0.0.1:9/r', headers: { 'content-type': 'application/json' }, body, gzip };
  renderDryRun(output, request);
  output.flush();
  return text.split('\n').slice(3, -2);
}

describe('the body a dry run shows', () => {
  it('text as it is, gzipped text inflated with a note', () => {
    expect(shown(Buffer.from('{"a":1}'))).toEqual(['{"a":1}']);
    expect(shown(gzipSync('{"a":1}'), true)).toEqual([expect.stringMatching(/^\(gzip: \d+ B on the wire; shown inflated below;/), '{"a":1}']);
  });

  it('gzip that does not inflate as it is, and bytes that are not text (not UTF-8, or a NUL) as a dump', () => {
    expect(shown(Buffer.from('not gzip'), true)).toEqual([expect.stringMatching(/; it does not inflate, so it is shown as it is;/), 'not gzip']);
    expect(shown(Buffer.from([0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a]))).toEqual(['(6 B that are not text, as hex)', `00000000  ${'ff fe 1b 5b 32 4a'.padEnd(47)}  |...[2J|`]);
    expect(shown(Buffer.from('a\0b'))[0]).toBe('(3 B that are not text, as hex)');
    // As listen --body dumps them: the first 512 bytes, and how many more there are.
    expect(shown(Buffer.alloc(600, 0xff)).slice(-2)).toEqual([`000001f0  ${Array(16).fill('ff').join(' ')}  |................|`, '… 88 more bytes']);
  });
});
