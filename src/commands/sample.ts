// `whk sample <kind>`: a schema-correct sample payload on stdout.
import type { CliContext } from '../context.js';
import { loadKind } from '../kinds/load.js';
import { checkSampleCount, generateSample, kindAssignedTexts } from '../kinds/sample.js';
import { stringifyWithTexts } from '../util/number-texts.js';
import { freshSeed } from '../util/prng.js';
import { createOutput } from '../ui/output.js';
import { parseOptions } from '../options/schema.js';
import { sampleOptions } from '../options/sample.js';

export async function runSample(context: CliContext, kindId: string, raw: unknown): Promise<number> {
  const options = parseOptions(sampleOptions, raw);
  const kind = await loadKind(kindId);
  checkSampleCount(kind, options.count);
  const seed = options.seed ?? freshSeed();
  const payload = generateSample(kind, { seed, variant: options.variant, event: options.event, count: options.count, set: options.set });
  if (options.set.length > 0 && options.validate) (await import('../validate/assigned.js')).checkAssigned(kind, payload, options.event, options.set);
  const output = createOutput(context, options);
  // On stderr, as send tells its seed piped or not: stdout stays the payload alone, and the seed makes it again.
  if (options.seed === undefined) output.info(output.paint.dim(`seed ${seed} (pass --seed ${seed} to print the same payload again)`));
  const indent = options.compact || options.json ? 0 : 2;
  // An integer past 2^53 a --set gave goes with its digits, as send sends it (not JSON.stringify's nearest double).
  output.result(options.set.length === 0 ? JSON.stringify(payload, null, indent) : stringifyWithTexts(payload, kindAssignedTexts(kind, payload, options.set), indent).text);
  return 0;
}
