// Seeded GitHub payloads from real published ones: the structure and every value the schemas
// constrain stay; the identities (ids, node ids, logins, repository names, SHAs) and the instants
// change with the seed, each consistently across the payload (a login changes inside its URLs too).
//
// The seeds are the examples in fixtures/github/, copied from @octokit/webhooks-examples: that
// package is 9 MB of every event for six GitHub versions, of which whk needs a few dozen payloads,
// so it stays a devDependency (its tests prove the copies verbatim) and the package ships the copies.
import { readFileSync } from 'node:fs';
import type { Random } from '../util/prng.js';
import { isRecord } from '../util/json.js';
import { sampleInstant } from './common.js';

const SEEDS = new URL('../../fixtures/github/', import.meta.url);
const seeds = new Map<string, unknown>();

/** The real example an event's sample starts from: fixtures/github/<event>[.<action>].json. */
export function seedPayload(event: string, action: string | undefined): unknown {
  const name = action === undefined ? event : `${event}.${action}`;
  let seed = seeds.get(name);
  if (seed === undefined) {
    seed = JSON.parse(readFileSync(new URL(`${name}.json`, SEEDS), 'utf8')) as unknown;
    seeds.set(name, seed);
  }
  return structuredClone(seed);
}

const ID_KEY = /^(id|.+_id)$/;
// push payloads give the repository's times as epoch seconds.
const EPOCH_KEYS = new Set(['created_at', 'updated_at', 'pushed_at']);
const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SHA = /^[0-9a-f]{40}$/;
const HEX_RUN = /(?<![0-9A-Za-z])[0-9a-f]{7,40}(?![0-9A-Za-z])/g;

const OWNERS = ['octo-dev', 'lumen-labs', 'northwind', 'kestrel-io', 'tidepool', 'quarry-team', 'brightline', 'moss-co'];
const PEOPLE = ['ada-k', 'mburke', 'jlinden', 'r-okafor', 'tsato', 'priya-n', 'lvasquez', 'dmoreau', 'hwang-j', 'ekowalski'];
const REPOS = ['payments-api', 'web-console', 'infra-live', 'billing-service', 'mobile-app', 'docs-site', 'data-pipeline', 'auth-gateway'];

/** Old value → new value, each new value drawn once, in the order the payload first shows it. */
interface Renames {
  names: Map<string, string>;
  ids: Map<number, number>;
  shas: Map<string, string>;
  nodeIds: Map<string, string>;
  /** The ids and node ids of GitHub's own accounts, which stay (the schemas fix some of them). */
  kept: Set<unknown>;
  shiftMs: number;
}

/** The example with its identities and instants drawn from the seed. */
export function varyPayload(example: unknown, random: Random): unknown {
  const renames: Renames = { names: new Map(), ids: new Map(), shas: new Map(), nodeIds: new Map(), kept: new Set(), shiftMs: 0 };
  walk(example, (key, value, parent) => {
    if (key === 'login' && typeof value === 'string' && isGitHubOwn(parent, value)) renames.kept.add(parent['id']).add(parent['node_id']);
  });
  let latest = 0;
  walk(example, (key, value, parent) => {
    if (typeof value === 'string') {
      const iso = ISO.exec(value);
      if (iso) latest = Math.max(latest, Date.parse(value));
      else if (SHA.test(value) && !/^0+$/.test(value) && !renames.shas.has(value)) renames.shas.set(value, random.hex(40));
      else if (key === 'login' && !isGitHubOwn(parent, value)) drawName(renames.names, value, random, parent['type'] === 'User' ? PEOPLE : OWNERS);
      else if (key === 'name' && 'full_name' in parent && 'owner' in parent) drawName(renames.names, value, random, REPOS);
    } else if (typeof value === 'number' && ID_KEY.test(key) && Number.isInteger(value) && value >= 1000 && !renames.ids.has(value) && !renames.kept.has(value)) {
      renames.ids.set(value, drawId(value, random));
    }
  });
  // Every instant moves by one shift, so their order and spacing stay; the latest lands in 2026.
  if (latest > 0) renames.shiftMs = Math.round((sampleInstant(random) - latest) / 1000) * 1000;
  return rewrite(example, '', renames, random);
}

/** Apps' bot accounts and the GitHub organization itself (the sender of Dependabot and code scanning alerts). */
function isGitHubOwn(parent: Record<string, unknown>, login: string): boolean {
  return parent['type'] === 'Bot' || login.endsWith('[bot]') || login === 'github';
}

function drawName(names: Map<string, string>, old: string, random: Random, pool: readonly string[]): void {
  if (names.has(old)) return;
  const taken = new Set(names.values());
  let name = random.pick(pool);
  while (taken.has(name)) name = `${random.pick(pool)}-${random.int(2, 99)}`;
  names.set(old, name);
}

/** A new id of the same number of digits. */
function drawId(old: number, random: Random): number {
  const digits = String(old).length;
  return random.int(10 ** (digits - 1), 10 ** digits - 1);
}

type Visit = (key: string, value: unknown, parent: Record<string, unknown>) => void;

function walk(value: unknown, visit: Visit): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      visit(key, child, value);
      walk(child, visit);
    }
  }
}

function rewrite(value: unknown, key: string, renames: Renames, random: Random): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, key, renames, random));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, child]) => [k, rewrite(child, k, renames, random)]));
  if (typeof value === 'number') {
    if (EPOCH_KEYS.has(key) && value > 1e9) return value + renames.shiftMs / 1000;
    return ID_KEY.test(key) ? (renames.ids.get(value) ?? value) : value;
  }
  if (typeof value !== 'string') return value;
  if (key === 'node_id') return renames.kept.has(value) ? value : nodeId(value, renames, random);
  const iso = ISO.exec(value);
  if (iso) return shiftIso(iso, renames.shiftMs);
  return replaceHex(replaceNames(value, renames.names), renames);
}

/** Logins and repository names inside any string (URLs, full names, emails), as whole words. */
function replaceNames(text: string, names: Map<string, string>): string {
  let out = text;
  for (const [old, name] of names) {
    if (!out.includes(old)) continue;
    out = out.replace(new RegExp(`(?<![\\w-])${escape(old)}(?![\\w-])`, 'g'), name);
  }
  return out;
}

/** SHAs (whole, or the short prefixes of compare URLs) and ids inside strings (URLs, avatars). */
function replaceHex(text: string, renames: Renames): string {
  return text.replace(HEX_RUN, (run) => {
    const sha = renames.shas.get(run) ?? prefixOf(run, renames.shas);
    if (sha !== undefined) return sha;
    const id = /^\d+$/.test(run) ? renames.ids.get(Number(run)) : undefined;
    return id === undefined ? run : String(id);
  });
}

function prefixOf(run: string, shas: Map<string, string>): string | undefined {
  if (run.length === 40) return undefined;
  for (const [old, sha] of shas) if (old.startsWith(run)) return sha.slice(0, run.length);
  return undefined;
}

/**
 * GitHub's node ids: the older ones are base64 of `<n>:<Type><database id>` (e.g. `04:User583231`),
 * re-encoded with the new id; the newer opaque ones keep their type prefix and get new characters.
 */
function nodeId(old: string, renames: Renames, random: Random): string {
  const known = renames.nodeIds.get(old);
  if (known) return known;
  const decoded = Buffer.from(old, 'base64').toString('latin1');
  const legacy = /^(\d+:[A-Za-z]+)(\d+)$/.exec(decoded);
  let next: string;
  if (legacy && Buffer.from(decoded, 'latin1').toString('base64') === old) {
    const id = Number(legacy[2]);
    const moved = renames.ids.get(id) ?? drawId(id, random);
    next = Buffer.from(`${legacy[1] as string}${moved}`, 'latin1').toString('base64');
  } else {
    const cut = old.indexOf('_') + 1;
    next = old.slice(0, cut) + Array.from(old.slice(cut), () => random.pick(NODE_ID_CHARS)).join('');
  }
  renames.nodeIds.set(old, next);
  return next;
}

const NODE_ID_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];

/** The instant moved, written as the original was: same offset, same fraction digits. */
function shiftIso(iso: RegExpExecArray, shiftMs: number): string {
  const [, , fraction = '', zone = 'Z'] = iso;
  const offsetMs = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  const wall = new Date(Date.parse(iso[0]) + shiftMs + offsetMs).toISOString().slice(0, 19);
  return `${wall}${fraction}${zone}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
