// Human rendering of `whk map`: one row per field (name, value, where it came from), problems marked.
import type { MappingResult } from '../mapping/extract.js';
import type { Output } from './output.js';

const MAX_VALUE = 72;

function show(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > MAX_VALUE ? `${flat.slice(0, MAX_VALUE - 1)}…` : flat;
}

export function renderMapping(output: Output, result: MappingResult): void {
  const c = output.paintResult;
  const nameWidth = Math.max(5, ...result.fields.map((f) => f.name.length));
  const values = result.fields.map((f) => show(f.value));
  const valueWidth = Math.max(5, ...values.map((v) => v.length));
  output.result(c.dim(`${'field'.padEnd(nameWidth)}  ${'value'.padEnd(valueWidth)}  from`));
  result.fields.forEach((field, i) => {
    const from = field.source === 'default' ? `default (nothing at ${field.path})` : field.source === 'missing' ? `missing (nothing at ${field.path})` : field.path;
    const line = `${field.name.padEnd(nameWidth)}  ${(values[i] as string).padEnd(valueWidth)}  ${from}`;
    output.result(field.problem ? `${c.red(line)}  ${c.red(`✗ ${field.problem}`)}` : line);
  });
}

export function mappingSummary(result: MappingResult, source: string): string {
  const extracted = result.fields.filter((f) => f.source !== 'missing').length;
  const defaults = result.fields.filter((f) => f.source === 'default').length;
  const problems = result.problems ? `${result.problems} problem${result.problems === 1 ? '' : 's'}` : 'no problems';
  return `${result.fields.length} field${result.fields.length === 1 ? '' : 's'} (${source}): ${extracted} extracted${defaults ? ` (${defaults} from defaults)` : ''}, ${problems}`;
}
