// `whk map <payload|-> [--map FILE | --kind K]`: what an inbound integration's field mapping extracts
// from a payload. Exit 1 when a required field is missing or a value has the wrong type.
import type { CliContext } from '../context.js';
import { InputError, UsageError } from '../errors.js';
import { detectKind, getKind, listKinds } from '../kinds/index.js';
import { extract, extractedValues } from '../mapping/extract.js';
import { loadMapping } from '../mapping/load.js';
import type { MappingSpec } from '../mapping/spec.js';
import { isCaptureRecord } from '../capture/record.js';
import { parseJsonLenient } from '../util/json.js';
import { readInput } from '../util/read-input.js';
import { createOutput } from '../ui/output.js';
import { mappingSummary, renderMapping } from '../ui/render-map.js';
import { parseOptions } from '../options/schema.js';
import { mapOptions } from '../options/map.js';


async function readPayload(file: string, context: CliContext): Promise<unknown> {
  const name = file === '-' ? '<stdin>' : file;
  const parsed = parseJsonLenient((await readInput(file, '', context.stdin)).toString('utf8'));
  if (!parsed.ok) throw new InputError(`cannot read '${name}': ${parsed.message} (line ${parsed.line})`);
  // A capture record from `whk listen --save` maps its body.
  return isCaptureRecord(parsed.value) ? parsed.value.body : parsed.value;
}

function kindsWithMappings(): string {
  return listKinds().filter((k) => k.mapping).map((k) => k.id).join(', ');
}

export async function runMap(context: CliContext, file: string, raw: unknown): Promise<number> {
  const options = parseOptions(mapOptions, raw);
  if (options.map !== undefined && options.kind !== undefined) throw new UsageError('use --map or --kind, not both', '--map FILE applies your mapping; --kind K applies the kind\'s default mapping');
  const givenKind = options.kind === undefined ? undefined : getKind(options.kind);
  const mappingFromFile = options.map === undefined ? undefined : await loadMapping(options.map);
  const payload = await readPayload(file, context);

  // Detection only when the kind was not given (it names the default mapping and the JSON output's kind).
  const detection = givenKind ? undefined : detectKind(payload);
  const kind = givenKind ?? (detection?.status === 'detected' ? detection.kind : undefined);
  let spec: MappingSpec;
  let source: string;
  if (mappingFromFile) {
    spec = mappingFromFile;
    source = `mapping ${options.map}`;
  } else if (kind?.mapping) {
    spec = kind.mapping;
    source = `${kind.id} default mapping${options.kind === undefined ? ', kind detected' : ''}`;
  } else if (kind) {
    throw new UsageError(`kind '${kind.id}' has no default mapping`, `pass --map FILE, or use a kind that has one: ${kindsWithMappings()}`);
  } else {
    throw new UsageError(`cannot tell which default mapping to use: ${detection?.status === 'unknown' ? 'the payload is not a known kind' : 'the payload matches several kinds'}`, 'pass --map FILE with your mapping, or --kind K');
  }

  const result = extract(payload, spec);
  const output = createOutput(context, options);
  if (output.json) {
    output.jsonLine({
      kind: kind?.id ?? null,
      mapping: mappingFromFile ? { file: options.map } : { kind: kind?.id },
      ok: result.ok,
      problems: result.problems,
      fields: result.fields.map((f) => ({ ...f, value: f.value ?? null })),
      values: extractedValues(result),
    });
  } else {
    renderMapping(output, result);
  }
  output.info(mappingSummary(result, source));
  return result.ok ? 0 : 1;
}
