// whk listen's printer: a turn's requests rendered together and written in one write; a request whose
// line cannot be made is told as a subscriber error, as the receiver tells one, and the others printed.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutput } from '../../src/ui/output.js';
import { createRequestPrinter } from '../../src/ui/render-listen.js';
import { captureRecord } from '../helpers/capture.js';

const OPTIONS = { showSecrets: false, showHeaders: false, secretHeaders: [] };

function printerWithStdout(onError: (error: unknown) => void, options: Parameters<typeof createRequestPrinter>[1] = OPTIONS): { printer: ReturnType<typeof createRequestPrinter>; writes: string[] } {
  const writes: string[] = [];
  const stdout = new PassThrough();
  stdout.write = ((chunk: string | Buffer) => writes.push(String(chunk)) > 0) as PassThrough['write'];
  const output = createOutput({ stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' } });
  return { printer: createRequestPrinter(output, options, onError), writes };
}

describe('the request printer of whk listen', () => {
  it('renders the requests of a turn when it writes them, in one write', async () => {
    const { printer, writes } = printerWithStdout((error) => {
      throw error;
    });
    // The second request's path is read only when its line is made.
    let read = false;
    const second = captureRecord({ a: 2 }, { seq: 2 });
    Object.defineProperty(second, 'path', {
      get: () => {
        read = true;
        return '/two';
      },
    });
    printer.event({ type: 'request', record: captureRecord({ a: 1 }, { seq: 1, path: '/one' }) });
    printer.event({ type: 'request', record: second });
    expect([writes, read]).toEqual([[], false]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(read).toBe(true);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.split('\n').filter(Boolean).map((line) => /POST (\/\w+)/.exec(line)?.[1])).toEqual(['/one', '/two']);
  });

  it('a request it cannot render is told to onError, and the others of its turn are still printed', () => {
    const errors: unknown[] = [];
    const { printer, writes } = printerWithStdout((error) => errors.push(error));
    const broken = captureRecord({ a: 2 }, { seq: 2 });
    Object.defineProperty(broken, 'path', {
      get: () => {
        throw new Error('no path to print');
      },
    });
    printer.event({ type: 'request', record: captureRecord({ a: 1 }, { seq: 1, path: '/one' }) });
    printer.event({ type: 'request', record: broken });
    printer.event({ type: 'request', record: captureRecord({ a: 3 }, { seq: 3, path: '/three' }) });
    expect(() => printer.flush()).not.toThrow();
    expect(errors.map((error) => (error as Error).message)).toEqual(['no path to print']);
    expect(writes.join('').split('\n').filter(Boolean).map((line) => /POST (\/\w+)/.exec(line)?.[1])).toEqual(['/one', '/three']);
  });

  // A 12 kB header value was printed whole under --headers, where the request's line is cut.
  it('--headers cuts a header name and value at 300 characters, as the request line cuts what the sender wrote', () => {
    const { printer, writes } = printerWithStdout((error) => {
      throw error;
    }, { ...OPTIONS, showHeaders: true });
    printer.event({ type: 'request', record: captureRecord({ a: 1 }, { headers: { 'x-github-event': 'e'.repeat(12_000), [`x-${'n'.repeat(400)}`]: 'v', 'content-type': 'application/json' } }) });
    printer.flush();
    const lines = writes.join('').split('\n').filter((line) => line.startsWith('    '));
    expect(lines).toEqual([`    x-github-event: ${'e'.repeat(299)}…`, `    x-${'n'.repeat(297)}…: v`, '    content-type: application/json']);
  });

  // Twenty commas repaired on one line were twenty identical warnings on one very wide line.
  it('prints repeats of one warning in a row once, with a count; the record keeps each', () => {
    const { printer, writes } = printerWithStdout((error) => {
      throw error;
    });
    const comma = "line 1: repaired a trailing comma before '}' (not valid JSON)";
    const warnings = [...Array.from({ length: 20 }, () => comma), 'line 1: repaired 3 more commas', comma];
    const record = captureRecord({ a: 1 }, { seq: 1, warnings });
    printer.event({ type: 'request', record });
    printer.flush();
    expect(writes.join('')).toContain(`  warning: ${comma} (×20)  warning: line 1: repaired 3 more commas  warning: ${comma}\n`);
    expect(record.warnings).toHaveLength(22);
  });
});
