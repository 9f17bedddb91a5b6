// A custom kind's `format` keywords mean what JSON Schema says: every case of the official JSON Schema
// Test Suite's format tests (test/fixtures/json-schema-test-suite) for the formats whk checks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { customKind } from '../../src/kinds/custom.js';
import { FORMATS } from '../../src/kinds/formats.js';
import { validatePayload } from '../../src/validate/payload.js';

const SUITE = join(import.meta.dirname, '../fixtures/json-schema-test-suite');

interface Case {
  description: string;
  data: unknown;
  valid: boolean;
}
interface Group {
  description: string;
  schema: Record<string, unknown>;
  tests: Case[];
}

function groups(draft: string): { file: string; group: Group }[] {
  const dir = join(SUITE, draft);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Group[]).map((group) => ({ file, group })));
}

describe.each(['draft2020-12', 'draft7'])('the JSON Schema Test Suite, %s formats', (draft) => {
  it.each(groups(draft).map(({ file, group }) => [`${file}: ${group.description}`, group] as const))('%s', (_, group) => {
    const kind = customKind(group.schema, { source: `${draft}.json` });
    const verdicts = group.tests.map((test) => ({ case: test.description, data: test.data, valid: validatePayload(test.data, { kind: kind.id, kinds: [kind] }).valid }));
    expect(verdicts).toEqual(group.tests.map((test) => ({ case: test.description, data: test.data, valid: test.valid })));
  });
});

describe('format checks on long values', () => {
  // Each a megabyte, shaped to make a backtracking pattern try every split: judged in one pass, the
  // lot takes milliseconds; a pattern that backtracked would hold this test past its timeout.
  const mb = 1 << 20;
  const cases: [keyof typeof FORMATS, string, boolean][] = [
    ['email', `"${'\\"'.repeat(mb / 2)}"@example.com`, true],
    ['email', `${'a.'.repeat(mb / 2)}a@example.com`, true],
    ['email', `${'a.'.repeat(mb / 2)}@example.com`, false],
    ['email', `a@${'a-'.repeat(mb / 2)}.com`, false],
    ['email', `${'1.'.repeat(mb / 2)}x`, false],
    ['email', `a@[${'1.'.repeat(mb / 2)}]`, false],
    ['date-time', `2026-01-05T10:00:00.${'1'.repeat(mb)}z`, true],
    ['date-time', `2026-01-05T10:00:00.${'1'.repeat(mb)}`, false],
    ['time', `10:00:00.${'1'.repeat(mb)}Z`, true],
    ['time', `10:00:00.${'1'.repeat(mb)}`, false],
    ['uri', `http://a/${'a/'.repeat(mb / 2)}`, true],
    ['uri', `http://a/?${'%41'.repeat(mb / 3)}`, true],
    ['uri', `http://a/${'%4'.repeat(mb / 2)}`, false],
    ['uri', `http://${'a.'.repeat(mb / 2)}:${'1'.repeat(mb)}x`, false],
    ['uuid', `${'0'.repeat(mb)}`, false],
    ['ipv4', `${'1.'.repeat(mb / 2)}1`, false],
    ['ipv6', `${'1:'.repeat(mb / 2)}1`, false],
    ['ipv6', `${'::1'.repeat(mb / 3)}`, false],
  ];
  it.each(cases.map(([name, value, valid]) => [name, value.length, valid, value] as const))('%s on %i characters: %s', (name, _, valid, value) => {
    expect(FORMATS[name](value)).toBe(valid);
  });
});

describe('format names whk does not know', () => {
  it('are not checked: JSON Schema makes format an annotation', () => {
    const kind = customKind({ type: 'string', format: 'hostname' }, { source: 'host.json' });
    expect(validatePayload('not a host name!', { kind: kind.id, kinds: [kind] }).valid).toBe(true);
  });
});
