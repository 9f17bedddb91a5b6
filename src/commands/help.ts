// Help text that needs more than the option tables: the variants of every kind (sample, send), and
// the contract file `whk check` reads. Loaded only when that command's help is shown.
import { listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { counted } from '../util/units.js';

/** `--variant`'s values, by kind, the default first. */
export function variantsHelp(): string {
  const kinds = listKinds();
  const width = Math.max(...kinds.map((kind) => kind.id.length));
  const lines = kinds.map((kind) => `  ${kind.id.padEnd(width)}  ${kind.variants.map((v, i) => (i === 0 ? `${v.id} (default)` : v.id)).join(', ')}${eventVariants(kind)}`);
  return ['Variants (--variant), by kind:', ...lines].join('\n');
}

/** Where a kind's events have variants of their own (github: a pull_request is opened or closed), one example. */
function eventVariants(kind: Kind): string {
  const events = (kind.events ?? []).filter((event) => (event.variants?.length ?? 0) > 1);
  const first = events[0];
  if (!first) return '';
  const byDefault = first.defaultVariant ?? first.variants?.[0]?.id;
  const example = first.variants?.find((variant) => variant.id !== byDefault);
  return `; ${counted(events.length, 'event')} with variants of ${events.length === 1 ? 'its' : 'their'} own (whk kinds ${kind.id}), e.g. --event ${first.id} --variant ${example?.id ?? ''}`;
}

export const CONTRACT_HELP = `The contract (JSON): { "name"?, "checks": [ ... ] }, or just the array of checks
(at most 1,000 checks, whk's bound: split a larger suite into several contracts).
Each check has an optional "name" and is one of:

  "send": { ... }             a receiver contract: whk sends every variant of a kind to your endpoint
    kind, url                 the kind and your endpoint (required)
    variants                  "all" or a list of variant ids (whk kinds) (default: "all")
    duplicates                re-send each delivery byte-identical (at-least-once kinds) (default: true)
    lifecycle                 also send each event's lifecycle (opened, then resolved)
    seed                      the seed of the payloads: the same bytes every run (default: 1)
    headers, secret, auth, gzip     as whk send; auth is {"scheme": "basic"|"bearer", "token": "..."};
                              travis-ci's secret is the RSA private key, PEM (whk travis-key FILE)
    secretEnv                 the environment variable holding secret, in its place (as --secret-env)
    retries, retryDelay, timeout    override the kind's retry policy and per-attempt timeout
    expect.delivered          true: each delivery accepted by the kind's success rule; false: each
                              answered with a status the rule refuses (no answer fails) (default: true)
    expect.status             each delivery's last answer has exactly this status (alone: 401 expects
                              the deliveries refused, 200 accepted)

  "listen": { ... }, "run": "CMD"   a sender contract: whk listens, runs CMD, checks what arrived
    run                       your command (a shell line, run in the current directory, not the
                              contract's); {url}, {host}, {port} filled in, WHK_URL set
    listen.port, listen.host  where the receiver listens, port 0 = a free one (default: 0, "127.0.0.1")
    listen.respond            the status to answer, or statuses in turn ([500, 200]) (default: 200)
    listen.secret             verify the kind's signature; a bad or missing one makes the request invalid,
                              and so does a request of a kind that signs nothing
    listen.secretEnv          the environment variable holding listen.secret, in its place
    listen.expect.count       at least this many requests (the check ends when they have arrived)
    listen.expect.within      how long the command and its requests may take (default: "30s")
    listen.expect.kind        every request is of this kind
    listen.expect.payloads    "valid": every request is a valid payload of its kind; "any": payloads
                              are not checked (default: "valid")
    listen.expect.gzip        true: every body is gzipped; false: none is

Durations (retryDelay, timeout, within) are strings with their unit ("30s", "500ms"), or numbers
of milliseconds. Unknown fields are refused. Exit 0 when every check passed, 1 when any failed, 2
for a contract that cannot be read or is not valid, a listen.port or listen.host the receiver cannot
have, or an --output that cannot be written or is the contract file (each before any check runs),
130 on Ctrl-C (143 on SIGTERM). Example:
  { "checks": [ { "send": { "kind": "metaplane-incident", "url": "http://127.0.0.1:3000/hooks" } } ] }`;
