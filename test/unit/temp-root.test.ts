// The tests' global setup (test/helpers/temp-root.ts) gives the run one temporary directory, removed
// at its end: every test's os.tmpdir() is that directory, not the system's.
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

describe("the test run's temporary directory", () => {
  it('is one directory made for the run, straight under the one the run started with', () => {
    const root = tmpdir();
    expect(basename(root)).toMatch(/^whk-test-/);
    expect(statSync(root).isDirectory()).toBe(true);
    // Made once for both projects of the config, not one inside the other.
    expect(basename(dirname(root))).not.toMatch(/^whk-test-/);
  });
});
