// `whk validate [files...]`: validate payload, NDJSON and capture files; exit 1 if anything is invalid.
import { createReadStream, type Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CliContext } from '../context.js';
import { InputError, UsageError } from '../errors.js';
import { getKind, listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { validateSourceByChunk } from '../validate/files.js';
import { unendedWarning } from '../capture/read.js';
import { emptySummary, firstNotes, jsonRecord, junitCase, junitXml, summaryLine, tally, textLines, type JunitCase } from '../validate/report.js';
import { createOutput } from '../ui/output.js';
import { parseOptions } from '../options/schema.js';
import { issuesWithFlags } from './fields.js';
import { validateOptions } from '../options/validate.js';
import { readFailure } from '../util/read-input.js';
import { compileGlob } from '../util/glob.js';

const READ_CHUNK = 256 * 1024;


export async function runValidate(context: CliContext, files: string[], raw: unknown): Promise<number> {
  const options = parseOptions(validateOptions, raw);
  const format = options.json ? 'json' : options.format;
  // --schema: the user's own kind, validated against first (ajv is loaded only then).
  const custom = options.schema === undefined ? undefined : await (await import('../kinds/custom.js')).loadCustomKind(options.schema);
  const kinds: readonly Kind[] = custom ? [custom, ...listKinds()] : listKinds();
  const kind = options.kind ?? custom?.id;
  if (options.kind !== undefined && !kinds.some((k) => k.id === options.kind)) getKind(options.kind);
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
  files = (await Promise.all(files.map(filesNamed))).flat();
  const output = createOutput(context, { ...options, json: format === 'json' });
  const summary = emptySummary();
  const cases: JunitCase[] = [];
  const seenNotes = new Set<string>();
  for (const file of files) {
    summary.files++;
    // 256 kB reads: in 64 kB pieces a big file spends much of its time handing reads to the thread
    // pool; much larger pieces only let the heap grow.
    const stream = file === '-' ? stdin : createReadStream(file, { highWaterMark: READ_CHUNK });
    const name = file === '-' ? '<stdin>' : file;
    try {
      for await (const chunk of validateSourceByChunk(name, stream as AsyncIterable<Buffer>, { kind, kinds, maxDocumentBytes: options.maxDocument, unended: (line) => output.warn(unendedWarning(name, line)) })) {
        for (const found of chunk) {
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
        }
      }
    } catch (error) {
      // Only failures to read the input (EACCES, EISDIR, ...) are input errors; anything else is a bug.
      if (!isSystemError(error)) throw error;
      throw new InputError(`cannot read '${name}': ${readFailure(error)}`, undefined, error);
    }
  }
  if (format === 'json') output.jsonLine({ type: 'summary', ...summary });
  else if (format === 'junit') context.stdout.write(junitXml('whk validate', cases));
  output.info(summaryLine(summary));
  return summary.invalid > 0 ? 1 : 0;
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

// The files a directory given to validate holds that it reads: JSON, NDJSON and JSON Lines.
const PAYLOAD_FILE = /\.(json|ndjson|jsonl)$/i;

/**
 * The files an argument names: a file (or -) itself; a directory, the payload files in it (not in
 * its subdirectories, and not those whose names start with a dot, as a shell's * leaves them); a pattern a shell did not expand (quoted, or a shell that expands none) with
 * `*` in its last part, the files it matches. In name order; none is exit 2.
 */
async function filesNamed(given: string): Promise<string[]> {
  if (given === '-') return [given];
  const info = await stat(given).catch(() => undefined);
  if (info?.isDirectory()) {
    const found = await filesIn(given, (name) => PAYLOAD_FILE.test(name) && !name.startsWith('.'));
    if (found.length === 0) throw new InputError(`'${given}' is a directory with no .json, .ndjson or .jsonl file in it`, 'name the files to validate');
    return found;
  }
  if (info) return [given];
  const pattern = basename(given);
  if (dirname(given).includes('*')) throw new InputError(`cannot read '${given}': no such file`, "whk expands a * in a file's name, not in the directories before it: leave the pattern unquoted for the shell to expand");
  if (!pattern.includes('*')) throw new InputError(`cannot read '${given}': no such file`);
  const glob = compileGlob(pattern);
  // As a shell expands one: a name that starts with a dot only when the pattern does.
  const found = await filesIn(dirname(given), (name) => glob.test(name) && (!name.startsWith('.') || pattern.startsWith('.')), given);
  if (found.length === 0) throw new InputError(`no file matches '${given}'`);
  return found;
}

/** The files directly in `dir` whose names pass `wanted`, as paths, in name order. */
async function filesIn(dir: string, wanted: (name: string) => boolean, pattern?: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    throw new InputError(`cannot read '${pattern ?? dir}': ${readFailure(error)}`);
  });
  const chosen = entries.filter((entry) => wanted(entry.name) && (entry.isFile() || entry.isSymbolicLink())).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A link is followed as a shell's expansion follows it: kept when it leads to a file.
  const isFile = async (entry: Dirent): Promise<boolean> => entry.isFile() || ((await stat(join(dir, entry.name)).catch(() => undefined))?.isFile() ?? false);
  const kept = await Promise.all(chosen.map(isFile));
  return chosen.filter((_, i) => kept[i]).map((entry) => join(dir, entry.name));
}
