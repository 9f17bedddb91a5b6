// Rendering of `whk listen`: the readiness line, one line per request, and the summary on exit,
// for people (text) and for machines (--json: one object per line on stdout).
import type { MappedFields } from '../mapping/extract.js';
import type { ReceiverEvent, ReceiverSummary } from '../receiver/server.js';
import { eachReported } from '../receiver/events.js';
import { isReformattedNote } from '../receiver/duplicates.js';
import { maskHeaders } from '../receiver/redact.js';
import { maskQuery, maskQueryString } from '../util/secrets.js';
import { isUnknown, shapeText, type CaptureRecord } from '../capture/record.js';
import { recordQuery, readableHeader } from '../capture/request-fields.js';
import { bodyLines, jsonWithDigits, mappedNumberTexts } from './render-body.js';
import { cutText, shownIssue, shownMessage } from '../util/cut-text.js';
import { stringifyWithTexts, textsByValue } from '../util/number-texts.js';
import { oneLine } from '../util/hex.js';
import { runsOf, timesSuffix } from '../util/runs.js';
import { isEveryInterface } from '../util/hosts.js';
import { counted, formatBytes, formatLimit } from '../util/units.js';
import type { Output } from './output.js';
import { jsonText, terminalText } from './terminal-text.js';
import { limitWarnings } from './warning-limit.js';

type RequestEvent = Extract<ReceiverEvent, { type: 'request' }>;

export interface RequestRenderOptions {
  showSecrets: boolean;
  /** Print the request headers under each line. */
  showHeaders: boolean;
  /** Print the decoded body under each line (and keep it in --json's request objects). */
  showBody?: boolean | undefined;
  /** Extra header names to mask (the kinds' signature headers). */
  secretHeaders: readonly string[];
}

const MAX_ISSUES_ON_LINE = 2;

export function renderListening(output: Output, url: string, inspectorUrl?: string): void {
  // The readiness line is what scripts wait for, so --quiet keeps it.
  output.streams.stderr.write(terminalText(`listening on ${url}${inspectorUrl === undefined ? '' : `  (inspector: ${inspectorUrl})`}\n`));
  if (output.json) output.jsonLine({ type: 'listening', url });
  if (output.json && inspectorUrl !== undefined) output.jsonLine({ type: 'inspector', url: inspectorUrl });
}

/** One warning when --host opens the port to the network; `what` says what others can then reach. */
export function warnIfExposed(output: Output, host: string, what: string): void {
  if (isEveryInterface(host)) output.warn(`--host ${host} listens on every network interface: anyone who can reach this machine can ${what} (--host 127.0.0.1 keeps it local)`);
}

/** `whk inspect`'s readiness line: the page's URL and what it shows. */
export function renderInspector(output: Output, url: string, what: string): void {
  output.streams.stderr.write(terminalText(`inspector on ${url} (${what})\n`));
  if (output.json) output.jsonLine({ type: 'inspector', url });
}

/**
 * Per-request output, batched: the requests of one turn of the event loop are rendered together and
 * their lines go out in one write, so a busy receiver does not pay a syscall (and a wake-up of
 * whoever reads the pipe) per request, and renders back to back rather than between the answers it
 * writes (2 to 3% less CPU a request for `listen --save` under the bench's load, by hand). Problems
 * and the summary flush it first, so the order on the terminal stays true. `onError` is told of a
 * request whose line could not be made (the receiver's subscriber errors); the others are printed.
 */
export function createRequestPrinter(output: Output, options: RequestRenderOptions, onError: (error: unknown) => void): { event(event: ReceiverEvent): void; flush(): void } {
  let held: RequestEvent[] = [];
  let pending: string[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  const flush = (): void => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    const events = held;
    held = [];
    // Rendered after the emitter handed them over, so what one throws is reported here as it would be there.
    eachReported(events, (event) => renderRequest(lines, event.record, options, event.decoded), onError);
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    output.streams.stdout.write(text);
  };
  const colour = output.paintResult.level > 0;
  const warn = limitWarnings(output.warn);
  const lines: Output = { ...output, result: (line) => void pending.push(terminalText(line, colour)), jsonLine: (value) => void pending.push(jsonText(value)) };
  return {
    event(event) {
      if (event.type !== 'request') {
        flush();
        renderEvent(output, event, options, warn);
        return;
      }
      held.push(event);
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
}

/** `warn`: where its warnings go (createRequestPrinter's limits how many a second). */
export function renderEvent(output: Output, event: ReceiverEvent, options: RequestRenderOptions, warn: (line: string) => void = output.warn): void {
  if (event.type === 'request') {
    renderRequest(output, event.record, options, event.decoded);
    return;
  }
  if (output.json) output.jsonLine(event);
  if (event.type === 'warning') warn(event.message);
  else if (event.type === 'aborted') warn(`${event.method} ${cutText(event.path)}: the sender went away after ${formatBytes(event.size)}, before the body ended (not recorded)`);
  else if (event.type === 'dropped') warn(droppedText(event));
  else output.error(event.seq === null ? event.message : `request #${event.seq}: ${event.message}`);
}

/** A request whk cut itself: which of its limits (or its stopping), and whether the sender was told (408). */
function droppedText(event: Extract<ReceiverEvent, { type: 'dropped' }>): string {
  if (event.limit === 'shutdown') return `${event.method} ${cutText(event.path)}: cut off by whk at shutdown after ${formatBytes(event.size)}, before the body ended (not answered, not recorded)`;
  const limit = formatLimit(event.limitMs);
  const why = event.limit === 'idleTimeout' ? `its body sent nothing for --idle-timeout (${limit})` : `it took longer than whk's request-time limit (${limit})`;
  const told = event.answered ? 'answered 408' : 'its connection closed without an answer (an earlier answer on it was still due)';
  return `${event.method} ${cutText(event.path)}: whk dropped the request after ${formatBytes(event.size)} of its body: ${why}; ${told} (not recorded)`;
}

export function requestJson(record: CaptureRecord, options: RequestRenderOptions): Record<string, unknown> {
  const masked = options.showSecrets ? { headers: record.headers, query: record.query } : { headers: maskHeaders(record.headers, options.secretHeaders), query: maskQuery(record.query), ...maskedRawQuery(record) };
  if (options.showBody) return { type: 'request', ...record, ...masked };
  // Without --body, bodies stay in the capture file: the raw bytes, the JSON, a form's fields, a text.
  const { bodyBase64: _raw, body: _body, form: _form, text: _text, headers: _headers, query: _query, ...rest } = record;
  return { type: 'request', ...rest, ...masked };
}

/** The query as sent, its secret values masked like the parsed query's (only when the record has one). */
function maskedRawQuery(record: CaptureRecord): { rawQuery?: string } {
  return record.rawQuery === undefined ? {} : { rawQuery: maskQueryString(record.rawQuery) };
}

/** `decoded`: the body's bytes after Content-Encoding, where --body reads the digits of integers past 2^53. */
export function renderRequest(output: Output, record: CaptureRecord, options: RequestRenderOptions, decoded?: Buffer): void {
  if (output.json) {
    const event = requestJson(record, options);
    output.jsonLine(jsonWithDigits(event, record, decoded) ?? event);
    return;
  }
  const c = output.paintResult;
  const unknown = isUnknown(record);
  const verdict = record.valid ? c.green('valid') : unknown ? c.dim(record.shape ? cutText(shapeText(record.shape)) : 'no JSON') : `${c.red('invalid')} ${issueText(record)}`;
  // What the sender wrote is cut (util/cut-text.ts) before it is painted: one request, one line of a screen.
  const parts = [
    c.dim(clock(record.receivedAt)),
    `${record.method} ${cutText(`${record.path}${options.showSecrets ? recordQuery(record) : maskQueryString(recordQuery(record))}`)}`,
    record.kind === null ? c.dim('unknown') : record.event ? `${record.kind} (${cutText(record.event)})` : record.kind,
    verdict,
    formatBytes(record.size ?? 0),
    cutText(record.encoding),
    `→ ${statusText(output, record.status)}${record.unseen ? ` ${output.paintResult.dim('(never seen)')}` : ''}`,
    ...tags(record),
    ...mappedText(record.mapped as MappedFields | undefined, mappedNumberTexts(record, decoded)),
  ];
  // One line whatever the sender wrote: an event named in the body (Jira's webhookEvent) or a JSON
  // key may hold a newline, and what follows it would read as a request line of its own.
  output.result(oneLine(parts.join('  ')));
  if (options.showHeaders) {
    const headers = options.showSecrets ? record.headers : maskHeaders(record.headers, options.secretHeaders);
    // Cut as the request's line is: a 12 kB header value was one line of 12 kB.
    for (const [name, value] of Object.entries(headers)) output.result(c.dim(`    ${cutText(name)}: ${cutText(readableHeader(Array.isArray(value) ? value.join(', ') : value))}`));
  }
  if (options.showBody) for (const line of bodyLines(record, decoded)) output.result(line);
}

function issueText(record: CaptureRecord): string {
  const shown = record.issues.slice(0, MAX_ISSUES_ON_LINE).map((issue) => shownIssue(issue.path, issue.message));
  const more = record.issues.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? ` (+${more} more)` : ''}`;
}

function tags(record: CaptureRecord): string[] {
  const out: string[] = [];
  if (record.truncated) out.push('truncated');
  if (record.retryOf != null) out.push(`retry of #${record.retryOf}`);
  if (record.duplicateOf != null) out.push(`duplicate of #${record.duplicateOf} (${record.duplicateBy === 'idempotency-id' ? 'same idempotencyId' : 'identical body'})`);
  // A repeat in other bytes says so next to it: the bytes are not what came before, though the content is.
  for (const note of record.notes ?? []) if (isReformattedNote(note)) out.push(`note: ${shownMessage(note)}`);
  if (record.signature) out.push(`signature ${record.signature.verdict}`);
  if (record.forward) out.push(record.forward.error === null ? `forwarded (${record.forward.ms} ms)` : 'forward failed');
  for (const { text, times } of runsOf(record.warnings)) out.push(`warning: ${shownMessage(text)}${timesSuffix(times)}`);
  return out;
}

const MAX_MAPPED_VALUE = 40;

/** `sent`: the digits the body sent of its integers past 2^53 (JSON.stringify writes the nearest doubles). */
function valuesText(values: Record<string, unknown>, sent: ReadonlyMap<string, string> | undefined): string {
  const pairs = Object.entries(values).map(([name, value]) => {
    const json = (): string => (sent ? stringifyWithTexts(value, textsByValue(value, sent)).text : JSON.stringify(value));
    const text = (typeof value === 'string' ? value : json()).replace(/\s*\n\s*/g, ' ');
    return `${name}=${cutText(text, MAX_MAPPED_VALUE)}`;
  });
  return `{${pairs.join(', ')}}`;
}

/** `--map`: the extracted fields as name=value, the mapped ones after →, then what is wrong with the mapping. */
function mappedText(mapped: MappedFields | undefined, sent: ReadonlyMap<string, string> | undefined): string[] {
  if (!mapped || typeof mapped !== 'object' || !('values' in mapped)) return [];
  return [valuesText(mapped.values, sent), ...(mapped.mapped ? [`→ ${valuesText(mapped.mapped, sent)}`] : []), ...mapped.problems.map((p) => `✗ ${p.stage === 'mapped' ? 'mapped ' : ''}${p.field}: ${p.problem}`)];
}

function statusText(output: Output, status: number): string {
  const c = output.paintResult;
  if (status >= 200 && status < 300) return c.green(String(status));
  return status >= 500 ? c.red(String(status)) : c.yellow(String(status));
}

// The last time printed: a busy receiver prints many lines within one millisecond (hot path).
let lastClock = { iso: '', text: '' };

function clock(iso: string): string {
  if (iso === lastClock.iso) return lastClock.text;
  lastClock = { iso, text: clockText(iso) };
  return lastClock.text;
}

function clockText(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

const counts = (entries: Record<string, number>): string =>
  Object.entries(entries)
    .map(([key, n]) => `${key} ×${n}`)
    .join(', ') || 'none';

export function summaryLines(summary: ReceiverSummary): string[] {
  const unknown = summary.unknown > 0 ? `, ${summary.unknown} unknown (no kind claims them)` : '';
  // As validate's summary says it: requests whose record carries a warning (a repair, bytes not UTF-8…).
  const warned = summary.warnings > 0 ? `, ${summary.warnings} with warnings` : '';
  const lines = [`${counted(summary.requests, 'request')}: ${summary.valid} valid, ${summary.invalid} invalid${unknown}${warned}`];
  lines.push(`  kinds: ${counts(summary.kinds)}`);
  lines.push(`  encodings: ${counts(summary.encodings)} (${summary.gzip} gzip)`);
  const d = summary.duplicates;
  lines.push(`  duplicates: ${d.total} (${d.byIdempotencyId} same idempotencyId, ${d.byBody} identical body)`);
  // Not a duplicate: one id with other content is the sender breaking its promise, not a re-delivery.
  if (d.conflicts) lines.push(`  idempotencyId conflicts: ${d.conflicts} (an id seen before, with other content: invalid)`);
  if (summary.retries) lines.push(`  retries: ${summary.retries} (the same payload again after an answer that was not 2xx)`);
  const s = summary.signatures;
  const rare = `${s.expired > 0 ? `${s.expired} expired, ` : ''}${s.replayed > 0 ? `${s.replayed} replayed, ` : ''}`;
  if (s.valid + s.invalid + s.expired + s.replayed + s.missing > 0) lines.push(`  signatures: ${s.valid} valid, ${s.invalid} invalid, ${rare}${s.missing} missing`);
  if (s.unchecked > 0) lines.push(`  signatures: ${s.unchecked} came signed, not checked (--secret checks them)`);
  if (summary.unexpected) lines.push(`  unexpected kind: ${summary.unexpected}`);
  if (summary.truncated + summary.refusedOnceInflated > 0) lines.push(`  refused for size (413): ${summary.truncated} truncated (over --max-body on the wire), ${summary.refusedOnceInflated} only once inflated (held whole)`);
  if (summary.busy) lines.push(`  refused while busy (503, not acknowledged): ${summary.busy}`);
  if (summary.notSaved) lines.push(`  not saved (the capture file could not be written; answered 500): ${summary.notSaved}`);
  if (summary.aborted) lines.push(`  aborted by the sender: ${summary.aborted}`);
  const { dropped, refused } = summary;
  if (dropped.idleTimeout + dropped.requestTimeout > 0) lines.push(`  dropped by whk (408, not recorded): ${dropped.idleTimeout} body silent for --idle-timeout, ${dropped.requestTimeout} past the request-time limit`);
  if (dropped.shutdown > 0) lines.push(`  cut off by whk at shutdown (not answered, not recorded): ${dropped.shutdown}`);
  if (refused.headerTimeout + refused.parser > 0) lines.push(`  refused before whk could read them (not recorded): ${refused.headerTimeout} headers past --header-timeout (408), ${refused.parser} refused by the HTTP parser (400, 413, 431) or a CONNECT (501)`);
  const m = summary.mapping;
  if (m.mapped) lines.push(`  mapping: ${m.mapped} mapped, ${m.failed} with problems (${counted(m.problems, 'problem')})`);
  // Not invalid (the request was fine; the app was not), but a run whose app never answered must say so.
  if (summary.forwardFailed) lines.push(`  forward failed: ${summary.forwardFailed} (the app did not answer; whk answered 502, 503 or 508: each record's forward.error says why)`);
  lines.push(`  statuses answered: ${counts(summary.statuses)}`);
  if (summary.unseen) lines.push(`  answers never seen: ${summary.unseen} (the sender hung up first, a refusal closed its connection, or whk cut it as it stopped: each record's warning says which)`);
  return lines;
}

export function renderSummary(output: Output, summary: ReceiverSummary, ending: { reason: string; exitCode: number; message?: string | undefined }): void {
  if (output.json) output.jsonLine({ type: 'summary', ...summary, reason: ending.reason, exitCode: ending.exitCode, ...(ending.message ? { message: ending.message } : {}) });
  if (ending.message) {
    if (ending.exitCode === 0) output.info(ending.message);
    else output.error(ending.message);
  }
  // The summary is a report on stderr, like `whk validate`'s: stdout stays one line per request.
  for (const line of summaryLines(summary)) output.info(line);
}
