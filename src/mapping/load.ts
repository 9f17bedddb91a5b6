// Reading a mapping file: JSON, then the mapping schema. Every problem is an input error (exit 2)
// naming the file and the first thing wrong with it.
import { InputError } from '../errors.js';
import { readInput } from '../util/read-input.js';
import { parseJsonLenient } from '../util/json.js';
import { toIssues } from '../validate/issues.js';
import { mappingSpecSchema, type MappingSpec } from './spec.js';

const HINT = 'a mapping is {"fields": [{"name": "title", "path": "alerts[0].labels.alertname", "type": "string", "required": true}]}';

export function parseMapping(text: string, source: string): MappingSpec {
  const json = parseJsonLenient(text);
  if (!json.ok) throw new InputError(`invalid mapping file '${source}': not JSON (line ${json.line}: ${json.message})`, HINT);
  const parsed = mappingSpecSchema.safeParse(json.value);
  if (!parsed.success) {
    const issue = toIssues(parsed.error.issues)[0];
    throw new InputError(`invalid mapping file '${source}': ${issue ? `${issue.path} ${issue.message}` : 'not a mapping'}`, HINT);
  }
  return parsed.data;
}

export async function loadMapping(file: string): Promise<MappingSpec> {
  return parseMapping((await readInput(file, 'mapping file')).toString('utf8'), file);
}
