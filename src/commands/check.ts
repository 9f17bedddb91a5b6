// `whk check <contract.json>`: run a contract's receiver and sender checks in order; one line per
// check and a summary, or JUnit XML (stdout or --output); exit 1 if any check failed.
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { loadContract } from '../check/contract.js';
import { runContract } from '../check/run.js';
import { createOutput } from '../ui/output.js';
import { checkJunitCase, checkLines, lineName, notRunJunitCase, reportSummaryLine, shownName } from '../ui/render-check.js';
import { junitXml } from '../validate/report.js';
import { parseOptions } from '../options/schema.js';
import { checkOptions } from '../options/check.js';
import { abortOnSignal } from './signals.js';
import { checkWritableFile } from '../ui/wizard-files.js';
import { writeFailure } from '../util/file-errors.js';


export async function runCheck(context: CliContext, file: string, raw: unknown): Promise<number> {
  const options = parseOptions(checkOptions, raw);
  const format = options.json ? 'json' : options.format;
  if (options.output !== undefined && format !== 'junit') throw new UsageError('--output writes the JUnit report', 'add --format junit, e.g. whk check contract.json --format junit --output report.xml');
  // Refused before any check runs: a contract that sent deliveries and ran commands for minutes
  // must not end in 'cannot write' with its report lost.
  // '-' is stdout, as the contract's '-' is stdin: it wrote a file named '-'.
  const reportFile = options.output === '-' ? undefined : options.output;
  const writable = reportFile === undefined ? true : checkWritableFile(reportFile, '--output');
  if (writable !== true) throw new UsageError(writable, outputHint(reportFile ?? ''));
  // A name completed to the contract's own (contract.json for a report.xml meant) lost the contract.
  if (reportFile !== undefined && file !== '-' && sameFile(reportFile, file)) {
    throw new UsageError(`--output '${reportFile}' is the contract file: the report would write over it`, `give the report a file of its own, e.g. --output ${join(dirname(reportFile), 'report.xml')}`);
  }
  const output = createOutput(context, { ...options, json: format === 'json' });
  // JUnit on stdout must stay parseable, so the per-check lines go to stderr then.
  const print = format === 'junit' && reportFile === undefined ? (line: string) => output.info(line) : (line: string) => output.result(line);
  const { contract, warnings } = await loadContract(file, { stdin: context.stdin, env: context.env });
  for (const warning of warnings) output.warn(`${warning} (accepted)`);

  const interrupt = abortOnSignal();
  let report;
  try {
    report = await runContract(contract, {
      signal: interrupt.signal,
      env: context.env,
      onStart: (index, name) => output.info(output.paint.dim(`running ${index}/${contract.checks.length}: ${lineName(name)}`)),
      onResult: (result) => {
        if (format === 'json') output.jsonLine({ type: 'check', ...result });
        else for (const line of checkLines(output, result)) print(line);
      },
    });
  } finally {
    interrupt.dispose();
  }

  if (format === 'json') output.jsonLine({ type: 'summary', name: report.name, passed: report.passed, failed: report.failed, notRun: report.notRun, ok: report.ok, cancelled: report.cancelled, ms: report.ms });
  else print(reportSummaryLine(report));
  if (format === 'junit') {
    const xml = junitXml(shownName(report.name), [...report.checks.map((result) => checkJunitCase(report, result)), ...report.notRun.map((check) => notRunJunitCase(report, check))], report.ms);
    if (reportFile === undefined) context.stdout.write(xml);
    else {
      await writeFile(reportFile, xml).catch((error: NodeJS.ErrnoException) => {
        throw new InputError(`cannot write --output '${reportFile}': ${writeFailure(error, reportFile)}`, undefined, error);
      });
      output.info(`JUnit report written to ${reportFile}`);
    }
  }
  if (report.cancelled) return interrupt.exitCode();
  return report.ok ? EXIT.ok : EXIT.failed;
}

/** Whether two paths name one file that exists (a link or another spelling of it too). */
function sameFile(a: string, b: string): boolean {
  const [first, second] = [a, b].map((path) => {
    try {
      return statSync(path, { throwIfNoEntry: false });
    } catch {
      // Not to be read (a file taken for a directory): the error that follows is the reader's.
      return undefined;
    }
  });
  return first !== undefined && second !== undefined && first.dev === second.dev && first.ino === second.ino;
}

/** The hint under a report file that cannot be written: for a directory that exists, a file in it. */
function outputHint(file: string): string {
  const directory = statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
  return directory ? `give --output a file's path, e.g. --output ${join(file, 'report.xml')}` : 'give --output a file in a directory that exists';
}
