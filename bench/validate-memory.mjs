#!/usr/bin/env node
// Does `whk validate` keep its memory flat? Writes NDJSON files of impression batches of the given
// sizes into the temp dir, validates each with the real binary, and prints the peak RSS of each run.
//   node bench/validate-memory.mjs [sizes...] [--json] [--keep]      (default sizes: 10mb 1gb)
// Needs `npm run build` first. Peak RSS comes from /usr/bin/time -v when present, else from
// polling the child's VmHWM in /proc (Linux; forced with WHK_BENCH_POLL=1).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'whk.js');
const UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)(b|kb|mb|gb)$/i.exec(text);
  if (!match) throw new Error(`bad size '${text}' (use e.g. 50mb, 1gb)`);
  return Math.round(Number(match[1]) * UNITS[match[2].toLowerCase()]);
}

/** Writes `bytes` of NDJSON, one impressions batch (20 impressions) per line, from 64 distinct samples. */
export async function writeImpressionsNdjson(path, bytes) {
  const { getKind } = await import(join(ROOT, 'dist', 'kinds', 'index.js'));
  const kind = getKind('impressions');
  const variants = ['default', 'with-properties', 'minimal'];
  const lines = Array.from({ length: 64 }, (_, i) => `${JSON.stringify(kind.sample({ seed: i + 1, variant: variants[i % 3], count: 20 }))}\n`);
  const out = createWriteStream(path);
  let written = 0;
  let count = 0;
  while (written < bytes) {
    const line = lines[count % lines.length];
    count++;
    written += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes: written, payloads: count };
}

/** Runs `node bin/whk.js validate FILE`; resolves with exit code, seconds and peak RSS in bytes. */
export async function measureValidate(path) {
  const useTime = existsSync('/usr/bin/time') && process.env['WHK_BENCH_POLL'] !== '1';
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const args = useTime ? ['-v', process.execPath, BIN, 'validate', path] : [BIN, 'validate', path];
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let polled = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        try {
          const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (hwm) polled = Math.max(polled, Number(hwm[1]) * 1024);
        } catch {
          // the child has exited
        }
      }, 20);
  const [code] = await once(child, 'close');
  if (poll) clearInterval(poll);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const timed = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const peakRss = timed ? Number(timed[1]) * 1024 : polled;
  const summary = stderr.split('\n').find((line) => line.includes(' payloads in ')) ?? '';
  return { code, seconds, peakRss, summary, method: timed ? '/usr/bin/time -v' : '/proc VmHWM polling' };
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const keep = args.includes('--keep');
  const sizes = args.filter((a) => !a.startsWith('--'));
  if (!existsSync(join(ROOT, 'dist', 'kinds', 'index.js'))) throw new Error('run `npm run build` first');
  const results = [];
  for (const size of sizes.length ? sizes : ['10mb', '1gb']) {
    const path = join(tmpdir(), `whk-validate-memory-${size}-${process.pid}.ndjson`);
    try {
      const file = await writeImpressionsNdjson(path, parseSize(size));
      const run = await measureValidate(path);
      const result = { size, bytes: statSync(path).size, payloads: file.payloads, ...run, mbPerSecond: statSync(path).size / 1024 ** 2 / run.seconds };
      results.push(result);
      if (json) console.log(JSON.stringify(result));
      else
        console.log(
          `${size.padEnd(6)} ${(result.bytes / 1024 ** 2).toFixed(0).padStart(6)} MB  ${String(result.payloads).padStart(9)} batches  ` +
            `exit ${result.code}  ${result.seconds.toFixed(1)} s (${result.mbPerSecond.toFixed(0)} MB/s)  peak RSS ${(result.peakRss / 1024 ** 2).toFixed(1)} MB  [${result.method}]`,
        );
    } finally {
      if (!keep) rmSync(path, { force: true });
    }
  }
  if (results.some((r) => r.code !== 0)) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(`error: ${error.message}`);
    process.exitCode = 2;
  });
}
