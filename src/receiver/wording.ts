// How a record's issue and warning texts name options. The receiver names them as fields (`maxBody`,
// `delay`); the command line, whose capture file is read by people (jq, validate, the page), has them
// named as its flags (commands/fields.ts textWithFlags) before the line is written.
import type { CaptureRecord } from '../capture/record.js';

export type Wording = (text: string) => string;

/** The record's issues, warnings and signature reason reworded, in place; left as they are when none names a field (nearly all). */
export function reword(record: CaptureRecord, wording: Wording | undefined): void {
  if (wording === undefined) return;
  const reason = record.signature?.reason;
  if (record.signature && reason?.includes('`')) record.signature = { ...record.signature, reason: wording(reason) };
  if (!record.issues.some((issue) => issue.message.includes('`')) && !record.warnings.some((warning) => warning.includes('`'))) return;
  record.issues = record.issues.map((issue) => ({ ...issue, message: wording(issue.message) }));
  record.warnings = record.warnings.map(wording);
}
