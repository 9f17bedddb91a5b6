import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectKind, detectRequest, getKind, listKinds } from '../../src/kinds/index.js';
import { KIND_IDS } from '../../src/kinds/ids.js';
import { metaplaneIdempotencyId } from '../../src/kinds/metaplane-incident.js';
import { validatePayload } from '../../src/validate/payload.js';
import type { Kind } from '../../src/kinds/types.js';

const cases = listKinds().flatMap((kind) => kind.variants.map((variant) => ({ kind, variant: variant.id, name: `${kind.id} / ${variant.id}` })));

describe('kind registry', () => {
  it('registers exactly the ids listed in ids.ts, each with a known default variant', () => {
    expect(listKinds().map((k) => k.id)).toEqual([...KIND_IDS]);
    for (const kind of listKinds()) expect(kind.variants.map((v) => v.id)).toContain(kind.defaultVariant);
  });
});

// Every sample of every kind, variant and event: the options to ask for it again.
const everySample = listKinds().flatMap((kind) => [
  ...kind.variants.map((variant) => ({ kind, options: { seed: 3, variant: variant.id } })),
  ...(kind.events ?? []).flatMap((event) => (event.variants ?? [undefined]).map((variant) => ({ kind, options: { seed: 3, event: event.id, variant: variant?.id } }))),
]);

/** Empties every object and array in a value, in place (what a caller editing its sample may do). */
function emptied(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    emptied((value as Record<string, unknown>)[key]);
    delete (value as Record<string, unknown>)[key];
  }
}

describe('kind samples', () => {
  // A sample that held one of its module's own objects handed it to the caller: an API user (or a
  // test, in a shared process) who edited one sample changed every later one.
  it('are their caller\'s: emptying one leaves the next of the same seed as it was', () => {
    for (const { kind, options } of everySample) {
      const before = JSON.stringify(kind.sample(options));
      emptied(kind.sample(options));
      expect(JSON.stringify(kind.sample(options)), `${kind.id} ${JSON.stringify(options)}`).toBe(before);
    }
  });

  // Sent with one seed, octopus-deploy's four variants were four events under one id, which whk's
  // own receiver called one event in other bytes; a receiver that drops repeated ids kept only one.
  it('of the variants of a kind with an event id carry distinct ids for one seed', () => {
    const withIds = listKinds().filter((kind) => kind.idempotencyId !== undefined && kind.variants.length > 1);
    expect(withIds.map((kind) => kind.id)).toEqual(expect.arrayContaining(['metaplane-incident', 'octopus-deploy', 'pagerduty-incident', 'cloudwatch-alarm', 'servicenow']));
    for (const kind of withIds) {
      for (const seed of [1, 2, 77]) {
        // A body with no id of its own (servicenow-incident's incident, which carries no update stamp) claims none.
        const ids = kind.variants.map((variant) => kind.idempotencyId?.(kind.sample({ seed, variant: variant.id }))).filter((id) => id !== undefined);
        expect(new Set(ids).size, `${kind.id} seed ${seed}: ${ids.join(', ')}`).toBe(ids.length);
      }
    }
  });

  // grafana-incident's seven events of one seed were seven bodies under one payload id, which whk's
  // own receiver called one event in other bytes; Dynatrace's id names its State, so its OPEN and
  // RESOLVED of one seed stay one problem (one PID) under two ids.
  it('of the events of a kind with an event id carry distinct ids for one seed, the default event keeping its draws', () => {
    const withIds = listKinds().filter((kind) => kind.idempotencyId !== undefined && (kind.events?.length ?? 0) > 1);
    expect(withIds.map((kind) => kind.id)).toEqual(expect.arrayContaining(['grafana-incident', 'dynatrace']));
    for (const kind of withIds) {
      for (const seed of [1, 2, 7, 77]) {
        const ids = (kind.events ?? []).map((event) => kind.idempotencyId?.(kind.sample({ seed, event: event.id })));
        expect(new Set(ids).size, `${kind.id} seed ${seed}: ${ids.join(', ')}`).toBe(ids.length);
      }
    }
    const incident = getKind('grafana-incident');
    expect(incident.sample({ seed: 7, event: incident.defaultEvent })).toMatchObject({ id: 'webhook-out-7ded356a144b11fc91fa60ad' });
    const pid = (event: string): unknown => (getKind('dynatrace').sample({ seed: 7, event }) as Record<string, unknown>)['PID'];
    expect(pid('RESOLVED')).toBe(pid('OPEN'));
  });
});

/** The payloads of seeds from..from + count - 1 (one run's), by event id: the ids two payloads share. */
function sharedIds(kind: Kind, options: { variant?: string | undefined; event?: string | undefined }, from: number, count: number): string[] {
  const bodies = new Map<string, string>();
  const shared: string[] = [];
  for (let seed = from; seed < from + count; seed++) {
    const payload = kind.sample({ seed, ...options });
    const id = kind.idempotencyId?.(payload);
    if (id === undefined) continue;
    const body = JSON.stringify(payload);
    if ((bodies.get(id) ?? body) !== body) shared.push(id);
    bodies.set(id, body);
  }
  return shared;
}

describe('the payloads of one run', () => {
  // Octopus's Events-<n> was drawn from 100..99,999 and Lacework's event_id from 100,000..999,999: 16 of
  // 2,000 octopus payloads (seeds 5..2004) carried another's id, and whk listen called one of them invalid.
  it('never share an event id, for every kind, variant and event that carries one', () => {
    const withIds = listKinds().filter((kind) => kind.idempotencyId !== undefined);
    expect(withIds.map((kind) => kind.id)).toEqual(expect.arrayContaining(['octopus-deploy', 'lacework', 'metaplane-incident', 'grafana-incident']));
    for (const kind of withIds) {
      const choices = [...kind.variants.map((variant) => ({ variant: variant.id })), ...(kind.events ?? []).map((event) => ({ event: event.id }))];
      for (const options of choices) expect(sharedIds(kind, options, 5, 2000), `${kind.id} ${JSON.stringify(options)}`).toEqual([]);
    }
    // A run across 2^32 too: the id number is made from the seed's low 32 bits.
    expect(sharedIds(getKind('octopus-deploy'), {}, 2 ** 32 - 1500, 3000)).toEqual([]);
  });
});

describe.each(cases)('$name', ({ kind, variant }) => {
  it('gives identical bytes for the same seed', () => {
    expect(JSON.stringify(kind.sample({ seed: 7, variant }))).toBe(JSON.stringify(kind.sample({ seed: 7, variant })));
  });

  it('gives distinct payloads for seeds 1..20', () => {
    const seen = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(kind.sample({ seed: i + 1, variant }))));
    expect(seen.size).toBe(20);
  });

  it('passes its own schema, is detected as its own kind and has no unknown fields', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const payload = kind.sample({ seed, variant });
      expect(kind.schema.safeParse(payload).success).toBe(true);
      const detection = detectKind(payload);
      expect(detection.status === 'detected' && detection.kind.id).toBe(kind.id);
      expect(validatePayload(payload)).toMatchObject({ valid: true, kind: kind.id, kindSource: 'detected', notes: [] });
    }
  });
});

describe('impressions samples', () => {
  const kind = getKind('impressions');
  it('give --count impressions, 5 by default', () => {
    expect(kind.sample({ seed: 1 })).toHaveLength(5);
    expect(kind.sample({ seed: 1, count: 12 })).toHaveLength(12);
  });

  it('carry properties as a string or null, never an object; minimal omits the optional fields', () => {
    const withProps = kind.sample({ seed: 3, variant: 'with-properties' }) as Record<string, unknown>[];
    for (const impression of withProps) expect(JSON.parse(impression['properties'] as string)).toBeTypeOf('object');
    const minimal = kind.sample({ seed: 3, variant: 'minimal' }) as Record<string, unknown>[];
    for (const impression of minimal) {
      for (const field of ['bucketingKey', 'machineName', 'machineIp', 'properties']) expect(impression).not.toHaveProperty(field);
    }
  });

  it('rejects properties given as an object, naming the path', () => {
    const batch = kind.sample({ seed: 3 }) as Record<string, unknown>[];
    (batch[1] as Record<string, unknown>)['properties'] = { plan: 'pro' };
    const result = validatePayload(batch, { kind: 'impressions' });
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.path)).toContain('$[1].properties');
  });
});

describe('metaplane-incident samples', () => {
  const kind = getKind('metaplane-incident');
  it('have idempotencyId = base64(<id>-<updatedAt>), read back by kind.idempotencyId', () => {
    for (const variant of ['opened', 'resolved', 'legacy']) {
      const payload = kind.sample({ seed: 9, variant }) as { id: string; updatedAt: string; idempotencyId: string };
      expect(Buffer.from(payload.idempotencyId, 'base64').toString()).toBe(`${payload.id}-${payload.updatedAt}`);
      expect(kind.idempotencyId?.(payload)).toBe(payload.idempotencyId);
    }
    expect(metaplaneIdempotencyId('a', 'b')).toBe(Buffer.from('a-b').toString('base64'));
  });

  it('keep absolutePath consistent with entityType', () => {
    const depth = { database: 1, schema: 2, table: 3, column: 4 } as Record<string, number>;
    for (let seed = 1; seed <= 40; seed++) {
      const payload = kind.sample({ seed }) as { affectedMonitors: { monitor: { entityType: string; absolutePath: string } }[] };
      for (const { monitor } of payload.affectedMonitors) expect(monitor.absolutePath.split('.')).toHaveLength(depth[monitor.entityType] as number);
    }
  });

  // Issue 12: the default (opened) sample reads like the seed's example payload ("id": "26345",
  // "entityType": "table", "incidentUrl": "", acknowledgedAt set while acknowledged is false).
  it('opened, seeds 1..60: numeric-string ids, entityType in the example\'s lowercase, linkedAt after createdAt; the example\'s "" incidentUrl and unacknowledged acknowledgedAt both occur', () => {
    type Monitor = { id: string; linkedAt: string; monitor: { entityType: string } };
    type V2 = { id: string; monitor: { entities: { entityType: string }[] }[] };
    type Incident = { id: string; createdAt: string; acknowledged: boolean; acknowledgedAt: string | null; incidentUrl: string; affectedMonitors: Monitor[]; affectedMonitors_v2: V2[] };
    const samples = Array.from({ length: 60 }, (_, i) => kind.sample({ seed: i + 1 }) as Incident);
    const entityTypes = new Set<string>();
    for (const incident of samples) {
      expect(incident.id).toMatch(/^\d+$/);
      for (const m of incident.affectedMonitors) {
        expect(m.id).toMatch(/^\d+$/);
        expect(Date.parse(m.linkedAt)).toBeGreaterThan(Date.parse(incident.createdAt));
        entityTypes.add(m.monitor.entityType);
      }
      for (const m of incident.affectedMonitors_v2) {
        expect(m.id).toMatch(/^\d+$/);
        for (const entity of m.monitor.flatMap((x) => x.entities)) entityTypes.add(entity.entityType);
      }
    }
    expect([...entityTypes].every((t) => ['table', 'column', 'schema', 'database'].includes(t))).toBe(true);
    expect(entityTypes).toContain('table');
    expect(samples.some((s) => s.incidentUrl === '')).toBe(true);
    expect(samples.some((s) => !s.acknowledged && s.acknowledgedAt === s.createdAt)).toBe(true);
  });

  // The oldest snapshot's one published payload (fixtures/metaplane-incident/gen-a-doc-example.json):
  // an affected monitor's linkedAt and resolvedAt come before its monitor, and the incident is not
  // acknowledged while acknowledgedAt is set, to createdAt (that generation types it as a string).
  it('legacy, seeds 1..40: keys in the order of the oldest snapshot\'s example; unacknowledged with acknowledgedAt = createdAt as there, or acknowledged later', () => {
    type Incident = { createdAt: string; acknowledged: boolean; acknowledgedAt: string; affectedMonitors: { monitor: object }[] };
    const example = JSON.parse(readFileSync(new URL('../../fixtures/metaplane-incident/gen-a-doc-example.json', import.meta.url), 'utf8')) as Incident;
    const keys = (incident: Incident): string[][] => [Object.keys(incident), ...incident.affectedMonitors.flatMap((m) => [Object.keys(m), Object.keys(m.monitor)])];
    const samples = Array.from({ length: 40 }, (_, i) => kind.sample({ seed: i + 1, variant: 'legacy' }) as Incident);
    for (const incident of samples) {
      expect(keys(incident).slice(0, 3)).toEqual(keys(example));
      if (!incident.acknowledged) expect(incident.acknowledgedAt).toBe(incident.createdAt);
      else expect(Date.parse(incident.acknowledgedAt)).toBeGreaterThan(Date.parse(incident.createdAt));
    }
    expect(samples.some((s) => !s.acknowledged)).toBe(true);
    expect(samples.some((s) => s.acknowledged)).toBe(true);
  });

  it('resolved differs from opened: resolvedAt set and a later updatedAt', () => {
    const resolved = kind.sample({ seed: 4, variant: 'resolved' }) as { status: string; createdAt: string; updatedAt: string; affectedMonitors_v2: { resolvedAt: string | null }[] };
    expect(resolved.status).toBe('resolved');
    expect(Date.parse(resolved.updatedAt)).toBeGreaterThan(Date.parse(resolved.createdAt));
    for (const m of resolved.affectedMonitors_v2) expect(m.resolvedAt).toBe(resolved.updatedAt);
  });
});

describe('hertzbeat-alarm', () => {
  const kind = getKind('hertzbeat-alarm');
  it('uses yyyy-MM-dd HH:mm:ss times in the grouped and flat generations', () => {
    const time = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
    const grouped = kind.sample({ seed: 2 }) as { alerts: { startAt: string }[] };
    for (const alert of grouped.alerts) expect(alert.startAt).toMatch(time);
    expect((kind.sample({ seed: 2, variant: 'flat' }) as { triggerTime: string }).triggerTime).toMatch(time);
  });

  it('reports issues of the generation the payload claims, not of another branch', () => {
    const flat = kind.sample({ seed: 2, variant: 'flat' }) as Record<string, unknown>;
    flat['priority'] = 5;
    const result = validatePayload(flat);
    expect(result).toMatchObject({ valid: false, kind: 'hertzbeat-alarm' });
    expect(result.issues.map((i) => i.path)).toEqual(['$.priority']);

    const grouped = kind.sample({ seed: 2 }) as { alerts: Record<string, unknown>[] };
    (grouped.alerts[0] as Record<string, unknown>)['startAt'] = '2026-01-01T10:00:00Z';
    expect(validatePayload(grouped).issues.map((i) => i.path)).toEqual(['$.alerts[0].startAt']);
  });
});

describe('detection', () => {
  it('still tells a broken HertzBeat flat payload by its target and content, reporting what is missing', () => {
    const result = validatePayload({ target: 'available', content: 'monitor down' });
    expect(result).toMatchObject({ valid: false, kind: 'hertzbeat-alarm', kindSource: 'detected' });
    expect(result.issues).toEqual([{ path: '$.triggerTime', message: 'required string is missing' }]);
  });

  it('calls a payload no kind claims unknown, naming the kinds', () => {
    const detection = detectKind({ hello: 'world' });
    expect(detection.status).toBe('unknown');
    expect(detection.status === 'unknown' && detection.message).toMatch(/an object with hello.*metric-alert, impressions, metaplane-incident, hertzbeat-alarm/);
    expect(detectKind(42).status).toBe('unknown');
    expect(detectKind([]).status).toBe('unknown');
  });

  it('calls a payload two kinds claim and neither schema settles ambiguous', () => {
    // Claims both metric-alert (type) and hertzbeat (alerts + title) while valid for neither.
    const detection = detectKind({ type: 'METRIC_ALERT', title: 'x', alerts: [] });
    expect(detection.status).toBe('ambiguous');
    expect(detection.status === 'ambiguous' && detection.message).toMatch(/could be metric-alert, hertzbeat-alarm; pass `kind`/);
  });

  it('tells an impressions batch whose first record lost its split (or treatment) as one invalid batch, in a file or a request', () => {
    for (const variant of ['default', 'with-properties', 'minimal'])
      for (const count of [1, 5])
        for (const lost of ['split', 'treatment']) {
          const batch = getKind('impressions').sample({ seed: 1, variant, count }) as Record<string, unknown>[];
          delete batch[0]?.[lost];
          const detection = detectRequest({ headers: {}, body: batch }, listKinds());
          expect(detection.status === 'detected' && detection.kind.id).toBe('impressions');
          expect(validatePayload(batch).issues).toEqual([{ path: `$[0].${lost}`, message: 'required string is missing' }]);
        }
  });

  it('settles a payload two kinds claim by the schema that accepts it', () => {
    const alarm = { ...(getKind('hertzbeat-alarm').sample({ seed: 1 }) as object), type: 'METRIC_ALERT' };
    const detection = detectKind(alarm);
    expect(detection.status === 'detected' && detection.kind.id).toBe('hertzbeat-alarm');
  });
});
