// Reports of a validation run: the running tally, and the text / JSON / JUnit renderings of results.
import type { PayloadResult } from './files.js';
import { counted } from '../util/units.js';
import { shownIssue, shownMessage } from '../util/cut-text.js';
import { runsOf, timesSuffix } from '../util/runs.js';

export interface ValidationSummary {
  files: number;
  payloads: number;
  valid: number;
  invalid: number;
  /** Captured requests no kind claims (listen's unknown): neither valid nor invalid. */
  unknown: number;
  warnings: number;
  /**
   * Payloads per kind, with how the kind was chosen: captured requests no kind claims under
   * `unknown` (as `unknown` counts them), payloads judged of no kind (no kind or two claim them: invalid) under `no kind`.
   */
  kinds: Record<string, { count: number; detected: number }>;
}

// The summary's name for invalid payloads no kind was chosen for: 'unknown' is the captured requests no kind claims, which are no failure.
const NO_KIND = 'no kind';

export function emptySummary(): ValidationSummary {
  // Keyed by kind id, so no prototype: a kind of your own titled "constructor" (kind from-capture
  // --name constructor) found Object's and counted on it, left out of the tally.
  return { files: 0, payloads: 0, valid: 0, invalid: 0, unknown: 0, warnings: 0, kinds: Object.create(null) as ValidationSummary['kinds'] };
}

export function tally(summary: ValidationSummary, result: PayloadResult): void {
  summary.payloads++;
  if (result.valid) summary.valid++;
  else if (result.unknown !== undefined) summary.unknown++;
  else summary.invalid++;
  if (result.warnings.length) summary.warnings++;
  const key = result.kind ?? (result.unknown === undefined ? NO_KIND : 'unknown');
  const entry = (summary.kinds[key] ??= { count: 0, detected: 0 });
  entry.count++;
  if (result.kindSource === 'detected') entry.detected++;
}

function where(result: PayloadResult): string {
  return `${result.source}:${result.line}`;
}

/** The kind as listen's line names it, with the event for kinds with events: `github (push)`. */
function kindLabel(result: PayloadResult): string {
  const kind = result.kind ?? 'unknown';
  return result.event === undefined ? kind : `${kind} (${result.event})`;
}

function withIndex(result: PayloadResult, path: string): string {
  return result.index === undefined ? path : `$[${result.index}]${path.slice(1)}`;
}

/**
 * The text lines for one payload: one per issue, warning and given note; none when all is well.
 * Notes are passed in because a run prints each one once (see firstNotes), not once per payload.
 */
export function textLines(result: PayloadResult, notes: readonly string[] = []): string[] {
  const kind = kindLabel(result);
  // What the payload holds (a 3,000-character key in a path, a value a message quotes) is cut as
  // listen's line cuts it (util/cut-text.ts); --json and the JUnit report keep the issues whole.
  return [
    ...(result.unknown === undefined ? [] : [`${where(result)}  unknown  note  ${shownMessage(result.unknown)}`]),
    ...result.issues.map((issue) => `${where(result)}  ${kind}  ${shownIssue(withIndex(result, issue.path), issue.message, '  ')}`),
    ...runsOf(result.warnings).map(({ text, times }) => `${where(result)}  ${kind}  warning  ${shownMessage(text)}${timesSuffix(times)}`),
    ...notes.map((note) => `${where(result)}  ${kind}  note  ${shownMessage(note)}`),
  ];
}

/** The notes of this payload not yet seen in the run for its kind (a new field on every line of a big file is news once). */
export function firstNotes(result: PayloadResult, seen: Set<string>): string[] {
  const fresh: string[] = [];
  for (const note of result.notes) {
    const key = `${result.kind ?? ''}\u0000${note}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(note);
  }
  return fresh;
}

export function jsonRecord(result: PayloadResult): Record<string, unknown> {
  return {
    type: 'payload',
    file: result.source,
    line: result.line,
    ...(result.index === undefined ? {} : { index: result.index }),
    kind: result.kind,
    kindSource: result.kindSource,
    event: result.event ?? null,
    // An unknown record is neither valid nor invalid (a note, as in the text and JUnit reports).
    valid: result.unknown === undefined ? result.valid : null,
    ...(result.unknown === undefined ? {} : { unknown: result.unknown }),
    issues: result.issues.map((issue) => ({ ...issue, path: withIndex(result, issue.path) })),
    warnings: result.warnings,
    notes: result.notes,
  };
}

export function summaryLine(summary: ValidationSummary): string {
  const kinds = Object.entries(summary.kinds)
    .map(([kind, { count, detected }]) => `${kind} ×${count}${detected === count ? ' (detected)' : detected ? ` (${detected} detected)` : ''}`)
    .join(', ');
  const files = counted(summary.files, 'file');
  // As listen's summary says it, and only when there are some: a file of payloads has none.
  const unknown = summary.unknown > 0 ? `, ${summary.unknown} unknown (no kind claims them)` : '';
  return `${counted(summary.payloads, 'payload')} in ${files}: ${summary.valid} valid, ${summary.invalid} invalid${unknown}${summary.warnings ? `, ${summary.warnings} with warnings` : ''}${kinds ? ` · ${kinds}` : ''}`;
}

// What XML 1.0 does not allow at all, even escaped: control characters (a command's colour codes,
// say), U+FFFE and U+FFFF (a receiver's answer may hold their bytes) and surrogates without a pair.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

const escapeXml = (text: string): string =>
  text
    .replace(NOT_XML, '')
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);

export interface JunitCase {
  suite: string;
  name: string;
  className: string;
  failure?: { message: string; body: string } | undefined;
  /** The case could not run as it should (JUnit's <error>, where <failure> is an unmet expectation). */
  error?: { message: string; body: string } | undefined;
  timeMs?: number;
  /** Output captured while the case ran (a command's stdout/stderr), as <system-out>. */
  output?: string | undefined;
  /** Why the case did not run, as <skipped>. */
  skipped?: string | undefined;
}

/** Seconds as JUnit's `time` writes them. */
const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * JUnit XML with one testsuite per suite name, in first-seen order. `totalMs`: the whole run's time
 * (a suite's is its cases' sum, when they have times), which many CI reporters show.
 */
export function junitXml(name: string, cases: readonly JunitCase[], totalMs?: number): string {
  const suites = new Map<string, JunitCase[]>();
  for (const c of cases) suites.set(c.suite, [...(suites.get(c.suite) ?? []), c]);
  // The error and skipped counts only when some were: a report of cases that all ran reads as before.
  const counts = (of: readonly JunitCase[]): string => {
    const skipped = of.filter((c) => c.skipped !== undefined).length;
    const errors = of.filter((c) => c.error).length;
    return `tests="${of.length}" failures="${of.filter((c) => c.failure).length}"${errors === 0 ? '' : ` errors="${errors}"`}${skipped === 0 ? '' : ` skipped="${skipped}"`}`;
  };
  const suiteTime = (of: readonly JunitCase[]): string => (of.some((c) => c.timeMs !== undefined) ? ` time="${seconds(of.reduce((sum, c) => sum + (c.timeMs ?? 0), 0))}"` : '');
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="${escapeXml(name)}" ${counts(cases)}${totalMs === undefined ? '' : ` time="${seconds(totalMs)}"`}>`];
  for (const [suite, members] of suites) {
    out.push(`  <testsuite name="${escapeXml(suite)}" ${counts(members)}${suiteTime(members)}>`);
    for (const c of members) {
      const time = c.timeMs === undefined ? '' : ` time="${seconds(c.timeMs)}"`;
      const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.className)}"${time}`;
      const failure = c.failure ? [`      <failure message="${escapeXml(c.failure.message)}">${escapeXml(c.failure.body)}</failure>`] : [];
      const error = c.error ? [`      <error message="${escapeXml(c.error.message)}">${escapeXml(c.error.body)}</error>`] : [];
      const skipped = c.skipped === undefined ? [] : [`      <skipped message="${escapeXml(c.skipped)}"/>`];
      const output = c.output ? [`      <system-out>${escapeXml(c.output)}</system-out>`] : [];
      const inside = [...failure, ...error, ...skipped, ...output];
      out.push(...(inside.length === 0 ? [`${open}/>`] : [`${open}>`, ...inside, '    </testcase>']));
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

export function junitCase(result: PayloadResult): JunitCase {
  const lines = textLines(result);
  return {
    suite: result.source,
    name: `${where(result)}${result.index === undefined ? '' : `[${result.index}]`} ${kindLabel(result)}`,
    className: `whk.validate.${result.kind ?? 'unknown'}`,
    failure: result.valid || result.unknown !== undefined ? undefined : { message: result.issues[0]?.message ?? 'invalid', body: lines.join('\n') },
    skipped: result.unknown,
    // Warnings (a repaired comma) on a passing case too, where a CI report shows them.
    output: result.warnings.length === 0 ? undefined : runsOf(result.warnings).map(({ text, times }) => `${where(result)}  ${kindLabel(result)}  warning  ${text}${timesSuffix(times)}`).join('\n'),
  };
}
