// `whk replay` options.
import { sharedOptions } from './shared.js';
import { options } from './spec.js';
import { schemeSettingsWith } from './scheme-settings.js';

export const replayOptions = options({
  url: { flags: '--url <url>', description: 'where to send them (http or https)', type: 'string', required: true },
  kind: { flags: '--kind <kind>', description: 'only records of this kind (unknown: of no kind)', type: 'string' },
  path: { flags: '--path <path>', description: 'only records received on this path (* matches any characters)', type: 'string', nonEmpty: true },
  index: { flags: '--index <list>', description: 'only these records, 1-based: e.g. 1,3,5-7', type: 'string' },
  originalHeaders: { flags: '--original-headers', description: 'send all the original headers too (hop-by-hop ones excepted)', type: 'boolean' },
  keepPath: { flags: '--keep-path', description: "append each record's path and query to --url", type: 'boolean' },
  header: sharedOptions.header,
  set: {
    flags: '--set <path=value>',
    description: "change a field of each record's JSON body before it goes (repeatable); the body is then written again from its parsed (JSON.parse) reading, as compact JSON with JSON.stringify's key order and escapes (an integer past 2^53 keeps its digits), uncompressed, and without the signature it came with (--secret signs it anew)",
    type: 'list',
  },
  dryRun: { flags: '--dry-run', description: 'print the exact requests and send nothing', type: 'boolean' },
  // --curl prints shell text, not JSON; --dry-run prints the same requests its own way.
  curl: { flags: '--curl', description: 'print each request as a runnable curl command and send nothing', type: 'boolean', conflicts: ['json', 'dryRun'] },
  timeout: { flags: '--timeout <duration>', description: 'how long one attempt may take before it fails (and is retried with --retries)', type: 'duration', default: '10s' },
  retries: { flags: '--retries <n>', description: "retries after the first attempt, after any failure (whichever ones the kind's sender retries)", type: 'int', default: '0' },
  sign: {
    flags: '--sign <scheme>',
    description: 'sign each request anew with this scheme (github, stripe, standard-webhooks, …; see whk sign) as it is sent; the signature headers replace the original ones',
    type: 'string',
    nonEmpty: true,
  },
  secret: {
    flags: '--secret <secret>',
    description: "the secret --sign signs with; alone, each record is signed as it was checked when it arrived (that scheme, with the settings listen had: --content, --timestamp-header…), or with its kind's own scheme",
    type: 'string',
    nonEmpty: 'the secret may not be empty',
    once: 'whk replay signs with one secret',
  },
  secretEnv: { ...sharedOptions.secretEnv, once: 'whk replay signs with one secret' },
  // hmac's and grafana's settings, as sign and listen --verify take them.
  ...schemeSettingsWith('--sign'),
});
