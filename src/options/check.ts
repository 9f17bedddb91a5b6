// `whk check` options.
import { options } from './spec.js';
import { sharedOptions } from './shared.js';

export const checkOptions = options({
  format: sharedOptions.format,
  output: { ...sharedOptions.output, description: "write the JUnit report to this file instead of stdout ('-': stdout)" },
});
