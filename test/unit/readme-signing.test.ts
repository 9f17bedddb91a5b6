// The README's Signatures section must say what the registry does: one row per scheme with its
// headers, and the example output is what whk prints for the example input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getScheme, SCHEMES } from '../../src/signing/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('<!-- section:signatures -->'), readme.indexOf('<!-- /section:signatures -->'));

describe('README: signatures section', () => {
  it.each(SCHEMES.map((scheme) => [scheme.id, scheme] as const))('%s has a row naming its headers', (id, scheme) => {
    const row = section.split('\n').find((line) => line.startsWith(`| \`${id}\` |`));
    expect(row, `a table row for ${id}`).toBeDefined();
    const named = (row ?? '').split('|')[2]?.split(',').map((cell) => cell.trim().replaceAll('`', '').toLowerCase()) ?? [];
    expect([...named].sort()).toEqual([...scheme.headers].sort());
  });

  it('shows the headers whk signs for its examples', () => {
    const github = getScheme('github').sign({ body: Buffer.from('Hello, World!'), secret: "It's a Secret to Everybody", now: 0 });
    const stripe = getScheme('stripe').sign({ body: Buffer.from('{"id":"evt_1"}'), secret: 'whsec_test', now: 1764504000 * 1000 });
    for (const [name, value] of Object.entries({ ...github, ...stripe })) expect(section).toContain(`\n${name}: ${value}\n`);
  });

  it('shows the verdicts whk gives for its examples', () => {
    const body = Buffer.from('{"id":"evt_1"}');
    const headers = { 'stripe-signature': getScheme('stripe').sign({ body, secret: 'whsec_test', now: 1764504000 * 1000 })['Stripe-Signature'] };
    const verify = (secret: string, now: number) => getScheme('stripe').verify({ body, headers, secret, now: now * 1000, toleranceSeconds: 300 });
    const line = (result: ReturnType<typeof verify>) => `\n${result.verdict}: ${result.reason} (stripe, ${result.header})\n`;
    expect(section).toContain(line(verify('whsec_wrong', 1764504000)));
    expect(section).toContain(line(verify('whsec_test', 1764504412)));
  });
});
