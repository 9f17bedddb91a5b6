// The README's programmatic API must name every option each function takes: the lists are prose
// that drifts when an option is added. The options are read from the hint of the function's own
// "unknown option" error, which lists what it takes.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, listen, replay, sample, send, stream, validate, type Listener } from '../../src/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const api = readme.slice(readme.indexOf('### The programmatic API'), readme.indexOf('<!-- /section:ci -->'));

/** The README text from `start` up to `end` in the API section. */
function between(start: string, end: string): string {
  const from = api.indexOf(start);
  const to = api.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`README API section has no text from '${start}' to '${end}'`);
  return api.slice(from, to);
}

/** The options a function takes, as its "unknown option" error's hint lists them. */
async function optionsOf(call: () => unknown): Promise<string[]> {
  try {
    await call();
  } catch (error) {
    const hint = (error as { hint?: string }).hint ?? '';
    expect(hint).toMatch(/^it takes /);
    return [...hint.matchAll(/`(\w+)`/g)].map((match) => match[1] as string);
  }
  throw new Error('an unknown option was taken');
}

const unknown = { notAnOption: 1 } as never;
const url = 'http://127.0.0.1:9/';
const unnamed = (text: string, names: string[]): string[] => names.filter((name) => !new RegExp(`\\b${name}\\b`).test(text));

describe('README: the programmatic API names every option', () => {
  it('send()', async () => {
    const names = await optionsOf(() => send('metric-alert', { url, ...(unknown as object) }));
    expect(names.length).toBeGreaterThan(15);
    expect(unnamed(between('`send(kind, { url, ... })`', 'It resolves with:'), names)).toEqual([]);
  });

  it('stream(): its own options, and which of send()\'s it leaves out', async () => {
    const names = await optionsOf(() => stream('metric-alert', { url, rate: 1, ...(unknown as object) }));
    const sendNames = await optionsOf(() => send('metric-alert', { url, ...(unknown as object) }));
    const text = between('`stream(kind, { url, rate, ... })`', 'It\nresolves with the summary');
    expect(unnamed(text, names.filter((name) => !sendNames.includes(name)))).toEqual([]);
    expect(unnamed(text, sendNames.filter((name) => !names.includes(name)))).toEqual([]);
  });

  it('listen()', async () => {
    const names = await optionsOf(() => listen(unknown));
    expect(unnamed(between('`listen({', 'starts the receiver'), names)).toEqual([]);
  });

  it.each([
    ['replay', () => replay('none.ndjson', { url, ...(unknown as object) })],
    ['check', () => check([], unknown)],
    ['sample', () => sample('metric-alert', unknown)],
    ['validate', () => validate({}, unknown)],
  ] as const)('%s()', async (name, call) => {
    const row = api.split('\n').find((line) => line.startsWith(`| \`${name}(`));
    expect(row, `a table row for ${name}()`).toBeDefined();
    expect(unnamed(row ?? '', await optionsOf(call))).toEqual([]);
  });
});

/** The names in the README's `{ a, b, c }` that follows `after`. */
function namesAfter(after: string): string[] {
  const at = api.indexOf(after);
  if (at < 0) throw new Error(`README API section has no '${after}'`);
  const braces = /\{([^}]*)\}/.exec(api.slice(at + after.length));
  return (braces?.[1] ?? '').split(',').map((name) => name.trim().replace(/\?$/, ''));
}

describe('README: the programmatic API names the fields of its results', () => {
  let receiver: Listener;
  beforeAll(async () => {
    receiver = await listen();
  });
  afterAll(() => receiver.close());

  it("stream()'s summary", async () => {
    const summary = await stream('metric-alert', { url: receiver.url, rate: 1000, total: 1 });
    const fields = Object.keys(summary).filter((key) => key !== 'type');
    expect(namesAfter('the summary `whk send --rate --json` ends with: `').sort()).toEqual(fields.sort());
  });

  it("check()'s report and each check", async () => {
    const report = await check([{ send: { kind: 'metric-alert', url: receiver.url, variants: ['significance'] } }]);
    expect(namesAfter('`Promise<ContractReport>`: `').sort()).toEqual(Object.keys(report).sort());
    const listed = namesAfter('each check `').flatMap((name) => name.split(/ \\?\| | \+ /).map((part) => part.replace(/\?$/, '')));
    expect(Object.keys(report.checks[0] ?? {}).filter((key) => !listed.includes(key))).toEqual([]);
  });
});
