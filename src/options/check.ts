// `whk check` options.
import { options } from './spec.js';
import { FORMATS } from './validate.js';

export const checkOptions = options({
  format: { flags: '--format <format>', description: 'report format', type: 'choice', choices: FORMATS, default: 'text' },
  output: { flags: '--output <file>', description: 'write the JUnit report to this file instead of stdout', type: 'string', nonEmpty: true },
});
