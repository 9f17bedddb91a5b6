// The answers that hold the thread a long while (a record's detail, a diff: 0.5 to 1 s of
// pretty-printing and comparing bodies of a few MB), made one at a time, a turn of the event loop
// between two. Asked for at once, they ran back to back: ten diffs of two 3 MB bodies left the
// page's server, and the receiver beside it, answering nothing else for 8 s (by hand). Now they
// wait for each other, and what else arrived is answered between two.
import type { ServerResponse } from 'node:http';

/** Runs each `make` after the one before it has ended, on a later turn; skipped when the asker of `res` has gone meanwhile. */
export function createTurns(): (res: ServerResponse, make: () => Promise<void>) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return (res, make) => {
    const turn = last.then(nextTurn).then(() => (res.socket === null || res.socket.destroyed ? undefined : make()));
    last = turn.catch(() => undefined);
    return turn;
  };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
