// The shared ground of GitLab's sample bodies: one scene per seed (a project, its repository, a user,
// an instant), GitLab's two time formats, and the commits and labels several events carry.
import type { Random } from '../util/prng.js';
import { sampleInstant } from './common.js';

export const HOST = 'https://gitlab.example.com';
// Each project's id goes with its path (the ids are whk's choice), as on an instance: drawn apart, one
// path came with other ids from payload to payload.
const PROJECTS = [
  { id: 15, namespace: 'Acme', path: 'acme/payments-api', name: 'Payments API' },
  { id: 27, namespace: 'Acme', path: 'acme/web-storefront', name: 'Web Storefront' },
  { id: 4_218, namespace: 'Platform', path: 'platform/infra-tools', name: 'Infra Tools' },
  { id: 28_298, namespace: 'Data', path: 'data/etl-pipelines', name: 'ETL Pipelines' },
] as const;
const PEOPLE = [
  { name: 'Ada Lovelace', username: 'alovelace' },
  { name: 'Grace Hopper', username: 'ghopper' },
  { name: 'Linus Ek', username: 'lek' },
  { name: 'Mira Patel', username: 'mpatel' },
] as const;
export const BRANCHES = ['main', 'feature/checkout-retry', 'fix/null-currency', 'chore/bump-deps'];
export const MESSAGES = ['Fix rounding of refunds', 'Retry card authorisation once', 'Bump undici to 7.16', 'Add currency to invoice lines'];

/** ISO 8601 without milliseconds (2013-12-03T17:23:34Z), as most object attributes carry it. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** GitLab's other time format (2016-08-12 15:23:28 UTC), as pipelines and releases carry it. */
export const utc = (ms: number): string => `${iso(ms).slice(0, 10)} ${iso(ms).slice(11, 19)} UTC`;

export interface Scene {
  random: Random;
  at: number;
  project: ReturnType<typeof project>;
  repository: { name: string; url: string; description: string; homepage: string; git_http_url: string; git_ssh_url: string; visibility_level: number };
  user: { id: number; name: string; username: string; avatar_url: string; email: string };
}

function project(random: Random) {
  const chosen = random.pick(PROJECTS);
  const web = `${HOST}/${chosen.path}`;
  return {
    id: chosen.id,
    name: chosen.name,
    description: '',
    web_url: web,
    avatar_url: null,
    git_ssh_url: `git@gitlab.example.com:${chosen.path}.git`,
    git_http_url: `${web}.git`,
    namespace: chosen.namespace,
    visibility_level: random.pick([0, 10, 20]),
    path_with_namespace: chosen.path,
    default_branch: 'main',
    ci_config_path: null,
    homepage: web,
    url: `git@gitlab.example.com:${chosen.path}.git`,
    ssh_url: `git@gitlab.example.com:${chosen.path}.git`,
    http_url: `${web}.git`,
  };
}

export function scene(random: Random): Scene {
  const p = project(random);
  const person = random.pick(PEOPLE);
  return {
    random,
    at: sampleInstant(random),
    project: p,
    repository: { name: p.name, url: p.git_ssh_url, description: '', homepage: p.web_url, git_http_url: p.git_http_url, git_ssh_url: p.git_ssh_url, visibility_level: p.visibility_level },
    user: { id: random.int(1, 9_999), name: person.name, username: person.username, avatar_url: `https://www.gravatar.com/avatar/${random.hex(32)}?s=80&d=identicon`, email: `${person.username}@example.com` },
  };
}

export function commit(s: Scene, at: number) {
  const id = s.random.hex(40);
  const message = s.random.pick(MESSAGES);
  return { id, message: `${message}\n`, title: message, timestamp: new Date(at).toISOString().replace(/\.\d{3}Z$/, '+00:00'), url: `${s.project.web_url}/-/commit/${id}`, author: { name: s.user.name, email: s.user.email } };
}

export function label(s: Scene) {
  const title = s.random.pick(['bug', 'backend', 'security', 'performance']);
  return { id: s.random.int(100, 999), title, color: '#dc143c', project_id: s.project.id, created_at: iso(s.at - 86_400_000 * 30), updated_at: iso(s.at - 86_400_000 * 30), template: false, description: null, type: 'ProjectLabel', group_id: null };
}

/**
 * An issuable's state as a number, beside its name: Issuable::STATE_ID_MAP (gitlabhq
 * app/models/concerns/issuable.rb); the doc's examples show state_id 1 with state opened.
 */
export const STATE_ID = { opened: 1, closed: 2, merged: 3, locked: 4 } as const;

/** Time tracking with nothing tracked: 0 seconds, and null in words (the doc's Issue Hook example). */
export const NO_TIME_TRACKED = { total_time_spent: 0, time_change: 0, human_total_time_spent: null, human_time_change: null, human_time_estimate: null } as const;
