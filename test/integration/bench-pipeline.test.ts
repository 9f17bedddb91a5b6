// The bench runs outside npm test, so a change to the receiver's pipeline config can break it
// unseen (it did once: a new `shaping` field). This runs its in-process pipeline for a moment
// against the built dist: whk's pipeline must judge the sample valid and make a capture line.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../bench/pipeline.mjs', import.meta.url));

describe('bench/pipeline.mjs', () => {
  it('runs whk\'s pipeline as listen --save configures it and reports a row', () => {
    const env = { ...process.env, BENCH_ROUNDS: '1', BENCH_PIPELINE_REQUESTS: '200' };
    const child = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8', timeout: 60_000, env });
    expect(child.status, child.stderr).toBe(0);
    const row = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as { bench: string; whk: number; baseline: number };
    expect(row.bench).toBe("receiver: pipeline in process / floor's work in process");
    expect(row.whk).toBeGreaterThan(0);
    expect(row.baseline).toBeGreaterThan(0);
  });
});
