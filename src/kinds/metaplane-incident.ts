// Metaplane incident webhook: one JSON object per incident change, delivered at least once.
// The docs page changed four times; every documented generation validates.
import type { z } from 'zod';
import { randomFrom, type Random } from '../util/prng.js';
import { sampleInstant } from './common.js';
import { isRecord } from '../util/json.js';
import { defineKind, type GenerateContext } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The incident's schema, built on first use (util/zod.ts). */
export const metaplaneIncidentSchema = lazySchema((z) => {
  const group = z.array(z.object({ name: z.string(), value: z.string() }).loose()).nullable();
  const identity = z.discriminatedUnion('type', [
    z.object({ type: z.literal('slack'), userId: z.string() }).loose(),
    z.object({ type: z.literal('ms_teams'), userId: z.string() }).loose(),
    z.object({ type: z.literal('dbt'), ownerId: z.string() }).loose(),
  ]);
  const owner = z.object({ name: z.string(), email: z.string(), identities: z.array(identity) }).loose();
  const tag = z.object({ name: z.string() }).loose();
  const connection = z.object({ id: z.string(), name: z.string().nullable(), type: z.string() }).loose();

  const monitorV1 = z
    .object({
      id: z.string(),
      type: z.string(),
      // Nullable since the newest generation.
      name: z.string().nullable(),
      entityType: z.string(),
      absolutePath: z.string(),
      tags: z.array(tag).optional(),
      owners: z.array(owner).optional(),
    })
    .loose();

  const monitorV2 = z
    .object({
      id: z.string(),
      type: z.string(),
      name: z.string().nullable(),
      tags: z.array(tag),
      entities: z.array(z.object({ id: z.string(), connectionId: z.string(), entityType: z.string(), absolutePath: z.string() }).loose()),
      owners: z.array(owner),
    })
    .loose();

  const affectedMonitor = z
    .object({
      id: z.string(),
      monitor: monitorV1,
      linkedAt: z.string(),
      resolvedAt: z.string().nullable(),
      group,
      // Added in the second generation of the doc.
      connections: z.array(connection).optional(),
    })
    .loose();

  const affectedMonitorV2 = z
    .object({
      id: z.string(),
      // The doc types it Array<...>, which may be a typo for an object: accept both.
      monitor: z.union([monitorV2, z.array(monitorV2)]),
      linkedAt: z.string(),
      resolvedAt: z.string().nullable(),
      group,
      connections: z.array(connection),
    })
    .loose();

  return z
    .object({
      id: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
      idempotencyId: z.string(),
      status: z.enum(['opened', 'resolved']),
      acknowledged: z.boolean(),
      acknowledgedAt: z.string().nullable(),
      incidentUrl: z.string(),
      // Added in the third generation of the doc.
      labels: z.array(z.object({ id: z.string(), name: z.string() }).loose()).optional(),
      // Deprecated by the newest doc in favour of affectedMonitors_v2, but still sent.
      affectedMonitors: z.array(affectedMonitor).optional(),
      affectedMonitors_v2: z.array(affectedMonitorV2).optional(),
    })
    .loose()
    .superRefine((incident, ctx) => {
      if (incident.affectedMonitors === undefined && incident.affectedMonitors_v2 === undefined) {
        ctx.addIssue({ code: 'custom', path: ['affectedMonitors'], message: 'required: affectedMonitors or affectedMonitors_v2 is missing' });
      }
    });
});

export type MetaplaneIncident = z.infer<Built<typeof metaplaneIncidentSchema>>;

/** The id Metaplane's own example uses: base64 of `<id>-<updatedAt>`; a new updatedAt gives a new id. */
export function metaplaneIdempotencyId(id: string, updatedAt: string): string {
  return Buffer.from(`${id}-${updatedAt}`, 'utf8').toString('base64');
}

const MONITOR_TYPES = ['ROW_COUNT', 'FRESHNESS', 'NULLNESS', 'CARDINALITY', 'UNIQUENESS', 'COLUMN_COUNT', 'MEAN', 'PERCENT_ZERO', 'CUSTOM'] as const;
// Which entity each monitor type watches: column statistics need a column path.
const COLUMN_TYPES = new Set<string>(['NULLNESS', 'CARDINALITY', 'UNIQUENESS', 'MEAN', 'PERCENT_ZERO']);
const DATABASES = ['ANALYTICS', 'RAW', 'PROD_DW'];
const SCHEMAS = ['PUBLIC', 'MARTS', 'STAGING', 'FINANCE'];
const TABLES = ['orders', 'customers', 'payments', 'sessions', 'invoices'];
const COLUMNS = ['id', 'customer_id', 'amount', 'created_at', 'status', 'email'];
const WAREHOUSES = [
  { type: 'SNOWFLAKE', name: 'Snowflake prod' },
  { type: 'BIGQUERY', name: 'BigQuery analytics' },
  { type: 'REDSHIFT', name: 'Redshift DW' },
  { type: 'DATABRICKS', name: null },
] as const;
const LABELS = ['finance', 'growth', 'tier-1', 'pii'];
const TAGS = ['critical', 'sla', 'dbt', 'daily'];
const PEOPLE = [
  { name: 'Dana Data', email: 'dana@example.com' },
  { name: 'Sam Rivera', email: 'sam.rivera@example.com' },
  { name: 'Priya Shah', email: 'priya@example.com' },
];

// Entity types as Metaplane's example spells them (lowercase), for samples; the schema takes any string
// (the webhook doc types entityType and absolutePath as strings), the REST API's upper case among them.
interface Entity {
  entityType: 'table' | 'column' | 'schema' | 'database';
  absolutePath: string;
}

function entityFor(random: Random, monitorType: string): Entity {
  const db = random.pick(DATABASES);
  const schema = random.pick(SCHEMAS);
  const table = random.pick(TABLES);
  if (COLUMN_TYPES.has(monitorType)) return { entityType: 'column', absolutePath: `${db}.${schema}.${table}.${random.pick(COLUMNS)}` };
  // Column counts and custom SQL occasionally watch a whole schema or database.
  if (monitorType === 'CUSTOM' && random.chance(0.3)) return { entityType: 'database', absolutePath: db };
  if (monitorType === 'COLUMN_COUNT' && random.chance(0.3)) return { entityType: 'schema', absolutePath: `${db}.${schema}` };
  return { entityType: 'table', absolutePath: `${db}.${schema}.${table}` };
}

function monitorName(type: string, entity: Entity): string {
  const leaf = entity.absolutePath.split('.').slice(-1)[0]?.toLowerCase() ?? 'table';
  return `${leaf} ${type.toLowerCase().replace(/_/g, ' ')}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Ids as Metaplane's example writes them: numeric strings ("26345"). */
function numericId(random: Random): string {
  return String(random.int(10_000, 999_999));
}

function generate({ random, variant }: GenerateContext): MetaplaneIncident {
  const createdMs = sampleInstant(random);
  const resolved = variant === 'resolved';
  const legacy = variant === 'legacy';
  const updatedMs = resolved ? createdMs + random.int(10, 240) * 60_000 + random.int(0, 999) : createdMs;
  const warehouse = random.pick(WAREHOUSES);
  const connectionId = random.uuid();
  const connections = [{ id: connectionId, name: warehouse.name, type: warehouse.type }];
  const monitorCount = random.int(1, 2);
  const id = numericId(random);
  const acknowledged = legacy ? random.chance(0.5) : resolved ? random.chance(0.7) : false;
  // Metaplane's example has acknowledgedAt set (to createdAt) while acknowledged is false; the oldest
  // generation, whose example it is, types acknowledgedAt as a string, so there it is never null.
  const acknowledgedAt = acknowledged ? iso(createdMs + random.int(1, 30) * 60_000) : legacy || random.chance(0.7) ? iso(createdMs) : null;
  // The example's incidentUrl is "".
  const incidentUrl = random.chance(0.3) ? '' : `https://app.metaplane.dev/incidents/${id}`;
  const affected = Array.from({ length: monitorCount }, () => {
    const type = random.pick(MONITOR_TYPES);
    const entity = entityFor(random, type);
    const person = random.pick(PEOPLE);
    const identities = random.chance(0.5) ? [{ type: 'slack' as const, userId: `U0${random.hex(8).toUpperCase()}` }] : [{ type: 'dbt' as const, ownerId: person.email.split('@')[0] as string }];
    return {
      affectedId: numericId(random),
      monitorId: random.uuid(),
      entityId: random.uuid(),
      type,
      entity,
      name: random.chance(0.85) ? monitorName(type, entity) : null,
      tags: [{ name: random.pick(TAGS) }],
      owners: [{ name: person.name, email: person.email, identities }],
      // Monitors are linked just after the incident is created (72 ms later in the example).
      linkedAt: iso(createdMs + random.int(20, 5000)),
      group: random.chance(0.3) ? [{ name: 'region', value: random.pick(['EMEA', 'AMER', 'APAC']) }] : null,
    };
  });
  const resolvedAt = resolved ? iso(updatedMs) : null;
  if (legacy) {
    // The oldest documented generation: no labels, no connections, no tags/owners, acknowledgedAt a
    // string; keys in the order of its published example (linkedAt and resolvedAt before monitor).
    return {
      id,
      createdAt: iso(createdMs),
      updatedAt: iso(updatedMs),
      idempotencyId: metaplaneIdempotencyId(id, iso(updatedMs)),
      status: 'opened',
      acknowledged,
      acknowledgedAt: acknowledgedAt as string,
      incidentUrl,
      affectedMonitors: affected.map((m) => ({
        id: m.affectedId,
        linkedAt: m.linkedAt,
        resolvedAt: null,
        monitor: { id: m.monitorId, type: m.type, name: m.name ?? monitorName(m.type, m.entity), entityType: m.entity.entityType, absolutePath: m.entity.absolutePath },
        group: m.group,
      })),
    };
  }
  const updatedAt = iso(updatedMs);
  // In the order of Metaplane's example payload.
  return {
    id,
    createdAt: iso(createdMs),
    updatedAt,
    idempotencyId: metaplaneIdempotencyId(id, updatedAt),
    status: resolved ? 'resolved' : 'opened',
    acknowledged,
    acknowledgedAt,
    incidentUrl,
    labels: [{ id: random.uuid(), name: random.pick(LABELS) }],
    affectedMonitors_v2: affected.map((m) => ({
      id: m.affectedId,
      // Generated as the doc literally types it: an array.
      monitor: [
        {
          name: m.name,
          type: m.type,
          id: m.monitorId,
          tags: m.tags,
          entities: [{ id: m.entityId, connectionId, entityType: m.entity.entityType, absolutePath: m.entity.absolutePath }],
          owners: m.owners,
        },
      ],
      group: m.group,
      linkedAt: m.linkedAt,
      resolvedAt,
      connections,
    })),
    affectedMonitors: affected.map((m) => ({
      id: m.affectedId,
      monitor: { name: m.name, type: m.type, id: m.monitorId, tags: m.tags, entityType: m.entity.entityType, absolutePath: m.entity.absolutePath, owners: m.owners },
      group: m.group,
      linkedAt: m.linkedAt,
      resolvedAt,
      connections,
    })),
  };
}

/**
 * --lifecycle: the incident as opened, then the same incident resolved (status, a later updatedAt,
 * so a new idempotencyId, resolvedAt on every affected monitor). Deterministic from the incident id.
 */
function lifecycle(payload: unknown): unknown[] {
  if (!isRecord(payload) || typeof payload['id'] !== 'string' || typeof payload['updatedAt'] !== 'string') return [payload];
  const id = payload['id'];
  const random = randomFrom(id);
  const updatedAt = iso(Date.parse(payload['updatedAt']) + random.int(10, 240) * 60_000 + random.int(0, 999));
  const resolve = (monitors: unknown): unknown => (Array.isArray(monitors) ? monitors.map((m: unknown) => (isRecord(m) ? { ...m, resolvedAt: updatedAt } : m)) : monitors);
  const resolved: Record<string, unknown> = { ...payload, status: 'resolved', updatedAt, idempotencyId: metaplaneIdempotencyId(id, updatedAt) };
  for (const key of ['affectedMonitors', 'affectedMonitors_v2']) if (key in payload) resolved[key] = resolve(payload[key]);
  return [payload, resolved];
}

/**
 * The same incident content under another idempotencyId. How Metaplane forms such an id is unknown;
 * it keeps the example's pattern with an instant n ms after updatedAt, so it looks like a real one.
 */
function withNewIdempotencyId(payload: unknown, n: number): unknown {
  if (!isRecord(payload) || typeof payload['id'] !== 'string' || typeof payload['updatedAt'] !== 'string') return payload;
  const at = Date.parse(payload['updatedAt']);
  return { ...payload, idempotencyId: metaplaneIdempotencyId(payload['id'], Number.isNaN(at) ? `${payload['updatedAt']}#${n}` : iso(at + n)) };
}

export const metaplaneIncident = defineKind<MetaplaneIncident>({
  id: 'metaplane-incident',
  title: 'Metaplane incident',
  bodyOrigin: 'sender-code',
  follows: 'docs.metaplane.dev "Webhooks" page, newest snapshot (affectedMonitors_v2, labels, owners); the three older snapshots also validate',
  variants: [
    { id: 'opened', description: 'a new incident in the newest documented shape (affectedMonitors_v2 plus the deprecated affectedMonitors)' },
    { id: 'resolved', description: 'the same shape after resolution: new updatedAt and idempotencyId, resolvedAt set' },
    { id: 'legacy', description: 'the oldest documented shape: no labels, connections, tags or owners' },
  ],
  schema: metaplaneIncidentSchema,
  claims: { keys: ['affectedMonitors', 'affectedMonitors_v2', 'idempotencyId'] },
  looksLike: (payload) =>
    isRecord(payload) && ('affectedMonitors' in payload || 'affectedMonitors_v2' in payload || ('idempotencyId' in payload && 'incidentUrl' in payload)),
  generate,
  idempotencyId: (payload) => (isRecord(payload) && typeof payload['idempotencyId'] === 'string' ? payload['idempotencyId'] : undefined),
  withNewIdempotencyId,
  lifecycle,
  lifecycleFrom: ['opened', 'legacy'],
  // The status each stage's payload carries (the schema's status enum: opened, resolved).
  lifecycleStages: ['opened', 'resolved'],
  delivery: {
    success: '2xx',
    retry: { maxAttempts: 5, initialDelayMs: 1000, backoff: 'exponential' },
    timeoutMs: 10_000,
    atLeastOnce: true,
    whkChoices: ['success', 'retry', 'timeout', 'user-agent'],
    signature: { scheme: 'metaplane' },
    provenance: {
      documented: [
        'POST with a JSON body',
        'at-least-once delivery: payloads with the same idempotencyId are identical',
        'optional x-metaplane-sig header: hex HMAC-SHA256 of the raw body with the shared secret',
      ],
      ours: [
        'success is any 2xx (undocumented)',
        'retry schedule: 5 attempts, exponential backoff from 1 s (upstream documents only at-least-once delivery)',
        'Content-Type: application/json (the doc\'s examples read request.json)',
        'no gzip: the doc names no Content-Encoding',
        '10 s timeout per attempt',
        'User-Agent: whk (Metaplane\'s is not documented)',
      ],
    },
  },
  doubts: [
    'The newest doc types affectedMonitors_v2[].monitor as an array, possibly a typo for an object: both validate, and whk sends the array the doc shows.',
    'Monitor types, entity types and connection types come from Metaplane\'s REST API; the webhook doc types them as plain strings.',
    'idempotencyId as base64 of <id>-<updatedAt> is inferred from the one example Metaplane publishes; the doc promises only that equal ids mean equal payloads. Receivers should treat the id as opaque.',
    'The doc says two payloads with different idempotencyIds may carry the same content; whk sends that case on request (a new id, the same content), with an id of the same pattern, since how Metaplane forms it is unknown.',
    'Same idempotencyId in other bytes: the doc promises identical payloads; the receiver compares the parsed content and notes equal content in other bytes (key order, whitespace) rather than calling it a violation.',
    'Retry schedule, timeouts and the success status are undocumented; the schedule is whk\'s.',
    'Date formats are documented only as strings; samples use ISO 8601 with milliseconds.',
    'The values in the "Verify" sample incident are undocumented.',
  ],
});
