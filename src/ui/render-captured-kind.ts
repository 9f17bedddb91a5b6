// `whk kind from-capture`: what was written, from which request, and how to use it.
import type { CaptureRecord } from '../capture/record.js';
import type { Output } from './output.js';
import { shellQuote } from '../util/shell.js';
import { KIND_IDS } from '../kinds/ids.js';

export interface CapturedKindReport {
  file: string;
  id: string;
  source: string;
  record: CaptureRecord;
  /** Header names kept for sending, and the ones left out as secrets. */
  headers: string[];
  droppedSecrets: string[];
}

export function renderCapturedKind(output: Output, report: CapturedKindReport): void {
  const { file, id, source, record, headers, droppedSecrets } = report;
  // A built-in kind's request: its payloads fit both kinds, which listen --schema calls ambiguous.
  const builtIn = record.kind !== null && (KIND_IDS as readonly string[]).includes(record.kind) ? record.kind : null;
  if (builtIn !== null) output.warn(`listen recognised this request as ${builtIn}, a built-in kind: with --schema ${shellQuote(file)}, such requests fit both kinds and listen calls them ambiguous (its --kind ${id} or --kind ${builtIn} picks one)`);
  if (output.json) {
    output.jsonLine({ file, kind: id, source, method: record.method, path: record.path, headers, droppedSecrets, builtInKind: builtIn });
    return;
  }
  output.result(`wrote ${file}: kind '${id}' from ${source} (${record.method} ${record.path})`);
  output.result(`  headers sent with it: ${headers.length > 0 ? headers.join(', ') : 'none'}`);
  if (droppedSecrets.length > 0) output.result(`  left out as secrets: ${droppedSecrets.join(', ')}`);
  // Quoted as a shell reads it, so the commands can be pasted whatever the file is called.
  const schema = shellQuote(file);
  output.result(`  use it: whk send --schema ${schema} --url URL · whk listen --schema ${schema} · whk validate --schema ${schema} FILE`);
}
