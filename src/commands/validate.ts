// `whk validate [files...]`: validate payload, NDJSON and capture files; exit 1 if anything is invalid.
import { createReadStream } from 'node:fs';
import type { CliContext } from '../context.js';
import { InputError, UsageError } from '../errors.js';
import { listKinds } from '../kinds/index.js';
import { unknownKindError } from '../kinds/ids.js';
import type { Kind } from '../kinds/types.js';
import { validateSourceByChunk, type FileValidationOptions, type PayloadResult } from '../validate/files.js';
import { filesNamed, shownPath, type NamedFile } from '../validate/named-files.js';
import { unendedWarning } from '../capture/read.js';
import { emptySummary, firstNotes, jsonRecord, junitCase, junitXml, summaryLine, tally, textLines, type JunitCase } from '../validate/report.js';
import { createOutput } from '../ui/output.js';
import { parseOptions } from '../options/schema.js';
import { issuesWithFlags, textWithFlags } from './fields.js';
import { validateOptions } from '../options/validate.js';
import { readFailure } from '../util/file-errors.js';

const READ_CHUNK = 256 * 1024;


export async function runValidate(context: CliContext, files: string[], raw: unknown): Promise<number> {
  const options = parseOptions(validateOptions, raw);
  const format = options.json ? 'json' : options.format;
  // --schema: the user's own kind, validated against first (ajv is loaded only then).
  const custom = options.schema === undefined ? undefined : await (await import('../kinds/custom.js')).loadCustomKind(options.schema);
  const kinds: readonly Kind[] = custom ? [custom, ...listKinds()] : listKinds();
  const kind = options.kind ?? custom?.id;
  // A capture's records are judged as listen --schema judged them: the schema's kind detected next to the others.
  const records = custom === undefined ? undefined : { kind: options.kind };
  if (options.kind !== undefined && !kinds.some((k) => k.id === options.kind)) throw unknownKind(options.kind, custom);
  let stdin = context.stdin as AsyncIterable<Buffer>;
  // stdin is read once: a second - was an empty input, failed as an invalid payload.
  if (files.filter((file) => file === '-').length > 1) throw new UsageError("- is given more than once: stdin can be read only once", 'give - once');
  if (files.length === 0) {
    if (context.stdin.isTTY) throw new UsageError('no input: name the files to validate', 'e.g. whk validate payload.json, or pipe JSON and use -');
    // No files and nothing piped (an empty glob in CI) is a mistake in the command, not an invalid payload.
    stdin = await nonEmpty(stdin);
    files = ['-'];
  }
  // Check every file before validating any, so a typo fails fast with exit 2.
  const named = (await Promise.all(files.map(filesNamed))).flat();
  const output = createOutput(context, { ...options, json: format === 'json' });
  const summary = emptySummary();
  const cases: JunitCase[] = [];
  const seenNotes = new Set<string>();
  const report = (found: PayloadResult): void => {
    const result = issuesWithFlags(found, validateOptions);
    tally(summary, result);
    const notes = firstNotes(result, seenNotes);
    if (format === 'json') {
      if (!result.valid || result.warnings.length || notes.length) output.jsonLine(jsonRecord(result));
    } else if (format === 'junit') {
      cases.push(junitCase(result));
    } else if (!result.valid || result.warnings.length || notes.length) {
      for (const line of textLines(result, notes)) output.result(line);
    }
  };
  let name = '';
  try {
    for (const file of named) {
      summary.files++;
      name = file === '-' ? '<stdin>' : shownPath(file);
      await validateFile(file === '-' ? stdin : file, name, { kind, kinds, records, maxDocumentBytes: options.maxDocument, unended: (line) => output.warn(unendedWarning(name, line)) }, report);
    }
  } catch (error) {
    // A run stopped part-way (exit 2) still hands a CI step a whole report of what it validated.
    if (error instanceof InputError && format === 'json') output.jsonLine({ type: 'summary', ...summary, stopped: textWithFlags(error.message, validateOptions) });
    if (error instanceof InputError && format === 'junit') context.stdout.write(junitXml('whk validate', [...cases, stopCase(name, error)]));
    throw error;
  }
  if (format === 'json') output.jsonLine({ type: 'summary', ...summary });
  else if (format === 'junit') context.stdout.write(junitXml('whk validate', cases));
  output.info(summaryLine(summary));
  return summary.invalid > 0 ? 1 : 0;
}

/** One file's (or stdin's) payloads, each handed to `report` as it is judged. */
async function validateFile(file: NamedFile | AsyncIterable<Buffer>, name: string, options: FileValidationOptions, report: (result: PayloadResult) => void): Promise<void> {
  // 256 kB reads: in 64 kB pieces a big file spends much of its time handing reads to the thread
  // pool; much larger pieces only let the heap grow.
  const stream = typeof file === 'string' || Buffer.isBuffer(file) ? createReadStream(file, { highWaterMark: READ_CHUNK }) : file;
  try {
    for await (const chunk of validateSourceByChunk(name, stream as AsyncIterable<Buffer>, options)) for (const found of chunk) report(found);
  } catch (error) {
    // Only failures to read the input (EACCES, EISDIR, ...) are input errors; anything else is a bug.
    if (!isSystemError(error)) throw error;
    throw new InputError(`cannot read '${name}': ${readFailure(error)}`, undefined, error);
  }
}

/** The JUnit case of a run stopped at `source` (a line past --max-document, a file it cannot read): an error, not a failure of a payload. */
function stopCase(source: string, error: InputError): JunitCase {
  const message = textWithFlags(error.message, validateOptions);
  const hint = error.hint === undefined ? '' : `\n${textWithFlags(error.hint, validateOptions)}`;
  return { suite: source, name: `${source} stopped the run`, className: 'whk.validate', error: { message, body: `${message}${hint}` } };
}

/** An unknown --kind, whose hint says how a kind of your own is known: --schema (`whk validate --kind my-hook` without it named only the built-in kinds). */
function unknownKind(id: string, custom: Kind | undefined): UsageError {
  const error = unknownKindError(id);
  if (error.hint?.startsWith('did you mean') === true) return error;
  error.hint = `${error.hint ?? ''}; ${custom === undefined ? 'a kind of your own is known with --schema FILE' : `your --schema's kind is '${custom.id}'`}`;
  return error;
}

/** stdin, or a usage error when it ends before its first byte. */
async function nonEmpty(stdin: AsyncIterable<Buffer>): Promise<AsyncIterable<Buffer>> {
  const chunks = stdin[Symbol.asyncIterator]();
  let first = await chunks.next();
  while (!first.done && first.value.length === 0) first = await chunks.next();
  if (first.done) throw new UsageError('no input: no files were named and stdin is empty', 'name the files to validate (did a glob match nothing?), or pipe JSON in');
  const head = first.value;
  return (async function* () {
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  })();
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

