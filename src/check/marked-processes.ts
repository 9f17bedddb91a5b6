// Finds what a sender command started outside its process group (`setsid`, a shell's `set -m`),
// which the group's kill misses: each such process inherited a variable whk set for that command
// alone, and Linux shows a process's environment in /proc/PID/environ. Jenkins' ProcessTreeKiller
// finds a build's processes by the same kind of mark. Elsewhere (no /proc) none are found.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';

/** Rounds of find-and-kill: a process forking while it is killed leaves a child the next round finds. */
const ROUNDS = 4;

/** A variable name of its own for each command: a command nested in another keeps the outer one's too. */
export function newMark(): string {
  return `WHK_RUN_${randomBytes(12).toString('hex')}`;
}

/** Files read at once: a thousand processes read together could run out of file descriptors, and miss some. */
const BATCH = 32;

/** The ids of the processes (but this one) whose environment holds `mark`; [] where /proc is not. */
export async function findMarked(mark: string): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`${mark}=`);
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => pid !== process.pid);
  // Another user's process cannot be read (EACCES), and one may end while it is read: neither is ours to kill.
  const holds = (pid: number): Promise<boolean> => readFile(`/proc/${pid}/environ`).then((environ) => environ.includes(needle), () => false);
  const found: number[] = [];
  for (let at = 0; at < pids.length; at += BATCH) {
    const batch = pids.slice(at, at + BATCH);
    const held = await Promise.all(batch.map(holds));
    found.push(...batch.filter((_, i) => held[i]));
  }
  return found;
}

/** SIGKILLs every process still holding `mark`, in a few rounds at most (one pass over /proc each). */
export async function killMarked(mark: string): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    const pids = await findMarked(mark);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
