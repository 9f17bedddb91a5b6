// Rendering of `whk check`: one line per check (problems and, on failure, the command's output
// under it), the closing summary, and the JUnit cases.
import type { CheckResult, ContractReport } from '../check/result.js';
import type { JunitCase } from '../validate/report.js';
import { counted, formatDuration } from '../util/units.js';
import type { Output } from './output.js';

/** Lines of a failed sender's output shown under its check (all of it goes in JUnit). */
const OUTPUT_LINES = 10;

export function checkLines(output: Output, result: CheckResult): string[] {
  const c = output.paintResult;
  const mark = result.ok ? c.green('✔') : c.red('✖');
  const lines = [`${mark} ${result.index} ${result.name}: ${result.summary} ${c.dim(`(${formatDuration(result.ms)})`)}`];
  for (const problem of result.problems) lines.push(`    ${c.red(problem)}`);
  const tail = result.ok ? '' : plainOutput(result.command?.output ?? '').trimEnd();
  if (tail) {
    const all = tail.split('\n');
    lines.push(`    ${c.dim(`output of the command${all.length > OUTPUT_LINES ? ` (last ${OUTPUT_LINES} lines)` : ''}:`)}`);
    for (const line of all.slice(-OUTPUT_LINES)) lines.push(`      ${c.dim(line)}`);
  }
  return lines;
}

export function reportSummaryLine(report: ContractReport): string {
  const n = report.checks.length + report.notRun.length;
  const notRun = report.notRun.length === 0 ? '' : `, ${report.notRun.length} not run`;
  return `${counted(n, 'check')}: ${report.passed} passed, ${report.failed} failed${notRun}${report.cancelled ? ', cancelled' : ''} (${formatDuration(report.ms)})`;
}

/** A check a cancel left unrun, as a skipped JUnit case: the report still names every check of the contract. */
export function notRunJunitCase(report: ContractReport, check: ContractReport['notRun'][number]): JunitCase {
  return { suite: report.name, name: check.name, className: `whk.check.${check.form}`, skipped: 'cancelled before it ran' };
}

export function checkJunitCase(report: ContractReport, result: CheckResult): JunitCase {
  const output = plainOutput(result.command?.output ?? '');
  return {
    suite: report.name,
    name: result.name,
    className: `whk.check.${result.form}`,
    timeMs: result.ms,
    ...(result.ok ? {} : { [result.error === undefined ? 'failure' : 'error']: { message: result.error ?? result.problems[0] ?? 'failed', body: [result.summary, ...result.problems].join('\n') } }),
    output: output === '' ? undefined : output,
  };
}

/** Output without colour codes: they mean nothing in a report and are not allowed in XML. */
function plainOutput(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}
