// multipart/form-data bodies (RFC 7578, RFC 2046's syntax): what is read, what is described, the
// bounds, and every malformed body a warning on a recorded request, never a throw.
import { describe, expect, it } from 'vitest';
import { recordProblem, shapeText } from '../../src/capture/record.js';
import { readContent } from '../../src/receiver/content.js';
import { inspectBody } from '../../src/receiver/inspect.js';
import { bodyLines } from '../../src/ui/render-body.js';
import { encodeMultipart, MAX_PARTS, parameters, parseMultipart } from '../../src/util/multipart.js';
import { captureRecord } from '../helpers/capture.js';

const TYPE = 'multipart/form-data; boundary=XyZ';
const field = (name: string, value: string, extra = '') => `--XyZ\r\nContent-Disposition: form-data; name="${name}"\r\n${extra}\r\n${value}\r\n`;
const body = (...parts: string[]) => Buffer.from(`${parts.join('')}--XyZ--\r\n`);

describe('multipart: what is read', () => {
  it('reads text parts as fields in order, repeats kept, as UTF-8', () => {
    const parsed = parseMultipart(body(field('b', '2'), field('a', 'ü €'), field('b', 'line one\r\nline two')), TYPE);
    expect(parsed).toEqual({ fields: [['b', '2'], ['a', 'ü €'], ['b', 'line one\r\nline two']], files: [], warnings: [] });
  });

  it('takes a quoted boundary (which may hold a space) and one among other parameters', () => {
    const bytes = Buffer.from('--a b:c\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--a b:c--');
    expect(parseMultipart(bytes, 'multipart/form-data; charset=utf-8; boundary="a b:c"').fields).toEqual([['x', '1']]);
    expect(parameters('form-data; name="a;b\\"c"; filename=f.txt')).toEqual(new Map([['name', 'a;b"c'], ['filename', 'f.txt']]));
  });

  it('reads past a preamble and an epilogue, and padding after a delimiter (RFC 2046)', () => {
    const bytes = Buffer.from('This is the preamble.\r\n--XyZ  \r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--XyZ--\r\nThis is the epilogue, --XyZ\r\n');
    expect(parseMultipart(bytes, TYPE)).toEqual({ fields: [['x', '1']], files: [], warnings: [] });
  });

  it('a line that starts with the boundary but goes on is content, not a delimiter', () => {
    expect(parseMultipart(body(field('x', 'a\r\n--XyZab\r\nb')), TYPE).fields).toEqual([['x', 'a\r\n--XyZab\r\nb']]);
  });

  it('describes file parts (name, filename, own type, size), never as fields; their bytes are not read as text', () => {
    const file = '--XyZ\r\nContent-Disposition: form-data; name="attachment1"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n';
    const bare = '--XyZ\r\ncontent-disposition: form-data; name="raw"; filename=""\r\n\r\n';
    const bytes = Buffer.concat([Buffer.from(field('from', 'a@example.com') + file), Buffer.from([0, 0xff, 0x0d, 0x0a, 0x2d]), Buffer.from(`\r\n${bare}\r\n--XyZ--`)]);
    expect(parseMultipart(bytes, TYPE)).toEqual({
      fields: [['from', 'a@example.com']],
      files: [{ name: 'attachment1', filename: 'report.pdf', contentType: 'application/pdf', size: 5 }, { name: 'raw', filename: '', contentType: null, size: 0 }],
      warnings: [],
    });
  });

  it('the first field that holds JSON is the body (Jotform’s rawRequest); the form names it', () => {
    const raw = JSON.stringify({ slug: 'submit/1', q3_name: 'Ada' });
    const content = readContent(body(field('formID', '1'), field('rawRequest', raw), field('pretty', 'Name:Ada')), 'multipart/form-data', TYPE);
    expect(content.json?.value).toEqual({ slug: 'submit/1', q3_name: 'Ada' });
    expect(content.form).toEqual({ fields: [['formID', '1'], ['rawRequest', raw], ['pretty', 'Name:Ada']], json: 'rawRequest', files: [] });
  });

  it('notes a text part whose bytes are not UTF-8, once for all of them; a file part’s bytes are its own, and a named charset is told of instead', () => {
    const bytes = Buffer.concat([
      Buffer.from(field('a', 'caf\u00e9'), 'latin1'),
      Buffer.from(field('b', 'café ✓ \uFFFD')),
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="f"; filename="x.bin"\r\n\r\n'),
      Buffer.from([0xff, 0xfe, 0x0d, 0x0a]),
      Buffer.from(field('c', 'na\u00efve'), 'latin1'),
      Buffer.from(field('d', '\u00e9', 'Content-Type: text/plain; charset=ISO-8859-1\r\n'), 'latin1'),
      Buffer.from('--XyZ--\r\n'),
    ]);
    const parsed = parseMultipart(bytes, TYPE);
    expect(parsed.fields).toEqual([['a', 'caf\uFFFD'], ['b', 'café ✓ \uFFFD'], ['c', 'na\uFFFDve'], ['d', '\uFFFD']]);
    expect(parsed.files).toEqual([{ name: 'f', filename: 'x.bin', contentType: null, size: 2 }]);
    expect(parsed.warnings).toEqual([
      "multipart parts 1, 4: is not valid UTF-8: read with U+FFFD in place of each bad sequence, so the sender's characters are lost",
      'multipart part 5: names a charset other than UTF-8: read as UTF-8, not converted',
    ]);
  });

  it('notes a part’s charset other than UTF-8, and reads it as UTF-8 all the same', () => {
    const parsed = parseMultipart(body(field('a', 'x', 'Content-Type: text/plain; charset=ISO-8859-1\r\n'), field('b', 'y', 'Content-Type: text/plain; charset=utf-8\r\n')), TYPE);
    expect(parsed.fields).toEqual([['a', 'x'], ['b', 'y']]);
    expect(parsed.warnings).toEqual(['multipart part 1: names a charset other than UTF-8: read as UTF-8, not converted']);
    // A charset of its own per part is still one warning.
    const many = parseMultipart(body(...Array.from({ length: 500 }, (_, i) => field(`f${i}`, 'x', `Content-Type: text/plain; charset=x-${i}\r\n`))), TYPE);
    expect(many.warnings).toEqual(['multipart parts 1, 2, 3 and 497 more: names a charset other than UTF-8: read as UTF-8, not converted']);
  });

  it('an unknown sender’s multipart form is shaped `form` with its field names and files', () => {
    const file = '--XyZ\r\nContent-Disposition: form-data; name="upload"; filename="a.txt"\r\n\r\nhello\r\n';
    const inspection = inspectBody(body(field('to', 'x'), field('subject', 'y'), field('to', 'z'), file), { kinds: [], headers: { 'content-type': TYPE } });
    expect(inspection.shape).toEqual({ eventHeader: null, contentType: TYPE, body: 'form', keys: ['to', 'subject'], moreKeys: 0, files: ['upload (a.txt)'] });
    expect(shapeText(inspection.shape!)).toBe(`form, ${TYPE}, keys to, subject, files upload (a.txt)`);
    expect(inspection.form?.files).toEqual([{ name: 'upload', filename: 'a.txt', contentType: null, size: 5 }]);
  });
});

describe('multipart: listen --body', () => {
  it('prints the fields, then each file described, never its bytes', () => {
    const form = { fields: [['to', 'ops@example.com']] as [string, string][], json: null, files: [{ name: 'attachment1', filename: 'report\u001b[2J.pdf', contentType: 'application/pdf', size: 2048 }, { name: 'raw', filename: 'blob', contentType: null, size: 3 }] };
    expect(bodyLines(captureRecord(null, { form }))).toEqual(['    to=ops@example.com', '    attachment1: file report\\x1b[2J.pdf (application/pdf, 2.0 kB)', '    raw: file blob (no Content-Type, 3 B)']);
    expect(bodyLines(captureRecord(null, { form: { ...form, fields: [] } }))).toHaveLength(2);
  });
});

describe('multipart: bounds', () => {
  it(`reads the first ${MAX_PARTS} parts and says how many more were left unread`, () => {
    const parsed = parseMultipart(body(...Array.from({ length: MAX_PARTS + 25 }, (_, i) => field(`f${i}`, String(i)))), TYPE);
    expect(parsed.fields).toHaveLength(MAX_PARTS);
    expect(parsed.fields?.at(-1)).toEqual([`f${MAX_PARTS - 1}`, String(MAX_PARTS - 1)]);
    expect(parsed.warnings).toEqual([`read the first ${MAX_PARTS} parts of the multipart body (whk's bound): 25 more left unread`]);
  });

  it('leaves out a part whose headers run past 8 KiB, and reads the rest', () => {
    const long = `--XyZ\r\nContent-Disposition: form-data; name="big"\r\nX-Pad: ${'p'.repeat(9000)}\r\n\r\nv\r\n`;
    const parsed = parseMultipart(body(long, field('ok', '1')), TYPE);
    expect(parsed.fields).toEqual([['ok', '1']]);
    expect(parsed.warnings).toEqual(["multipart part 1: headers over 8 KiB (whk's bound) or not ended by a blank line: left out"]);
  });

  it('hostile bodies (10 MB of near-delimiters, parts of 8,000 semicolons) are read and said, never thrown', () => {
    const delimiters = Buffer.from(`--XyZ\r\n${'\r\n--XyZx'.repeat(1_400_000)}`);
    const semicolons = Buffer.from(`${`--XyZ\r\nContent-Disposition: form-data${';'.repeat(8000)}\r\n\r\nv\r\n`.repeat(1_000)}--XyZ--`);
    expect(parseMultipart(delimiters, TYPE).warnings).toEqual([
      'the multipart body has no closing delimiter (--boundary--): part 1 was read to the end of the body',
      'multipart part 1: no Content-Disposition: form-data; name=…: left out',
    ]);
    expect(parseMultipart(semicolons, TYPE).warnings).toEqual(['multipart parts 1, 2, 3 and 997 more: no Content-Disposition: form-data; name=…: left out']);
  });
});

describe('multipart: malformed bodies are warnings, never errors', () => {
  const unread = (bytes: Buffer, contentType: string) => {
    const content = readContent(bytes, 'multipart/form-data', contentType);
    expect(content.form).toBeUndefined();
    expect(content.issue).toBeUndefined();
    return content.warnings;
  };

  it('no boundary parameter, or an empty one: no part read, the body shaped as any other', () => {
    expect(unread(body(field('a', '1')), 'multipart/form-data')).toEqual(['multipart/form-data without a boundary parameter: its parts cannot be told apart, so none was read']);
    expect(unread(body(field('a', '1')), 'multipart/form-data; boundary=""')).toHaveLength(1);
    const inspection = inspectBody(body(field('a', '1')), { kinds: [], headers: { 'content-type': 'multipart/form-data' } });
    expect(inspection).toMatchObject({ issues: [], form: undefined, shape: { body: 'other', keys: [] } });
  });

  it('a boundary over 70 characters (RFC 2046 §5.1.1)', () => {
    const boundary = 'b'.repeat(71);
    const bytes = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${boundary}--`);
    expect(unread(bytes, `multipart/form-data; boundary=${boundary}`)).toEqual(['the multipart boundary is 71 characters, over the 70 RFC 2046 allows: no part was read']);
    const seventy = 'b'.repeat(70);
    expect(parseMultipart(Buffer.from(`--${seventy}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${seventy}--`), `multipart/form-data; boundary=${seventy}`).fields).toEqual([['a', '1']]);
  });

  it('a boundary that never opens a part', () => {
    expect(unread(Buffer.from('just some bytes, --XyZ-- not on a line of its own'), TYPE)).toEqual(['the multipart boundary "XyZ" never opens a part in the body: no part was read']);
  });

  it('no closing delimiter: the last part is read to the end of the body, and said', () => {
    const parsed = parseMultipart(Buffer.from(`${field('a', '1')}--XyZ\r\nContent-Disposition: form-data; name="b"\r\n\r\ncut sho`), TYPE);
    expect(parsed.fields).toEqual([['a', '1'], ['b', 'cut sho']]);
    expect(parsed.warnings).toEqual(['the multipart body has no closing delimiter (--boundary--): part 2 was read to the end of the body']);
    expect(parseMultipart(Buffer.from(`${field('a', '1')}--XyZ\r\n`), TYPE)).toEqual({ fields: [['a', '1']], files: [], warnings: ['the multipart body ends after a delimiter, with no closing one (--boundary--)'] });
  });

  it('parts without Content-Disposition: form-data; name=… are left out, the others read', () => {
    const parts = ['--XyZ\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n', '--XyZ\r\nContent-Disposition: attachment; name="x"\r\n\r\nnot form-data\r\n', '--XyZ\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\nno name\r\n', '--XyZ\r\nContent-Disposition: form-data; name="z"\r\nno blank line'];
    const parsed = parseMultipart(body(parts[0]!, field('kept', 'yes'), parts[1]!, parts[2]!, `${parts[3]!}\r\n`), TYPE);
    expect(parsed.fields).toEqual([['kept', 'yes']]);
    expect(parsed.warnings).toEqual(['multipart parts 1, 3, 4: no Content-Disposition: form-data; name=…: left out', 'multipart part 5: headers not ended by a blank line: left out']);
  });

  it('a closed body with no parts is a form with no fields', () => {
    expect(readContent(Buffer.from('--XyZ--\r\n'), 'multipart/form-data', TYPE).form).toEqual({ fields: [], json: null, files: [] });
  });
});

describe('multipart: the capture record', () => {
  it('reads form.files back, and refuses one of another shape; a record without files still reads', () => {
    const file = { name: 'a', filename: 'a.txt', contentType: null, size: 3 };
    expect(recordProblem(captureRecord(null, { form: { fields: [['x', '1']], json: null, files: [file] } }))).toBeNull();
    expect(recordProblem(captureRecord(null, { form: { fields: [['x', '1']], json: null } }))).toBeNull();
    expect(recordProblem(captureRecord(null, { form: { fields: [], json: null, files: [{ ...file, size: '3' as unknown as number }] } }))).toMatch(/^'form' is not/);
  });
});

describe('multipart: what whk sends', () => {
  it('writes a form as a browser does (a name\'s quote and line breaks escaped), and reads back as it was', () => {
    const { body, contentType } = encodeMultipart([['payload', '{"a":1}'], ['odd "name"\r\n', 'v']], 'whk-b1');
    expect(contentType).toBe('multipart/form-data; boundary=whk-b1');
    expect(body.toString()).toBe('--whk-b1\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{"a":1}\r\n--whk-b1\r\nContent-Disposition: form-data; name="odd %22name%22%0D%0A"\r\n\r\nv\r\n--whk-b1--\r\n');
    expect(parseMultipart(body, contentType)).toEqual({ fields: [['payload', '{"a":1}'], ['odd %22name%22%0D%0A', 'v']], files: [], warnings: [] });
  });
});
