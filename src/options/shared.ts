// Options that several commands take with the same meaning: declared once here, placed in each
// command's table.
import { options } from './spec.js';

export const FORMATS = ['text', 'json', 'junit'] as const;

export const sharedOptions = options({
  header: { flags: '--header <header>', description: "add a header, 'Name: value' (repeatable)", type: 'list' },
  format: { flags: '--format <format>', description: 'report format', type: 'choice', choices: FORMATS, default: 'text' },
});
