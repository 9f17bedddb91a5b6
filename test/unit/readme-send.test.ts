// The README's delivery-semantics table must say what the profiles do: it is checked against them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listKinds } from '../../src/kinds/index.js';
import type { WhkChoice } from '../../src/kinds/types.js';
import { describeRetry } from '../../src/ui/render-kinds.js';
import { formatDuration } from '../../src/util/units.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('<!-- section:send -->'), readme.indexOf('<!-- /section:send -->'));
const SUCCESS = { 'exactly-200': 'status 200 only', '2xx': 'any 2xx', 'below-400': 'any status below 400' } as const;

describe('README: send semantics table', () => {
  it.each(listKinds().map((kind) => [kind.id, kind] as const))('%s row matches its delivery profile', (id, kind) => {
    const row = section.split('\n').find((line) => line.startsWith(`| ${id} |`));
    expect(row, `a table row for ${id}`).toBeDefined();
    const cells = (row ?? '').split('|').map((cell) => cell.trim());
    // "(whk's)" after exactly the numbers that are whk's choice.
    const ours = (choice: WhkChoice): string => (kind.delivery.whkChoices.includes(choice) ? " (whk's)" : '');
    expect(cells[2]?.startsWith(SUCCESS[kind.delivery.success])).toBe(true);
    expect(cells[2]?.endsWith(" (whk's)")).toBe(ours('success') !== '');
    expect(cells[3]).toBe(`${describeRetry(kind.delivery)}${ours('retry')}`);
    expect(cells[4]).toBe(`${formatDuration(kind.delivery.timeoutMs)}${ours('timeout')}`);
    expect(cells[6]).toContain(kind.delivery.userAgent.split('/')[0]);
    // The User-Agent (or its version) is called whk's exactly when the profile marks it so.
    expect(cells[6]?.slice(cells[6].indexOf('User-Agent')).includes("whk's"), 'User-Agent marked as whk\'s').toBe(ours('user-agent') !== '');
    expect(cells[5]?.includes('gzipped')).toBe(kind.delivery.gzip !== 'never');
    // A sender that disables a failing webhook says so, with its threshold.
    const disable = kind.delivery.autoDisable;
    expect(cells[6]?.includes('disabled after')).toBe(disable !== null);
    if (disable) expect(cells[6]).toContain(`disabled after ${disable.afterFailures} consecutive failures`);
  });
});
