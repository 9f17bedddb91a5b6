// Shared pieces of the benchmarks: timing child processes, medians, and the result record each
// bench script prints (one JSON line per figure, gathered into a table by bench/run.mjs).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/whk.js', import.meta.url));
export const RSS_PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a command to completion; resolves with wall time (ms), exit code, output and peak RSS (bytes, when probed). */
export function timeCommand(command, args, { env = {}, input, probeRss = false } = {}) {
  return new Promise((resolve, reject) => {
    const finalArgs = probeRss && command === process.execPath ? ['--import', RSS_PROBE, ...args] : args;
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
      resolve({ ms, code, stdout, stderr, maxRss: rss ? Number(rss[1]) : undefined });
    });
    child.stdin.end(input ?? '');
  });
}

/**
 * One figure: whk's value, the baseline's, their ratio, and the target. `higherIsBetter` says
 * which way the ratio must go (throughput: ratio ≥ target; time: ratio ≤ target).
 */
export function report({ name, unit, whk, baseline, target, higherIsBetter, note }) {
  const ratio = whk / baseline;
  const met = higherIsBetter ? ratio >= target : ratio <= target;
  const record = { bench: name, unit, whk: round(whk), baseline: round(baseline), ratio: round(ratio, 3), target: `${higherIsBetter ? '≥' : '≤'} ${target}`, met, ...(note ? { note } : {}) };
  process.stdout.write(`${JSON.stringify(record)}\n`);
  return record;
}

export function round(value, decimals = 1) {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
