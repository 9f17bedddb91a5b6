// A quick check of flat memory: validating a ~50 MB NDJSON file must stay under 150 MB peak RSS and
// grow little over a 5 MB one. The 1 GB run is `node bench/validate-memory.mjs` (not in npm test).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../bench/validate-memory.mjs', import.meta.url));

interface Run {
  size: string;
  code: number;
  peakRss: number;
  payloads: number;
  summary: string;
}

describe('whk validate memory', () => {
  it('stays flat: 50 MB of NDJSON under 150 MB peak RSS, within 30 MB of a 5 MB file', () => {
    const child = spawnSync(process.execPath, [SCRIPT, '5mb', '50mb', '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    const [small, large] = child.stdout.trim().split('\n').map((line) => JSON.parse(line) as Run);
    expect(large?.summary).toBe(`${large?.payloads} payloads in 1 file: ${large?.payloads} valid, 0 invalid · impressions ×${large?.payloads} (detected)`);
    expect(large?.peakRss).toBeGreaterThan(0);
    expect(large?.peakRss).toBeLessThan(150 * 1024 ** 2);
    expect((large?.peakRss ?? 0) - (small?.peakRss ?? 0)).toBeLessThan(30 * 1024 ** 2);
  });
});
