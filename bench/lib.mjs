// Shared pieces of the benchmarks: timing child processes, medians, and the result record each
// bench script prints (one JSON line per figure, gathered into a table by bench/run.mjs).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/whk.js', import.meta.url));
export const RSS_PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));
/** BENCH_QUICK=1: shorter rounds and smaller inputs, so the whole bench takes about two minutes. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** A setting from the environment, else its quick or its full default. */
export function setting(name, full, quick) {
  return Number(process.env[name] ?? (QUICK ? quick : full));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The body every load sends: `whk sample metric-alert --seed 1 --compact` (a 1 kB metric alert). */
export async function sampleBody() {
  const sample = await timeCommand(process.execPath, [BIN, 'sample', 'metric-alert', '--seed', '1', '--compact']);
  if (sample.code !== 0) throw new Error(`whk sample failed: ${sample.stderr}`);
  return sample.stdout.trim();
}

/**
 * Runs a command to completion; resolves with wall time (ms), exit code, output, peak RSS (bytes,
 * when probed) and, where Linux's /proc tells it, the CPU time it used (`cpuUs`: user and system, all
 * its threads). Commands timed so must run one at a time: a child's CPU is read as what the children
 * this process has waited for used between its start and its end.
 */
export function timeCommand(command, args, { env = {}, input, probeRss = false } = {}) {
  return new Promise((resolve, reject) => {
    const finalArgs = probeRss && command === process.execPath ? ['--import', RSS_PROBE, ...args] : args;
    const cpuBefore = waitedChildrenCpu?.();
    const started = process.hrtime.bigint();
    const child = spawn(command, finalArgs, { env: { ...process.env, NO_COLOR: '1', CI: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rss = /WHK_BENCH_MAX_RSS=(\d+)/.exec(stderr);
      const cpuUs = cpuBefore === undefined ? undefined : waitedChildrenCpu() - cpuBefore;
      resolve({ ms, code, stdout, stderr, maxRss: rss ? Number(rss[1]) : undefined, cpuUs });
    });
    child.stdin.end(input ?? '');
  });
}

/**
 * The ratios of measurements taken side by side (whk[i] against baseline[i]), as `report` takes
 * them: their median, and the lowest and highest. The machines are shared and their speed drifts by
 * more than the differences measured; the two of a pair share their moment, so their ratio holds
 * where medians taken apart do not, and the spread of the pairs shows how far one verdict can be
 * trusted (where the target lies inside the spread, one run's verdict is a coin's throw).
 */
export function paired(whk, baseline) {
  const ratios = whk.map((value, i) => value / baseline[i]);
  return { ratio: median(ratios), spread: [Math.min(...ratios), Math.max(...ratios)] };
}

/**
 * One figure: whk's value, the baseline's, their ratio, and the target. `higherIsBetter` says
 * which way the ratio must go (throughput: ratio ≥ target; time: ratio ≤ target). A row without
 * a target is shown for reference (the physical limit, a diagnostic): its verdict is `reference`. `ratio`, when
 * given, is the median of paired ratios (`paired`, with their `spread`); whk and baseline are then the medians shown.
 */
export function report({ name, unit, whk, baseline, target, higherIsBetter, note, ratio = whk / baseline, spread }) {
  const met = target === undefined ? null : higherIsBetter ? ratio >= target : ratio <= target;
  const record = {
    bench: name,
    unit,
    whk: round(whk),
    baseline: round(baseline),
    ratio: round(ratio, 3),
    ...(spread ? { spread: `${round(spread[0], 3)}–${round(spread[1], 3)}` } : {}),
    target: target === undefined ? '—' : `${higherIsBetter ? '≥' : '≤'} ${target}`,
    met,
    ...(note ? { note } : {}),
  };
  process.stdout.write(`${JSON.stringify(record)}\n`);
  return record;
}

export function round(value, decimals = 1) {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * Starts a long-running server process and resolves once it prints `listening on URL` on stderr.
 * `stop()` sends SIGTERM and resolves with the exit code and everything it wrote to stderr;
 * `stderr()` is what it wrote so far.
 */
export function startServer(command, args, { env = {}, stdout = 'ignore' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, NO_COLOR: '1', CI: '1', ...env }, stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    const exited = new Promise((done) => child.once('close', (code, signal) => done({ code, signal, stderr })));
    child.once('error', reject);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve({ url: match[1], child, stderr: () => stderr, stop: () => (child.kill('SIGTERM'), exited) });
    });
    void exited.then(({ code }) => reject(new Error(`${args.join(' ')} exited ${code} before listening:\n${stderr}`)));
  });
}

/** One autocannon run (POST `body` with `connections`), for `duration` seconds or `amount` requests. */
export async function load(url, { body, connections, duration, amount, headers = { 'content-type': 'application/json' } }) {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({ url, method: 'POST', body, headers, connections, pipelining: 1, ...(amount ? { amount } : { duration }) });
  return {
    rps: result.requests.total / (result.duration || duration),
    total: result.requests.total,
    sent: result.requests.sent,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
  };
}

// The CPU time a process has used, in µs (user and system, all its threads), where Linux's /proc
// tells it: a server's CPU per request is its own cost, whatever the load generator beside it could ask.
// /proc counts in clock ticks of 1/100 s (USER_HZ, 100 on Linux whatever the kernel's own rate).
const CLOCK_TICK_US = 10_000;
const HAS_PROC = existsSync('/proc/self/stat');
// Two adjacent fields of /proc/PID/stat summed, in µs: user and system time. `at` counts the fields
// after the command's name (which may hold spaces, so the line is split after its ')').
const ticksOf = (pid, at) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[at]) + Number(fields[at + 1])) * CLOCK_TICK_US;
};
// utime and stime: the process's own.
export const cpuOf = HAS_PROC ? (pid) => ticksOf(pid, 11) : null;
// cutime and cstime: this process's children it has waited for, so a finished command's own when read
// before it starts and after it ends.
const waitedChildrenCpu = HAS_PROC ? () => ticksOf('self', 13) : null;

/** A `listen --ui` server's inspector page, as its readiness line names it. */
export function inspectorUrlOf(server) {
  const url = /inspector: (http:\/\/\S+)/.exec(server.stderr())?.[1];
  if (!url) throw new Error('the server named no inspector page: is it listen --ui?');
  return url;
}

/**
 * Opens the inspector page's event stream (what the open page reads) from a process of its own, as
 * a browser would be, not inside the load generator's; resolves once connected. `close()` ends it and
 * resolves with how many bytes of rows it read.
 */
export function openPage(inspectorUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./page-client.mjs', import.meta.url)), inspectorUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const done = new Promise((finish) => child.once('close', () => finish(Number(out.trim()) || 0)));
    child.stderr.on('data', (chunk) => (String(chunk).includes('connected') ? resolve({ close: () => (child.kill('SIGTERM'), done) }) : reject(new Error(String(chunk)))));
    child.once('error', reject);
  });
}
