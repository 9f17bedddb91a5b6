// The open-file limit (ulimit -n). Past it, libuv accepts each new connection and closes it at once
// (so the listening socket does not spin), and neither Node nor whk hears of it: senders saw their
// connections closed unanswered while whk said nothing. Near the limit whk counts its open files and
// says once when it is reached. Linux only: the limit and the count are read from /proc/self.
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

// whk's margin: the files whk may open besides its connections (a capture file made anew, a
// forward's connection, the page's streams). Within it of the limit, each new connection counts them.
const MARGIN = 32;

/** Whose connections a watch counts, in its warning: the receiver's (the default), or the inspector page's. */
export interface WatchedServer {
  /** After "with N connections open": ' to the inspector page'. */
  held: string;
  /** What the system closes once the limit is reached. */
  closed: string;
  /** Who opened them, to open fewer. */
  opener: string;
  /** What becomes of a connection so closed: 'unanswered and not recorded' where a receiver would have recorded it. */
  lost: string;
}

const RECEIVER: WatchedServer = { held: '', closed: 'each new connection', opener: 'the sender', lost: 'unanswered and not recorded' };

/**
 * Watches the server's connections; `warn` is told once, when the open files reach the limit. Each of
 * whk's servers is watched: the page's connections take the files the receiver's would need too.
 */
export function watchOpenFiles(server: Server, warn: (message: string) => void, watched: WatchedServer = RECEIVER): void {
  const limit = openFileLimit();
  if (limit === undefined) return;
  const before = openFiles();
  if (typeof before !== 'number') return;
  let connections = 0;
  let told = false;
  const counted = (socket: Socket): void => {
    connections++;
    socket.once('close', () => connections--);
    if (told || before + connections < limit - MARGIN) return;
    const open = openFiles();
    if (open !== 'full' && (open === undefined || open < limit)) return;
    told = true;
    server.off('connection', counted);
    warn(`whk has reached the open-file limit (ulimit -n: ${limit}) with ${connections} connections open${watched.held}: the system closes ${watched.closed} before whk can read it, ${watched.lost}, until some close; raise the limit (ulimit -n ${Math.max(4096, limit * 4)}) or have ${watched.opener} open fewer at once`);
  };
  server.on('connection', counted);
}

/** The soft limit on open files, from /proc/self/limits; undefined where there is none to read (not Linux), or no limit. */
function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line?.[1] === undefined ? undefined : Number(line[1]);
  } catch {
    return undefined;
  }
}

/**
 * How many files the process has open (its connections and the listening socket among them), or
 * 'full' when the listing itself finds no descriptor free: a connection that took the last one is
 * the usual way the limit is reached, and then the count cannot be read at all.
 */
function openFiles(): number | 'full' | undefined {
  try {
    // The directory read has its own descriptor open while it is read, listed among them.
    return readdirSync('/proc/self/fd').length - 1;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EMFILE' || code === 'ENFILE' ? 'full' : undefined;
  }
}
