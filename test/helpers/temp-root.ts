// vitest's global setup: every temporary file of a run goes under one directory made for it and
// removed when the run ends. The tests make hundreds of temporary directories (the replay test a
// 270 MB capture), and each left them in the system's temporary directory, run after run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Root {
  path: string;
  /** The projects whose teardown has not run yet. */
  users: number;
  previous: string | undefined;
  previousCaCerts: string | undefined;
}

// Each project of the config runs the global setup, in one process but each from a module of its
// own: the directory is kept on globalThis, so the first makes it and the last removes it. (Made
// once per project, they nested, and the longer paths wrapped the wizard tests' lines.)
const SHARED = Symbol.for('whk.test-temp-root');
const shared = globalThis as { [SHARED]?: Root };

export default async function setup(): Promise<() => Promise<void>> {
  if (!shared[SHARED]) {
    const previous = process.env.TMPDIR;
    shared[SHARED] = { path: await mkdtemp(join(tmpdir(), 'whk-test-')), users: 0, previous, previousCaCerts: process.env.NODE_EXTRA_CA_CERTS };
    // os.tmpdir() reads TMPDIR on every call, and the test workers and the binaries they start inherit it.
    process.env.TMPDIR = shared[SHARED].path;
    // Node reads NODE_EXTRA_CA_CERTS's bundle as each process starts (a machine's whole store: 45 ms
    // of CPU a process here), and the tests start some 1,700 whk processes that talk only to loopback.
    // The https test sets it itself, to the certificate it trusts.
    delete process.env.NODE_EXTRA_CA_CERTS;
  }
  const root = shared[SHARED];
  root.users++;
  return async () => {
    if (--root.users > 0) return;
    delete shared[SHARED];
    if (root.previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = root.previous;
    if (root.previousCaCerts !== undefined) process.env.NODE_EXTRA_CA_CERTS = root.previousCaCerts;
    // A browser or binary still closing may write into it meanwhile: retried, and a directory left
    // behind is told, never a failed run.
    await rm(root.path, { recursive: true, force: true, maxRetries: 5 }).catch((error: unknown) => console.warn(`could not remove the test run's temporary directory ${root.path}: ${String(error)}`));
  };
}
