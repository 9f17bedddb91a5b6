// Options that several commands take with the same meaning: declared once here, placed in each
// command's table.
import { options } from './spec.js';

export const FORMATS = ['text', 'json', 'junit'] as const;

export const sharedOptions = options({
  header: { flags: '--header <header>', description: "add a header, 'Name: value' (repeatable)", type: 'list' },
  format: { flags: '--format <format>', description: 'report format', type: 'choice', choices: FORMATS, default: 'text', conflicts: ['json'], conflictHint: '--json is short for --format json: give one of the two' },
  host: { flags: '--host <host>', description: 'interface to bind', type: 'string', nonEmpty: true, default: '127.0.0.1' },
  tolerance: { flags: '--tolerance <duration>', description: 'how far a signed timestamp may be from now (default 5m; stripe: how old)', type: 'duration', allowZero: true, fallback: 300_000 },
});
