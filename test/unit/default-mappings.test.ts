// Every kind's default mapping (its template's fields, what `whk map` and `listen --map` apply) reads
// the kind's own samples — every variant and event, several seeds — and the published samples under
// fixtures/ without a problem: a field of the right type, or left out when the body has none.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listKinds } from '../../src/kinds/index.js';
import type { Kind } from '../../src/kinds/types.js';
import { extract } from '../../src/mapping/extract.js';
import { validatePayload } from '../../src/validate/payload.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');

/**
 * Bodies a default mapping is not made for: the fields each leaves empty, and why (the kinds' doubts
 * say so too). The test holds them to exactly those problems, so the list cannot go stale.
 */
const NOT_FOR_THE_DEFAULT: Record<string, { empty: (payload: Record<string, unknown>) => readonly string[] | undefined; why: string }> = {
  opsgenie: {
    empty: (payload) => {
      if (payload['action'] === 'Escalate') return ['title'];
      return typeof (payload['alert'] as { priority?: unknown } | undefined)?.priority === 'number' ? ['severity'] : undefined;
    },
    why: "Escalate's alert has no message (no title); a 2017 Create delivery gives priority as the number 3, and the mapping's severity is a string (the kind's doubts)",
  },
};

/** A payload's mapping problems must be none, or (a published body whk has no sample of) exactly the empty fields the exception names. */
function expectReadable(kind: Kind, payload: unknown, label: string, published = true): void {
  const found = problems(kind, payload);
  if (!published) {
    expect(found, label).toEqual([]);
    return;
  }
  const exception = NOT_FOR_THE_DEFAULT[kind.id];
  const empty = exception?.empty(payload as Record<string, unknown>);
  if (empty === undefined) expect(found, label).toEqual([]);
  else expect(found.map((line) => line.split(':')[0]), `${label}: ${exception?.why ?? ''}`).toEqual(empty);
}

/** The problems of a mapping applied to a payload, as `name: problem` lines. */
function problems(kind: Kind, payload: unknown): string[] {
  const result = extract(payload, kind.mapping ?? { fields: [] });
  return [...result.fields, ...(result.mapped ?? [])].filter((field) => field.problem !== undefined).map((field) => `${field.name}: ${field.problem}`);
}

/** Each variant of each event (or each variant), as sample() takes them. */
function sampleRequests(kind: Kind): { variant?: string; event?: string }[] {
  if (!kind.events) return kind.variants.map((variant) => ({ variant: variant.id }));
  return kind.events.flatMap((event) => (event.variants ?? [undefined]).map((variant) => ({ event: event.id, ...(variant ? { variant: variant.id } : {}) })));
}

describe.each(listKinds().filter((kind) => kind.mapping).map((kind) => ({ id: kind.id, kind })))('$id', ({ kind }) => {
  it('its default mapping reads every variant and event of its samples without a problem (no exception)', () => {
    for (const request of sampleRequests(kind)) {
      for (const seed of [1, 2, 3, 42]) expectReadable(kind, kind.sample({ seed, ...request }), `${JSON.stringify(request)} seed ${seed}`, false);
    }
  });

  const dir = join(FIXTURES, kind.id);
  const published = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json') && !name.endsWith('.expect.json')) : [];
  it.runIf(published.length > 0)('its default mapping reads the valid payloads of fixtures/ without a problem', () => {
    let read = 0;
    for (const name of published) {
      const payload: unknown = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      if (!validatePayload(payload, { kind: kind.id }).valid) continue;
      read++;
      expectReadable(kind, payload, name);
    }
    expect(read).toBeGreaterThan(0);
  });
});
