// vitest's global setup: every temporary file of a run goes under one directory made for it and
// removed when the run ends. The tests make hundreds of temporary directories (the replay test a
// 270 MB capture), and each left them in the system's temporary directory, run after run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each project of the config runs the global setup: the run's first call makes the directory, and
// the last teardown removes it.
let root: { path: string; users: number; previous: string | undefined } | undefined;

export default async function setup(): Promise<() => Promise<void>> {
  if (!root) {
    const path = await mkdtemp(join(tmpdir(), 'whk-test-'));
    root = { path, users: 0, previous: process.env.TMPDIR };
    // os.tmpdir() reads TMPDIR on every call, and the test workers and the binaries they start inherit it.
    process.env.TMPDIR = path;
  }
  root.users++;
  return async () => {
    if (!root || --root.users > 0) return;
    const { path, previous } = root;
    root = undefined;
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    // A browser or binary still closing may write into it meanwhile: retried, and a directory left
    // behind is told, never a failed run.
    await rm(path, { recursive: true, force: true, maxRetries: 5 }).catch((error: unknown) => console.warn(`could not remove the test run's temporary directory ${path}: ${String(error)}`));
  };
}
