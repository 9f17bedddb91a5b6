// The command layer's side of "the core speaks in fields": results the core reports in text
// (issues of a record, a refusal) name fields as `maxBody`; before printing, they name flags.
import { renameFields } from '../errors.js';
import { flagNamer } from '../options/index.js';
import type { OptionTable } from '../options/spec.js';

interface Reported {
  issues: readonly { path: string; message: string }[];
  warnings: readonly string[];
}

/** A copy of a record or result whose issue and warning texts name flags instead of fields. */
export function issuesWithFlags<T extends Reported>(value: T, table: OptionTable): T {
  const name = flagNamer(table);
  if (!value.issues.some((i) => i.message.includes('`')) && !value.warnings.some((w) => w.includes('`'))) return value;
  return {
    ...value,
    issues: value.issues.map((issue) => ({ ...issue, message: renameFields(issue.message, name) })),
    warnings: value.warnings.map((warning) => renameFields(warning, name)),
  };
}

/** One text with its fields named as flags. */
export function textWithFlags(text: string, table: OptionTable): string {
  return renameFields(text, flagNamer(table));
}
