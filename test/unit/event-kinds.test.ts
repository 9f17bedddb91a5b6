// Kinds whose requests name their event (GitLab's X-Gitlab-Event, Bitbucket's X-Event-Key): every
// event's samples and every real published example validate, and are detected as their kind and
// event both by the header the sender puts on them and by the body alone.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectRequest, getKind } from '../../src/kinds/index.js';
import type { Kind } from '../../src/kinds/types.js';
import { validatePayload } from '../../src/validate/payload.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The real examples of a kind: fixtures whose sidecar names the event header they came with. */
function examples(kind: Kind): { file: string; body: unknown; header: string; source: string }[] {
  const dir = join(FIXTURES, kind.id);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.expect.json'))
    .map((file) => ({ file: file.replace('.expect', ''), sidecar: JSON.parse(readFileSync(join(dir, file), 'utf8')) as { header?: string; source?: string } }))
    .filter(({ sidecar }) => sidecar.header !== undefined)
    .map(({ file, sidecar }) => ({ file, body: JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown, header: sidecar.header as string, source: sidecar.source ?? '' }));
}

const detected = (kind: Kind, headers: Record<string, string>, body: unknown) => {
  const found = detectRequest({ headers, body });
  return found.status === 'detected' ? `${found.kind.id} ${found.event}` : `${found.status}: ${found.message}`;
};

describe.each(['gitlab', 'bitbucket'].map((id) => getKind(id)))('$id', (kind) => {
  const header = kind.eventHeader as string;
  const events = (kind.events ?? []).map((event) => ({ ...event, header: event.header ?? event.id }));

  it.each(events.map((event) => event.id))('%s: samples validate against the event, name no unknown field and are detected by header and by body', (event) => {
    for (let seed = 1; seed <= 10; seed++) {
      const body = kind.sample({ seed, event });
      expect(validatePayload(body, { kind: kind.id, event }), `seed ${seed}`).toMatchObject({ valid: true, issues: [], notes: [] });
      expect(validatePayload(body)).toMatchObject({ valid: true, kind: kind.id, kindSource: 'detected' });
      const headers = kind.requestHeaders?.(body, event) ?? {};
      expect(headers[header]).toBe(events.find((e) => e.id === event)?.header);
      expect(detected(kind, headers, body)).toBe(`${kind.id} ${event}`);
      expect(detected(kind, { [header.toLowerCase()]: headers[header] as string }, {})).toBe(`${kind.id} ${event}`);
      expect(detected(kind, {}, body)).toBe(`${kind.id} ${event}`);
    }
  });

  it.each(events.map((event) => event.id))('%s: the same seed gives the same bytes and headers; seeds 1..20 differ', (event) => {
    const at = (seed: number) => JSON.stringify([kind.sample({ seed, event }), kind.requestHeaders?.(kind.sample({ seed, event }), event)]);
    expect(at(7)).toBe(at(7));
    expect(new Set(Array.from({ length: 20 }, (_, i) => at(i + 1))).size).toBe(20);
  });

  it('has a real published example for every event, named by its source', () => {
    const found = examples(kind);
    for (const event of events) expect(found.map((e) => e.header), event.id).toContain(event.header);
    for (const example of found) expect(example.source, example.file).not.toBe('');
  });

  it.each(examples(kind).map((e) => [e.file, e] as const))('%s is valid and detected as its event, by header and by body', (_file, example) => {
    const event = events.find((e) => e.header === example.header)?.id;
    expect(event).toBeDefined();
    expect(validatePayload(example.body, { kind: kind.id, event })).toMatchObject({ valid: true, issues: [] });
    expect(detected(kind, { [header]: example.header, 'content-type': 'application/json' }, example.body)).toBe(`${kind.id} ${event}`);
    expect(detected(kind, {}, example.body)).toBe(`${kind.id} ${event}`);
  });

  it('an event the kind does not cover, named in its header, is unknown rather than invalid', () => {
    const other = kind.id === 'gitlab' ? 'Wiki Page Hook' : 'repo:fork';
    expect(detectRequest({ headers: { [header]: other }, body: kind.sample({ seed: 1 }) })).toMatchObject({ status: 'unknown', message: expect.stringContaining(other) });
  });

  it('sends per-delivery ids as UUIDs derived from the payload', () => {
    const headers = kind.requestHeaders?.(kind.sample({ seed: 3 })) ?? {};
    const ids = Object.entries(headers).filter(([name]) => /uuid|idempotency/i.test(name));
    expect(ids.length).toBeGreaterThan(0);
    for (const [name, value] of ids) expect(value, name).toMatch(UUID);
  });
});
