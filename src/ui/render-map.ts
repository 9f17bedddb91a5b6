// Human rendering of `whk map`: one row per extracted field (name, value, where it came from), then
// one per mapped field, problems marked; and of `whk map --template`: the fields with sample values.
import type { MappingResult } from '../mapping/extract.js';
import type { TemplateView } from '../mapping/template.js';
import type { Output } from './output.js';
import { counted } from '../util/units.js';
import { firstInexactInteger, toJson } from '../util/deep-json.js';
import { stringifyWithTexts, textsByValue } from '../util/number-texts.js';
import { cutToColumns, padToColumns, textColumns } from '../util/display-width.js';

// A value is cut to this many terminal columns (whk's choice), so a row stays within a wide terminal.
const MAX_VALUE = 72;

/** `texts`: the digits sent of the body's integers past 2^53, which JSON.parse read as the nearest doubles. */
function show(value: unknown, texts: ReadonlyMap<string, string>): string {
  if (value === undefined) return '—';
  // A value extracted from a sender's body may nest deeper than JSON.stringify recurses.
  const text = typeof value === 'string' ? value : firstInexactInteger(value) !== undefined && texts.size > 0 ? stringifyWithTexts(value, textsByValue(value, texts)).text : (toJson(value) ?? 'null');
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return cutToColumns(flat, MAX_VALUE);
}

interface Row {
  name: string;
  value: unknown;
  from: string;
  problem?: string | undefined;
}

function renderRows(output: Output, heading: string, rows: readonly Row[], fromHeading = 'from', texts: ReadonlyMap<string, string> = new Map()): void {
  const c = output.paintResult;
  // In the terminal's columns: a value of CJK text padded by its length pushed its `from` out of line.
  const nameWidth = Math.max(textColumns(heading), ...rows.map((r) => textColumns(r.name)));
  const values = rows.map((r) => show(r.value, texts));
  const valueWidth = Math.max(5, ...values.map((v) => textColumns(v)));
  output.result(c.dim(`${padToColumns(heading, nameWidth)}  ${padToColumns('value', valueWidth)}  ${fromHeading}`));
  rows.forEach((row, i) => {
    const line = `${padToColumns(row.name, nameWidth)}  ${padToColumns(values[i] as string, valueWidth)}  ${row.from}`;
    output.result(row.problem ? `${c.red(line)}  ${c.red(`✗ ${row.problem}`)}` : line);
  });
}

export function renderMapping(output: Output, result: MappingResult, texts: ReadonlyMap<string, string> = new Map()): void {
  renderRows(
    output,
    'field',
    result.fields.map((field) => ({
      name: field.name,
      value: field.value,
      from: field.source === 'default' ? `default (nothing at ${field.path})` : field.source === 'missing' ? `missing (nothing at ${field.path})` : field.path,
      problem: field.problem,
    })),
    'from',
    texts,
  );
  if (result.mapped === null) return;
  output.result('');
  renderRows(
    output,
    'mapped',
    result.mapped.map((field) => {
      const origin = field.from !== null ? `field ${field.from}` : field.path !== null ? field.path : field.source === 'missing' ? 'nothing maps it' : 'its default';
      const from = field.source === 'default' ? `default${field.from ?? field.path ? ` (${origin} empty)` : ''}` : field.source === 'missing' ? `missing (${origin})` : origin;
      return { name: field.name, value: field.value, from: `${from}${field.required ? ' · required' : ''}`, problem: field.problem };
    }),
    'from',
    texts,
  );
}

export function mappingSummary(result: MappingResult, source: string): string {
  const extracted = result.fields.filter((f) => f.source !== 'missing').length;
  const defaults = result.fields.filter((f) => f.source === 'default').length;
  const problems = result.problems ? counted(result.problems, 'problem') : 'no problems';
  const mapped = result.mapped === null ? '' : `; ${result.mapped.filter((f) => f.source !== 'missing').length} of ${result.mapped.length} mapped${result.integrationType ? ` (${result.integrationType} type)` : ''}`;
  return `${counted(result.fields.length, 'field')} (${source}): ${extracted} extracted${defaults ? ` (${defaults} from defaults)` : ''}, ${problems}${mapped}`;
}

export function renderTemplate(output: Output, view: TemplateView): void {
  const c = output.paintResult;
  const type = view.integrationType ? `, ${view.integrationType} integration type` : '';
  output.result(`${view.kind}${view.template ? ` — the ${view.template} template` : ''}${type}`);
  output.result('');
  renderRows(output, 'field', view.fields.map((f) => ({ name: f.name, value: f.value, from: `${f.path}${f.type ? ` (${f.type})` : ''}${f.source === 'default' ? ' · its default' : ''}` })), 'path (type)');
  if (view.required) {
    output.result('');
    const names = view.required.fields.map((f) => f.name).join(', ');
    output.result(`mapped fields the ${view.integrationType} type requires: ${names}${view.required.whkChoice ? " (whk's choice)" : ''}`);
  }
  output.result('');
  output.result(c.dim(`sample payload (seed ${view.seed}):`));
  output.result(JSON.stringify(view.sample, null, 2));
}
