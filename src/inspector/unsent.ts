// What the page's server has written that its readers have not yet taken, over all its connections,
// held to a bound. An answer to a connection that does not read waits in whk's memory: a hundred
// such asking for a large session's rows (8 MB each) took the listener past 3 GB in half a minute.
// Before each write, the answers furthest behind are cut until what waits, with it, fits: a reader
// that keeps up takes what it is sent within moments, so one that stopped reading is what is cut (an
// EventSource cut reconnects and is sent a fresh snapshot).
import type { ServerResponse } from 'node:http';

// whk's choice: a few pages opening a live session's 50,000 rows at once (10 to 20 MB each) fit.
// Counted in characters: what waits takes more memory than that (its string and the bytes made of it).
export const MAX_UNSENT_BYTES = 64 * 1024 * 1024;

export interface UnsentLedger {
  /** Counts what waits unsent for `res` until it closes. */
  track(res: ServerResponse): void;
}

const ledgers = new WeakMap<ServerResponse, Ledger>();

type Ledger = (bytes: number, except: ServerResponse | undefined) => void;

export function createUnsentLedger(limit = MAX_UNSENT_BYTES): UnsentLedger & { makeRoom: Ledger } {
  const open = new Set<ServerResponse>();
  const makeRoom: Ledger = (bytes, except) => {
    let waiting = 0;
    for (const res of open) if (res !== except) waiting += res.writableLength;
    while (waiting + bytes > limit) {
      let furthest: ServerResponse | undefined;
      for (const res of open) if (res !== except && res.writableLength > (furthest?.writableLength ?? 0)) furthest = res;
      // Nothing else waits: one answer larger than the bound still goes out.
      if (furthest === undefined) return;
      waiting -= furthest.writableLength;
      open.delete(furthest);
      furthest.destroy();
    }
  };
  return {
    track(res) {
      open.add(res);
      ledgers.set(res, makeRoom);
      res.once('close', () => open.delete(res));
    },
    makeRoom,
  };
}

/** Before `bytes` more are written to `res`: room made for them among the answers of its server (never by cutting `res`). */
export function roomFor(res: ServerResponse, bytes: number): void {
  ledgers.get(res)?.(bytes, res);
}
