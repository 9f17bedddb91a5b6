// `npm run bench`: runs every benchmark script in turn and prints the final table of ratios.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPTS = ['startup.mjs', 'validate.mjs', 'receiver.mjs', 'receiver-side-by-side.mjs', 'pipeline.mjs', 'sender.mjs'];
// Run only when named (`npm run bench -- instructions`): valgrind counts take minutes of their own.
const OPT_IN = ['instructions.mjs'];
const only = process.argv.slice(2);
const results = [];
// A name picks the script it names whole (`receiver`: receiver.mjs, not receiver-side-by-side.mjs),
// else the one it begins (`receiver-side`).
const pick = (name) => {
  const all = [...SCRIPTS, ...OPT_IN];
  const found = all.includes(`${name}.mjs`) ? [`${name}.mjs`] : all.filter((s) => s.startsWith(name));
  if (found.length === 0) {
    process.stderr.write(`no bench script is named ${name}: ${all.map((s) => s.replace(/\.mjs$/, '')).join(', ')}\n`);
    process.exit(2);
  }
  return found;
};
const chosen = only.length === 0 ? SCRIPTS : [...new Set(only.flatMap(pick))];

for (const script of chosen) {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  process.stderr.write(`\n== ${script}\n`);
  const lines = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}`))));
  });
  for (const line of lines.split('\n')) if (line.startsWith('{')) results.push(JSON.parse(line));
}

const rows = results.map((r) => [r.bench, `${r.whk} ${r.unit}`, `${r.baseline} ${r.unit}`, String(r.ratio), r.spread ?? '—', r.target, r.met === null ? 'reference' : r.met ? 'met' : 'NOT met']);
// `spread`: the lowest and highest of the paired ratios whose median is the ratio (lib.mjs, paired).
const header = ['benchmark', 'whk', 'baseline', 'ratio', 'spread', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(['', line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
