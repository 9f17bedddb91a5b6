// listen --ui: the inspector page starts after the receiver (it names the receiver's URL), so the
// requests answered meanwhile are held and handed to the page first, in order, when it is up.
import type { RecordListener } from '../inspector/source.js';
import type { ReceiverEvent } from '../receiver/server.js';

export type PageAdd = (...request: Parameters<RecordListener>) => void;

export interface PageFeed {
  /** Told every receiver event, from before the port opens. */
  event(event: ReceiverEvent): void;
  /** From now on each request goes to `add`; those held so far go first, in order. */
  attach(add: PageAdd): void;
}

/** Holds the requests answered while the page starts, then hands them and every later one to it. */
export function createPageFeed(): PageFeed {
  let held: Parameters<RecordListener>[] | null = [];
  let add: PageAdd | undefined;
  return {
    event(event) {
      if (event.type !== 'request') return;
      if (add) add(event.record, event.line, event.placement);
      else held?.push([event.record, event.line, event.placement]);
    },
    attach(to) {
      for (const request of held ?? []) to(...request);
      held = null;
      add = to;
    },
  };
}
