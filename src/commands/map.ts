// `whk map <payload|-> [--map FILE | --kind K]`: what an inbound integration's mapping extracts from a
// payload and the mapped fields it fills. Exit 1 when a required field is missing (a mapped field the
// integration type requires among them) or a value has the wrong type. `whk map --template K`: the
// template's fields with sample values.
import type { CliContext } from '../context.js';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { InputError, UsageError, fieldRef } from '../errors.js';
import { detectKind, getKind, listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { extract, extractedValues } from '../mapping/extract.js';
import { loadMappingSet } from '../mapping/load.js';
import { resolveMapping, type Mapping } from '../mapping/resolve.js';
import { templateView } from '../mapping/template.js';
import { readCapture, unendedWarning, type SkippedLine } from '../capture/read.js';
import { captureLineProblem, claimsToBeRecord, heldJsonNull, isCaptureRecord, recordProblem, unparsedBody, type CaptureRecord } from '../capture/record.js';
import { notJsonFile, parseJsonLenient, withoutBom } from '../util/json.js';
import { readInput } from '../util/read-input.js';
import { looksGzipped } from '../util/gzip-magic.js';
import { DEFAULT_MAX_DOCUMENT } from '../validate/files.js';
import { readLines } from '../validate/lines.js';
import { createOutput, type Output } from '../ui/output.js';
import { mappingSummary, renderMapping, renderTemplate } from '../ui/render-map.js';
import { parseOptions } from '../options/schema.js';
import type { OptionsOf } from '../options/spec.js';
import { mapOptions } from '../options/map.js';
import { numbersAsSent } from '../capture/body-text.js';
import { firstInexactInteger } from '../util/deep-json.js';
import { inexactNumberTexts, stringifyWithTexts, textsByValue } from '../util/number-texts.js';
import { escapedJson, WrittenJson } from '../ui/terminal-text.js';

type MapOptions = OptionsOf<typeof mapOptions>;

/** A payload and the digits sent of its integers past 2^53, by path (JSON.parse read them as the nearest doubles). */
interface ReadPayload {
  payload: unknown;
  texts: ReadonlyMap<string, string>;
}

async function readPayload(file: string, index: number | undefined, context: CliContext, output: Output): Promise<ReadPayload> {
  const name = file === '-' ? '<stdin>' : file;
  const unended = (line: SkippedLine): void => output.warn(unendedWarning(name, line));
  // A capture file is read a record at a time, as replay reads it: a long session's is far past the
  // 64 MB a payload may be, and was refused as too large to read.
  if (file !== '-' && (await isCaptureFile(file))) return recordBody(name, await readCapture(file, index, { unended }));
  // From stdin too: read whole, a session's capture piped in was refused past 64 MB.
  const piped = file === '-' && context.stdin ? await peekFirstLine(context.stdin) : undefined;
  if (piped?.capture) return recordBody(name, await readCapture(name, index, { input: piped.bytes, unended }));
  const bytes = await readInput(file, '', piped ? Readable.from(piped.bytes) : context.stdin);
  // Read as text, a gzip was "Unexpected token U+001F": say what it is, as the capture readers do.
  if (looksGzipped(bytes)) throw new InputError(`'${name}' is gzip-compressed, so not JSON`, `decompress it first, e.g. gunzip -c ${file === '-' ? 'FILE' : file} | whk map -`);
  const text = withoutBom(bytes.toString('utf8'));
  // A capture file from `whk listen --save` maps the body of one record (--index, when it holds several).
  if (startsWithCaptureRecord(text)) return recordBody(name, await readCapture(name, index, { input: Readable.from([bytes]), unended }));
  const parsed = parseJsonLenient(text);
  // An empty file is told as empty, --index or not: "is not one" (a capture file) said nothing of why.
  if (!parsed.ok && parsed.empty) throw new InputError(notJsonFile('', name, parsed));
  if (index !== undefined) throw new UsageError(`${fieldRef('index')} picks a record of a capture file, and '${name}' is not one`, 'give a payload alone, or a capture file written by whk listen --save with --index N');
  if (!parsed.ok) throw new InputError(notJsonFile('', name, parsed));
  // One capture record on its own (pretty-printed, say) maps its body too; a damaged one is refused.
  const problem = claimsToBeRecord(parsed.value) ? recordProblem(parsed.value) : null;
  if (problem !== null) throw new InputError(`'${name}': not a whole capture record: ${problem}`, 'a capture record is what whk listen --save writes, one per line');
  if (isCaptureRecord(parsed.value)) return recordBody(name, { record: parsed.value });
  return { payload: parsed.value, texts: firstInexactInteger(parsed.value) === undefined ? new Map() : inexactNumberTexts(text) };
}

/**
 * A record's JSON body, or why it has none: a text, a cut-short or empty body was mapped as `null`,
 * every field "missing", where the body itself is what to tell of.
 */
async function recordBody(name: string, { index, record }: { index?: number; record: CaptureRecord }): Promise<ReadPayload> {
  if (record.body !== null || heldJsonNull(record)) return { payload: record.body, texts: (await numbersAsSent(Buffer.from(record.bodyBase64, 'base64'), record, record.body)) ?? new Map() };
  const which = index === undefined ? `'${name}'` : `record ${index} of '${name}'`;
  throw new InputError(`${which}: its body is ${unparsedBody(record)}, so there is nothing to map`, 'map reads a JSON body, or a form field holding JSON');
}

/**
 * stdin read up to the end of its first line that is not blank (at most a payload's 64 MB), and
 * whether that line is a capture record; `bytes` gives what was read, then the rest.
 */
async function peekFirstLine(stdin: AsyncIterable<Buffer | string>): Promise<{ capture: boolean; bytes: AsyncIterable<Buffer> }> {
  const rest = stdin[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let held = 0;
  let capture = false;
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    held += chunk.length;
    if (held > DEFAULT_MAX_DOCUMENT) break;
    if (!chunk.includes(10)) continue;
    // A newline came: the first line is ended unless all before it was blank.
    const text = withoutBom(Buffer.concat(head, held).toString('utf8'));
    const start = text.search(/\S/);
    if (start === -1 || text.indexOf('\n', start) === -1) continue;
    capture = startsWithCaptureRecord(text);
    break;
  }
  async function* bytes(): AsyncGenerator<Buffer> {
    yield* head.splice(0);
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
  }
  return { capture, bytes: bytes() };
}

/** A file on disk whose first line is a capture record (a pipe is read once, whole, by readInput). */
async function isCaptureFile(file: string): Promise<boolean> {
  if (!(await stat(file).catch(() => undefined))?.isFile()) return false;
  const lines = readLines(createReadStream(file), { maxLineBytes: DEFAULT_MAX_DOCUMENT });
  try {
    for await (const { text } of lines) if (text.trim() !== '') return startsWithCaptureRecord(text);
    return false;
  } catch {
    // Unreadable, or a first line past the limit: readInput says what it is.
    return false;
  } finally {
    await lines.return(undefined);
  }
}

/** The first line is a capture record (whole or damaged) on its own: the NDJSON a capture file holds. */
function startsWithCaptureRecord(text: string): boolean {
  const start = text.search(/\S/);
  if (start === -1) return false;
  const end = text.indexOf('\n', start);
  // A damaged or torn record too: read as a capture file, it is refused with its line and field.
  return captureLineProblem(text.slice(start, end === -1 ? undefined : end)) === null;
}

function kindsWithMappings(): string {
  return listKinds().filter((k) => k.mapping).map((k) => k.id).join(', ');
}

export async function runMap(context: CliContext, file: string | undefined, raw: unknown): Promise<number> {
  const options = parseOptions(mapOptions, raw);
  const output = createOutput(context, options);
  if (options.template !== undefined) {
    if (file !== undefined || options.map !== undefined || options.kind !== undefined) throw new UsageError('--template prints a template; it takes no payload, --map or --kind', `whk map --template ${options.template}`);
    return showTemplate(output, getKind(options.template), options.seed ?? 1);
  }
  if (file === undefined) throw new UsageError("missing required argument 'payload'", 'give a payload file (- reads stdin), or --template <kind> to see a template');
  if (options.seed !== undefined) throw new UsageError('--seed goes with --template');
  // --schema adds your own kind, as listen's does: a mapping may name it, and it is detected first.
  const custom = options.schema === undefined ? undefined : await (await import('../kinds/custom.js')).loadCustomKind(options.schema);
  const kinds: readonly Kind[] = custom ? [custom, ...listKinds()] : listKinds();
  const lookup = (id: string): Kind | undefined => kinds.find((k) => k.id === id);
  const givenKind = options.kind === undefined ? undefined : (lookup(options.kind) ?? getKind(options.kind));
  const mappings = options.map === undefined ? undefined : await loadMappingSet(options.map, lookup);
  const { payload, texts } = await readPayload(file, options.index, context, output);

  // Detection only when the kind was not given (it picks the mapping and names the JSON output's kind).
  const detection = givenKind ? undefined : detectKind(payload, kinds);
  const kind = givenKind ?? (detection?.status === 'detected' ? detection.kind : undefined);
  const undetected = detection?.status === 'unknown' ? 'the payload is not a known kind' : 'the payload matches several kinds';
  const { mapping, source } = pickMapping(options, mappings, kind, undetected, lookup);

  const result = extract(payload, mapping);
  if (output.json) {
    writeJsonWithDigits(output, texts, {
      kind: kind?.id ?? null,
      mapping: options.map !== undefined ? { file: options.map, kind: mapping.kind } : { kind: kind?.id },
      integrationType: result.integrationType,
      ok: result.ok,
      problems: result.problems,
      fields: result.fields.map((f) => ({ ...f, value: f.value ?? null })),
      values: extractedValues(result),
      mapped: result.mapped?.map((f) => ({ ...f, value: f.value ?? null })) ?? null,
    });
  } else {
    renderMapping(output, result, texts);
  }
  output.info(mappingSummary(result, source));
  return result.ok ? 0 : 1;
}

/** The line written with the payload's integers past 2^53 in the digits sent, where it holds any. */
function writeJsonWithDigits(output: Output, texts: ReadonlyMap<string, string>, line: Record<string, unknown>): void {
  output.jsonLine(texts.size === 0 ? line : new WrittenJson(escapedJson(stringifyWithTexts(line, textsByValue(line, texts)).text)));
}

/** Your mapping (the one for the payload's kind when the file has one per kind), or the kind's default. */
function pickMapping(options: MapOptions, mappings: Awaited<ReturnType<typeof loadMappingSet>> | undefined, kind: Kind | undefined, undetected: string, lookup: (id: string) => Kind | undefined): { mapping: Mapping; source: string } {
  if (mappings) {
    const source = `mapping ${options.map}`;
    // --kind picks an entry of a file of one mapping per kind; a file of one mapping has none to pick.
    if (mappings.single) {
      if (options.kind !== undefined) throw new UsageError(`--kind picks a mapping of a file that holds one per kind, and '${options.map}' holds one mapping`, 'drop --kind to apply it, or --map to apply the kind\'s default mapping');
      return { mapping: mappings.single, source };
    }
    if (!kind) throw new UsageError(`cannot tell which mapping of '${options.map}' to use: ${undetected}`, `it maps ${(mappings.kinds ?? []).join(', ')}: pick one with --kind K`);
    const mapping = mappings.forKind(kind.id);
    if (!mapping) throw new UsageError(`'${options.map}' has no mapping for ${kind.id}`, `it maps ${(mappings.kinds ?? []).join(', ')}; add one under "kinds"`);
    return { mapping, source: `${source}, for ${kind.id}` };
  }
  if (kind?.mapping) return { mapping: resolveMapping({ kind: kind.id }, lookup, kind.id), source: `${kind.id} default mapping${options.kind === undefined ? ', kind detected' : ''}` };
  if (kind) throw new UsageError(`kind '${kind.id}' has no default mapping`, `pass --map FILE, or use a kind that has one: ${kindsWithMappings()}`);
  throw new UsageError(`cannot tell which default mapping to use: ${undetected}`, 'pass --map FILE with your mapping, or --kind K');
}

function showTemplate(output: Output, kind: Kind, seed: number): number {
  if (!kind.mapping) throw new UsageError(`kind '${kind.id}' has no template fields`, `kinds with templates: ${kindsWithMappings()}`);
  const view = templateView(kind, seed);
  if (output.json) output.jsonLine(view);
  else renderTemplate(output, view);
  return 0;
}
