// The rows' live feed, shared by every tab of the page. A browser opens at most six connections to
// one host, and an event stream holds one for as long as its tab is open: six tabs, each with its
// own stream, left none for a seventh tab to load, or for any tab to fetch a record's detail. So
// one tab (the one holding a Web Lock) reads the stream and relays each event to the others on a
// BroadcastChannel; a tab that joins fetches the rows so far once, and the next tab in line takes
// the stream over when the one holding it closes. Where the browser has no locks (an address
// other than localhost is no secure context), each tab reads a stream of its own, as before.
import { getJson } from './dom.js';
import type { RowTuple } from './row-wire.js';

export interface FeedHandlers {
  /** Every row so far, as the stream opens with them: the first time, or after a reconnect. */
  snapshot(rows: RowTuple[]): void;
  /** New rows (a tab that joined late may be given some it already has). */
  rows(rows: RowTuple[]): void;
  /** Whether the stream is connected. */
  connected(up: boolean): void;
  /** What /api/about says changed (a capture file replaced under the page). */
  about(): void;
}

/** What the tab holding the stream relays; `hello` is a joining tab asking whether the stream is up. */
type Relay = { event: 'snapshot' | 'rows'; data: string } | { event: 'open' | 'error' } | { event: 'hello' } | { event: 'about' };

// Locks and channels are per origin, so each receiver's page (its own port) has its own.
const NAME = 'whk-inspector-events';

export function openFeed(on: FeedHandlers): void {
  if (!navigator.locks || typeof BroadcastChannel === 'undefined') {
    readStream({ snapshot: (json) => on.snapshot(parse(json)), rows: (json) => on.rows(parse(json)), connected: on.connected, about: on.about });
    return;
  }
  const channel = new BroadcastChannel(NAME);
  let leading = false;
  let up: boolean | null = null;
  // A follower's rows that came before the rows so far: applied after them (the page drops those it has).
  let held: string[] | null = [];
  const deliver = (relay: Relay): void => {
    if (relay.event === 'snapshot') {
      held = null;
      on.snapshot(parse(relay.data));
    } else if (relay.event === 'rows') {
      if (held) held.push(relay.data);
      else on.rows(parse(relay.data));
    } else if (relay.event === 'about') {
      on.about();
    } else if (relay.event !== 'hello') {
      on.connected(relay.event === 'open');
    }
  };
  channel.addEventListener('message', (message: MessageEvent<Relay>) => {
    if (!leading) return deliver(message.data);
    if (message.data.event === 'hello' && up !== null) channel.postMessage({ event: up ? 'open' : 'error' } satisfies Relay);
  });
  const lead = (): Promise<never> => {
    leading = true;
    held = null;
    // Relayed as the stream's own text: a string is cheaper to pass between tabs than the rows.
    readStream({
      snapshot(json) {
        on.snapshot(parse(json));
        channel.postMessage({ event: 'snapshot', data: json } satisfies Relay);
      },
      rows(json) {
        on.rows(parse(json));
        channel.postMessage({ event: 'rows', data: json } satisfies Relay);
      },
      about() {
        on.about();
        channel.postMessage({ event: 'about' } satisfies Relay);
      },
      connected(now) {
        up = now;
        on.connected(now);
        channel.postMessage({ event: now ? 'open' : 'error' } satisfies Relay);
      },
    });
    // Held for as long as the tab is open: closing it hands the stream to the next tab in line.
    return new Promise<never>(() => undefined);
  };
  const follow = async (): Promise<void> => {
    channel.postMessage({ event: 'hello' } satisfies Relay);
    const rows = await getJson<RowTuple[]>('/api/rows');
    // A snapshot relayed meanwhile (the stream reconnected) is newer than this one.
    if (held === null) return;
    const waiting = held;
    held = null;
    on.snapshot(rows);
    for (const json of waiting) on.rows(parse(json));
  };
  void navigator.locks.request(NAME, { ifAvailable: true }, (lock) => {
    if (lock) return lead();
    void follow().catch(() => on.connected(false));
    void navigator.locks.request(NAME, lead);
    return undefined;
  });
}

const parse = (json: string): RowTuple[] => JSON.parse(json) as RowTuple[];

/** The stream itself, its events' data as they come. */
function readStream(on: { snapshot(json: string): void; rows(json: string): void; connected(up: boolean): void; about(): void }): void {
  const events = new EventSource('/api/events');
  events.addEventListener('snapshot', (event) => on.snapshot((event as MessageEvent<string>).data));
  events.addEventListener('rows', (event) => on.rows((event as MessageEvent<string>).data));
  events.addEventListener('about', () => on.about());
  events.addEventListener('open', () => on.connected(true));
  events.addEventListener('error', () => on.connected(false));
}
