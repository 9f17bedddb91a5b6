// `whk kind from-capture <capture> --name N [--index I] [-o FILE]`: one captured request made into a kind of
// your own, a JSON Schema file that send, listen and validate take with --schema.
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliContext } from '../context.js';
import { InputError, UsageError } from '../errors.js';
import { readCapture, unendedWarning } from '../capture/read.js';
import { KIND_IDS } from '../kinds/ids.js';
import { slug } from '../kinds/custom.js';
import { kindFromCapture } from '../kinds/from-capture.js';
import { isSecretHeader } from '../receiver/redact.js';
import { signatureHeaders } from '../receiver/signature.js';
import { parseOptions } from '../options/schema.js';
import { kindFromCaptureOptions } from '../options/kind.js';
import { createOutput } from '../ui/output.js';
import { renderCapturedKind } from '../ui/render-captured-kind.js';
import { writeFailure } from '../util/file-errors.js';
import { numbersAsSent } from '../capture/body-text.js';
import { stringifyWithTexts, textsUnder } from '../util/number-texts.js';
import type { CaptureRecord } from '../capture/record.js';
import type { JsonSchema } from '../kinds/infer-schema.js';

export async function runKindFromCapture(context: CliContext, captureFile: string, raw: unknown): Promise<number> {
  const options = parseOptions(kindFromCaptureOptions, raw);
  const id = slug(options.name);
  if (id === '') throw new UsageError(`--name '${options.name}' has no letters or digits to make a kind id from`);
  if ((KIND_IDS as readonly string[]).includes(id)) throw new UsageError(`--name '${options.name}' is a built-in kind`, `pick another name, e.g. my-${id}`);
  const output = createOutput(context, options);
  const { index, record } = await readCapture(captureFile, options.index, { unended: (line) => output.warn(unendedWarning(captureFile, line)) });
  const secrets = signatureHeaders();
  const captured = kindFromCapture(record, { name: options.name, source: `${captureFile}, record ${index}`, isSecret: (name) => isSecretHeader(name, secrets) });
  const text = `${await schemaText(captured.schema, record, `${captureFile}, record ${index}`)}\n`;
  if (options.output === '-') {
    output.result(text.trimEnd());
    return 0;
  }
  const file = options.output ?? `${id}.schema.json`;
  await writeFile(file, text, { flag: options.force ? 'w' : 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    // --force overwrites a file, never a directory: say what it is rather than suggest --force.
    if ((await stat(file).catch(() => undefined))?.isDirectory()) throw new UsageError(`'${file}' is a directory; --output names the schema file to write`, `e.g. --output ${join(file, `${id}.schema.json`)}`);
    if (error.code === 'EEXIST') throw new UsageError(`'${file}' exists`, 'give --force to overwrite it, or another --output');
    throw new InputError(`cannot write '${file}': ${writeFailure(error, file)}`, undefined, error);
  });
  renderCapturedKind(output, { file, id, source: `${captureFile}, record ${index}`, record, headers: Object.keys(captured.headers), droppedSecrets: captured.droppedSecrets });
  return 0;
}


/**
 * The schema as JSON, its example's integers past 2^53 with the digits the sender wrote (JSON.parse
 * read them as the nearest doubles, which send --schema would deliver as another id), read again
 * from the record's bytes; refused when they are not there (a capture edited by hand).
 */
async function schemaText(schema: JsonSchema, record: CaptureRecord, source: string): Promise<string> {
  const texts = (await numbersAsSent(Buffer.from(record.bodyBase64, 'base64'), record, record.body)) ?? new Map<string, string>();
  const written = stringifyWithTexts(schema, textsUnder(texts, '$.examples[0]'), 2);
  if (written.inexact !== undefined) throw new InputError(`${source}: its body holds ${written.inexact}, an integer past 2^53 that JSON.parse cannot keep exact, and its digits are not in the record's bytes; the kind's example would be another number`);
  return written.text;
}
