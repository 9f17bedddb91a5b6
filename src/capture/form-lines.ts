// A form body as lines, as `whk listen --body` prints one and the inspector page's diff compares two:
// each field name=value in order, the field holding the body's JSON as that JSON's lines, then the
// multipart files described (their bytes are no text).
import type { CaptureRecord } from './record.js';
import { formatBytes } from '../util/units.js';

/**
 * `json`: the JSON field's value as drawn (its first line goes on the field's own line), or undefined
 * when no field held JSON; `shown`: a sender's text made fit for where it is drawn (the terminal escapes
 * it and keeps it on one line; the page escapes what it draws itself).
 */
export function formLines(form: NonNullable<CaptureRecord['form']>, json: readonly string[] | undefined, shown: (text: string) => string = (text) => text): string[] {
  const fields = form.fields.flatMap(([name, value]) => {
    if (json === undefined || name !== form.json) return [`${shown(name)}=${shown(value)}`];
    const [first = '', ...rest] = json;
    return [`${shown(name)}=${first}`, ...rest];
  });
  const files = (form.files ?? []).map((file) => `${shown(file.name)}: file ${shown(file.filename)} (${file.contentType === null ? 'no Content-Type' : shown(file.contentType)}, ${formatBytes(file.size)})`);
  return [...fields, ...files];
}
