// Rendering of `whk check`: one line per check (problems and, on failure, the command's output
// under it), the closing summary, and the JUnit cases.
import type { CheckResult, ContractReport } from '../check/result.js';
import type { JunitCase } from '../validate/report.js';
import { counted, formatDuration } from '../util/units.js';
import type { Output } from './output.js';
import { withoutEscapeSequences } from './terminal-text.js';
import { cutText } from '../util/cut-text.js';

/** Lines of a failed sender's output shown under its check (all of it goes in JUnit). */
const OUTPUT_LINES = 10;

export function checkLines(output: Output, result: CheckResult): string[] {
  const c = output.paintResult;
  const mark = result.ok ? c.green('✔') : c.red('✖');
  const lines = [`${mark} ${result.index} ${lineName(result.name)}: ${result.summary} ${c.dim(`(${formatDuration(result.ms)})`)}`];
  // A check that could not run as it should (JUnit's <error>: a command the shell could not find, a
  // receiver that could not start) says so first, as JUnit tells it from a failure; its problem of the same words is not said twice.
  const error = couldNotRun(result);
  if (error !== undefined) lines.push(`    ${c.red(`could not run: ${error}`)}`);
  for (const problem of result.problems) if (error === undefined || !error.startsWith(problem)) lines.push(`    ${c.red(problem)}`);
  const tail = result.ok ? '' : plainOutput(result.command?.output ?? '').trimEnd();
  if (tail) {
    const all = tail.split('\n');
    lines.push(`    ${c.dim(`output of the command${all.length > OUTPUT_LINES ? ` (last ${OUTPUT_LINES} lines)` : ''}:`)}`);
    // One line of output is one line here: a 16 kB line filled the screen.
    for (const line of all.slice(-OUTPUT_LINES)) lines.push(`      ${c.dim(cutText(line))}`);
  }
  return lines;
}

/**
 * A check's name on the terminal's lines: also cut, as a sender's text is (util/cut-text.ts), since a
 * name made from a long command (a curl with its JSON inline) filled the screen twice. JUnit and JSON keep it whole.
 */
export function lineName(name: string): string {
  return cutText(shownName(name));
}

/**
 * A check's name as its one line shows it (and JUnit's name attribute, where a parser reads a line
 * break as a space): escape sequences dropped whole, line breaks and tabs as one space. JSON keeps it as given.
 */
export function shownName(name: string): string {
  return withoutEscapeSequences(name).replace(/[\t\n\v\f\r\u2028\u2029]+/g, ' ');
}

/** Why a check could not run as it should (JUnit's <error>); a cancelled one says 'cancelled' as its problem. */
function couldNotRun(result: CheckResult): string | undefined {
  return result.ok || result.error === 'cancelled' ? undefined : result.error;
}

export function reportSummaryLine(report: ContractReport): string {
  const n = report.checks.length + report.notRun.length;
  const notRun = report.notRun.length === 0 ? '' : `, ${report.notRun.length} not run`;
  const errors = report.checks.filter((check) => couldNotRun(check) !== undefined).length;
  const couldNot = errors === 0 ? '' : `, ${errors} of them could not run`;
  return `${counted(n, 'check')}: ${report.passed} passed, ${report.failed} failed${couldNot}${notRun}${report.cancelled ? ', cancelled' : ''} (${formatDuration(report.ms)})`;
}

/** A check a cancel left unrun, as a skipped JUnit case: the report still names every check of the contract. */
export function notRunJunitCase(report: ContractReport, check: ContractReport['notRun'][number]): JunitCase {
  return { suite: shownName(report.name), name: shownName(check.name), className: `whk.check.${check.form}`, skipped: 'cancelled before it ran' };
}

export function checkJunitCase(report: ContractReport, result: CheckResult): JunitCase {
  const output = plainOutput(result.command?.output ?? '');
  return {
    suite: shownName(report.name),
    name: shownName(result.name),
    className: `whk.check.${result.form}`,
    timeMs: result.ms,
    ...(result.ok ? {} : { [result.error === undefined ? 'failure' : 'error']: { message: result.error ?? result.problems[0] ?? 'failed', body: [result.summary, ...result.problems].join('\n') } }),
    output: output === '' ? undefined : output,
  };
}

/** Output without escape sequences (colours, a title's OSC): they mean nothing in a report and are not allowed in XML. */
function plainOutput(text: string): string {
  return withoutEscapeSequences(text);
}
