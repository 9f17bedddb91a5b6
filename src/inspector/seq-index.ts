// Which kept record holds a request's seq: the latest one (a capture file may hold several sessions,
// each numbering from 1). In a live session, and in each session of a file, seqs and catalogue ids
// both count up by one, so the index keeps runs (seq s..s+n-1 are ids i..i+n-1), not an entry per
// record: a 50,000-entry Map set and deleted once a request was most of the open page's map work
// (perf, by hand: 1.5 µs a request, 0.5 with the runs). Past MAX_RUNS runs (seqs that do not follow
// on, as in a file written by hand) it keeps a Map instead, so a lookup never scans more than MAX_RUNS.

export interface SeqIndex {
  /** Record `id` (ids only grow) holds `seq`. */
  add(seq: number, id: number): void;
  /** The id of the latest record kept that holds `seq`. */
  get(seq: number): number | undefined;
  /** Record `id`, holding `seq`, is no longer kept: always the oldest kept (eviction is oldest first). */
  forget(seq: number, id: number): void;
}

interface Run {
  seq: number;
  id: number;
  length: number;
}

const MAX_RUNS = 64;

export function createSeqIndex(): SeqIndex {
  let runs: Run[] = [];
  let map: Map<number, number> | null = null;
  const toMap = (): Map<number, number> => {
    const entries = new Map<number, number>();
    // Oldest first, so the latest holder of a seq is the one left.
    for (const run of runs) for (let k = 0; k < run.length; k++) entries.set(run.seq + k, run.id + k);
    runs = [];
    return entries;
  };
  return {
    add(seq, id) {
      if (map) {
        map.set(seq, id);
        return;
      }
      const last = runs[runs.length - 1];
      if (last && seq === last.seq + last.length && id === last.id + last.length) last.length++;
      else if (runs.push({ seq, id, length: 1 }) > MAX_RUNS) (map = toMap()).set(seq, id);
    },
    get(seq) {
      if (map) return map.get(seq);
      for (let i = runs.length - 1; i >= 0; i--) {
        const run = runs[i] as Run;
        if (seq >= run.seq && seq < run.seq + run.length) return run.id + (seq - run.seq);
      }
      return undefined;
    },
    forget(seq, id) {
      if (map) {
        if (map.get(seq) === id) map.delete(seq);
        return;
      }
      const first = runs[0];
      if (!first || first.id !== id) return;
      first.seq++;
      first.id++;
      if (--first.length === 0) runs.shift();
    },
  };
}
