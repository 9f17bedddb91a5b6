// Options that several commands take with the same meaning: declared once here, placed in each
// command's table.
import { options } from './spec.js';

export const FORMATS = ['text', 'json', 'junit'] as const;

export const sharedOptions = options({
  header: { flags: '--header <header>', description: "add a header, 'Name: value' (repeatable)", type: 'list' },
  format: {
    flags: '--format <format>',
    description: 'report format',
    type: 'choice',
    choices: FORMATS,
    default: 'text',
    conflicts: ['json'],
    conflictHint: '--json is short for --format json: give one of the two',
    // `--format json --json` asks for JSON twice: no conflict.
    agreesWith: { json: 'json' },
  },
  // A file a command writes its result to: one spelling for every such command.
  output: { flags: '-o, --output <file>', description: "write the result to this file ('-': stdout)", type: 'string', nonEmpty: true },
  // Every command taking --secret takes this too (commands/secret-env.ts reads it).
  secretEnv: {
    flags: '--secret-env <name>',
    description: 'read --secret from this environment variable instead (kept out of ps and shell history)',
    type: 'string',
    nonEmpty: true,
    conflicts: ['secret'],
    conflictHint: '--secret-env reads the secret --secret gives: give one of the two',
  },
  // listen's receiver and its page, and inspect's page, drop a request whose headers take longer.
  headerTimeout: { flags: '--header-timeout <duration>', description: "how long a request's headers may take to arrive", type: 'duration', default: '10s' },
  host: { flags: '--host <host>', description: 'interface to bind', type: 'string', nonEmpty: true, default: '127.0.0.1' },
  // Twilio's SharedKey, for sign and send: verify reads it from the request's own settings header.
  sharedKey: {
    flags: '--shared-key <id>',
    description: 'twilio: sign as the SharedKey of this id (the secret is its secret), adding X-Twilio-Webhooks-Signature-Settings: key=<id>,algorithm=HMAC_SHA256 (or --algorithm sha1)',
    type: 'string',
    nonEmpty: true,
  },
  tolerance: { flags: '--tolerance <duration>', description: 'how far a signed timestamp may be from now (stripe: how old)', type: 'duration', allowZero: true, fallback: 300_000, defaultHelp: '"5m"' },
});
