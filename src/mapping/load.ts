// Reading a mapping file: JSON, then the mapping schema. Every problem is an input error (exit 2)
// naming the file and the first thing wrong with it.
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { toIssues } from '../validate/issues.js';
import { mappingSpecSchema, type MappingSpec } from './spec.js';

const HINT = 'a mapping is {"fields": [{"name": "title", "path": "alerts[0].labels.alertname", "type": "string", "required": true}]}';

export function parseMapping(text: string, source: string): MappingSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid mapping file '${source}': not JSON (${error instanceof Error ? error.message : String(error)})`, HINT);
  }
  const parsed = mappingSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = toIssues(parsed.error.issues)[0];
    throw new InputError(`invalid mapping file '${source}': ${issue ? `${issue.path} ${issue.message}` : 'not a mapping'}`, HINT);
  }
  return parsed.data;
}

export async function loadMapping(file: string): Promise<MappingSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read mapping file '${file}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error)}`);
  }
  return parseMapping(text, file);
}
