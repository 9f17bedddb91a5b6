// The inspector page: rows arrive by server-sent events (a snapshot, then new ones; page/feed.ts), filters
// narrow them (kind and verdict here; path and free text by the server's search), and the pane on
// the right shows one request's detail or the diff of two. The hash (#12, #diff-3-5) names it.
import type { About, Detail, Diff, Row, SearchAnswer } from '../wire.js';
import { ApiError, byId, clear, el, getJson } from './dom.js';
import { countText as wordedCount, failedSearchCount } from './count-text.js';
import { renderDetail } from './detail.js';
import { renderDiff } from './diff.js';
import { checkBeforeDownload } from './download.js';
import { createList } from './list.js';
import { decodeRow } from './row-wire.js';
import { openFeed } from './feed.js';
import { kindChoices } from './kind-filter.js';
import { listenForKeys } from './keys.js';
import { missingText } from './missing-text.js';

const all: Row[] = [];
let shown: Row[] = [];
// The server's answer for the path and text filters (it reads a row's whole target and the record); null: neither is set.
let searchMatches: Set<number> | null = null;
// How many records that search could not read back (so could not match): the count says so.
let searchUnreadable = 0;
// Why the search in force could not be made (refused, or no answer): then nothing is shown as matching it.
let searchFailure: string | null = null;
let picked: ReadonlySet<number> = new Set();
let about: About = { source: '', live: true, download: true, keep: null, notice: null };

const filters = {
  kind: byId<HTMLSelectElement>('filter-kind'),
  verdict: byId<HTMLSelectElement>('filter-verdict'),
  path: byId<HTMLInputElement>('filter-path'),
  text: byId<HTMLInputElement>('filter-text'),
};
const kinds = kindChoices(filters.kind);
const pane = byId<HTMLElement>('detail');
const count = byId<HTMLElement>('count');
const announcer = byId<HTMLElement>('announce');
const empty = byId<HTMLElement>('empty');
const diffButton = byId<HTMLButtonElement>('diff-button');
const list = createList({ table: byId('requests'), scroller: byId('rows'), spacer: byId('spacer') }, {
  onSelect: (id) => go(`#${id}`),
  onCheck(checked) {
    picked = checked;
    diffButton.disabled = checked.size !== 2;
    diffButton.textContent = diffLabel(checked.size);
  },
});

/** Shows what `hash` names; asked again for what is shown (after a failed load, say), loads it again. */
function go(hash: string): void {
  if (location.hash === hash) route();
  else location.hash = hash;
}

/** What the diff button asks for: exactly two ticked requests. */
function diffLabel(ticked: number): string {
  if (ticked === 2) return 'Diff selected';
  if (ticked > 2) return `Diff (untick ${ticked - 2})`;
  return `Diff (pick ${2 - ticked} more)`;
}

function passes(row: Row): boolean {
  if (filters.kind.value !== '' && (row.kind ?? '(none)') !== filters.kind.value) return false;
  const verdict = filters.verdict.value;
  // Warnings go with any verdict: that choice asks for them, not for a verdict.
  if (verdict === 'warnings' ? row.warnings === 0 : verdict !== '' && row.verdict !== verdict) return false;
  return searchMatches === null || searchMatches.has(row.id);
}

function refilter(keepInView = false): void {
  shown = all.filter(passes);
  list.show(shown, keepInView);
  updateCount();
}

/** The reader changed a filter: the list is drawn again and a screen reader told what it holds now. */
function filterChanged(): void {
  refilter();
  announceShown();
}

let announceTimer = 0;
/**
 * Says, in the status region, how many requests the filters let through, once the reader stops
 * changing them (a word per keystroke in the path would talk over itself). Arriving requests are
 * not announced: a busy sender would keep a screen reader talking.
 */
function announceShown(): void {
  clearTimeout(announceTimer);
  announceTimer = window.setTimeout(() => {
    announcer.textContent = searchFailure !== null ? countText() : shown.length === 0 && all.length > 0 ? 'No request matches the filters.' : `${countText()} shown`;
  }, 400);
}

const countText = (): string => searchFailure !== null ? failedSearchCount(all.length) : wordedCount(shown.length, all.length, all[0]?.id ?? 1, about.keep, searchMatches === null ? 0 : searchUnreadable);

function updateCount(): void {
  count.textContent = countText();
  // An empty list always says why: nothing yet, or nothing the filters let through.
  empty.hidden = shown.length > 0;
  empty.textContent = all.length === 0 ? (about.live ? 'Waiting for requests…' : 'No requests.') : searchFailure !== null ? `The search failed: ${searchFailure}` : 'No request matches the filters.';
}

/**
 * A live session keeps its newest records only: the page lets go of the same rows the server did.
 * They are the oldest, at the bottom of the list, so what the reader sees does not move.
 */
function dropEvicted(): number {
  if (about.keep === null || all.length <= about.keep) return Number.NEGATIVE_INFINITY;
  all.splice(0, all.length - about.keep);
  const oldest = all[0]?.id ?? Number.POSITIVE_INFINITY;
  list.keepChecked((id) => id >= oldest);
  let gone = 0;
  while (gone < shown.length && (shown[gone]?.id ?? oldest) < oldest) gone++;
  shown.splice(0, gone);
  return oldest;
}

function received(rows: readonly Row[]): void {
  for (const row of rows) all.push(row);
  kinds.note(rows);
  showIfNamed(rows);
  const oldest = dropEvicted();
  // Under a path or text filter, whether a new request matches is the server's to say.
  const passing = searchMatches === null ? rows.filter((row) => row.id >= oldest && passes(row)) : [];
  if (searchMatches !== null) searchAgain();
  for (const row of passing) shown.push(row);
  list.grew(passing.length);
  updateCount();
}

/** A record the hash names but the server did not have yet has come: show it. */
function showIfNamed(rows: readonly Row[]): void {
  // Or a number the page showed before whk started again, asked for by a route still waiting for its
  // answer: that answer may be the new request's, which would be shown without the note it calls for.
  const arrived = rows.filter((row) => missing.includes(row.id) || (asked.includes(row.id) && former.has(row.id)));
  // A number the page showed before whk started again, reached by the new session only now.
  const renamed = arrived.filter((row) => !sameRequest(former.get(row.id), row)).map((row) => row.id);
  for (const row of rows) former.delete(row.id);
  if (arrived.length > 0) route(renamed);
}

// The rows of the session before whk started again that the new one has not reached (yet): their
// numbers name other requests when they come. Without this, #3 open when whk stopped showed the new
// session's #3 in its place, without a word, once that arrived.
let former = new Map<number, Row>();
// Requests shown that the list did not hold (yet): until the next snapshot, part of what the page knew.
const opened = new Map<number, Row>();

/** Whether two rows of one number are the same request (true when there was none before). */
function sameRequest(before: Row | undefined, now: Row): boolean {
  return before === undefined || (before.time === now.time && before.method === now.method && before.path === now.path && before.size === now.size);
}

/**
 * A reconnect's snapshot may be another session's (whk listen started again on the same port): its
 * ids name other requests. Ticks and the pane keep only what is still the same request.
 */
function reconnected(before: ReadonlyMap<number, Row>): void {
  const now = new Map(all.map((row) => [row.id, row]));
  const same = (id: number): boolean => {
    const [a, b] = [before.get(id), now.get(id)];
    return a !== undefined && b !== undefined && sameRequest(a, b);
  };
  former = new Map([...before].filter(([id]) => !now.has(id)));
  kinds.reset(all);
  list.keepChecked(same);
  void getJson<About>('/api/about').then(showAbout, () => undefined);
  refilter();
  if (searchMatches !== null) void search().catch(searchFailed);
  const named = (location.hash.match(/\d+/g) ?? []).map(Number);
  // A number the page showed that now names another request: shown, saying so, not swapped silently.
  const renamed = named.filter((id) => before.has(id) && now.has(id) && !same(id));
  if (pane.querySelector('.placeholder.bad') !== null || !named.every(same)) route(renamed);
}

let searchTimer = 0;
let searchRound = 0;
// The search in flight, cancelled by the next one so the server stops reading records for it.
let searchInFlight: AbortController | null = null;
// Rows arrived while a search was in flight: it could not see them, so another follows it.
let rowsSinceSearch = false;
// The path and text of the search shown last: a search for others is a filter the reader changed.
let searched = JSON.stringify(['', '']);
const runSearch = (): void => {
  searchTimer = 0;
  void search().catch(searchFailed);
};

// Node refuses a request line and headers past 16 KiB (answered 431): a longer search goes as a POST's body.
const SEARCH_GET_CHARS = 8 * 1024;

function askSearch(text: string, path: string, signal: AbortSignal): Promise<SearchAnswer> {
  const query = new URLSearchParams({ q: text, path }).toString();
  if (query.length <= SEARCH_GET_CHARS) return getJson<SearchAnswer>(`/api/search?${query}`, { signal });
  return getJson<SearchAnswer>('/api/search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: text, path }), signal });
}

/** The search could not be made: no request is shown as matching it (all of them did), and the list says why. */
function searchFailed(error: unknown): void {
  searchFailure = error instanceof Error ? error.message : String(error);
  [searchMatches, searchUnreadable] = [new Set(), 0];
  filterChanged();
}

/** The path or text changed: the newest is searched once typing pauses. */
function scheduleSearch(): void {
  clearTimeout(searchTimer);
  searchTimer = window.setTimeout(runSearch, 150);
}

/**
 * Rows arrived under a path or text filter: whether they match is the server's to say. A search already
 * waiting will see them and one in flight is followed by another, never postponed or cancelled,
 * so rows arriving faster than the wait cannot keep the filter from ever being brought up to date.
 */
function searchAgain(): void {
  if (searchTimer !== 0) return;
  if (searchInFlight !== null) {
    rowsSinceSearch = true;
    return;
  }
  searchTimer = window.setTimeout(runSearch, 150);
}

async function search(): Promise<void> {
  const [text, path] = [filters.text.value.trim(), filters.path.value.trim()];
  const round = ++searchRound;
  searchInFlight?.abort();
  const controller = (searchInFlight = text === '' && path === '' ? null : new AbortController());
  rowsSinceSearch = false;
  let answer: SearchAnswer | null = null;
  try {
    if (controller) answer = await askSearch(text, path, controller.signal);
  } catch (error) {
    // A search given up for a newer one: that one says how it went.
    if (controller?.signal.aborted || round !== searchRound) return;
    throw error;
  } finally {
    if (searchInFlight === controller) searchInFlight = null;
  }
  if (round !== searchRound) return;
  searchMatches = answer && new Set(answer.ids);
  searchUnreadable = answer?.unreadable ?? 0;
  searchFailure = null;
  const asked = JSON.stringify([text, path]);
  // The same search again (new rows came): what matched stays where the reader sees it, as grew() keeps it unfiltered.
  if (asked === searched) refilter(true);
  else filterChanged();
  searched = asked;
  if (rowsSinceSearch) searchAgain();
}

// The record whose secrets were asked for: another record opens masked again.
let revealedFor: number | null = null;
// The records the hash names that the server does not have (yet): shown when they arrive.
let missing: number[] = [];
// The records the route in flight asked the server for, until its answer came.
let asked: number[] = [];
let routeRound = 0;

/**
 * Shows what the hash names; an answer that arrives after the hash moved on is dropped. `renamed`:
 * numbers it names that named other requests before whk started again, said above what is shown.
 */
function route(renamed: readonly number[] = []): void {
  const round = ++routeRound;
  const current = (): boolean => round === routeRound;
  missing = [];
  asked = (location.hash.match(/\d+/g) ?? []).map(Number);
  const settled = (): void => {
    if (current()) asked = [];
  };
  const shown = showRoute(current).then(() => {
    settled();
    if (!current() || renamed.length === 0) return;
    const numbers = renamed.map((id) => `#${id}`).join(' and ');
    pane.prepend(el('div', { class: 'note bad session-note', text: `whk started again: ${numbers} ${renamed.length === 1 ? 'is' : 'are'} this session's, not the request${renamed.length === 1 ? '' : 's'} this address showed before.` }));
  });
  shown.catch((error: unknown) => {
    settled();
    if (!current()) return;
    if (!(error instanceof ApiError && error.status === 404)) return showError(error);
    const named = (location.hash.match(/\d+/g) ?? []).map(Number);
    const absent = named.filter((id) => !all.some((row) => row.id === id));
    missing = error.missing?.length ? error.missing : absent.length > 0 ? absent : named;
    showError(missingText(missing, location.hash.match(/\d+/g) ?? [], about, error.newest));
  });
}

async function showRoute(current: () => boolean): Promise<void> {
  const hash = location.hash.slice(1);
  const diff = /^diff-(\d+)-(\d+)$/.exec(hash);
  if (diff) {
    list.select(null);
    const value = await getJson<Diff>(`/api/diff?a=${diff[1]}&b=${diff[2]}`);
    if (current()) renderDiff(pane, value, (id) => go(`#${id}`));
    return;
  }
  const id = /^\d+$/.test(hash) ? Number(hash) : null;
  list.select(id);
  if (id === null) {
    clear(pane);
    pane.append(el('div', { class: 'placeholder' }, [el('p', { text: 'Select a request to see its headers, body and verdict.' }), el('p', { class: 'hint', text: 'Tick two requests to diff them (Space ticks a row); ↑ ↓ move through the list, Enter opens a row, Esc closes.' })]));
    return;
  }
  const showSecrets = revealedFor === id;
  const detail = await getJson<Detail>(`/api/records/${id}${showSecrets ? '?secrets=1' : ''}`);
  if (!current()) return;
  if (!all.some((row) => row.id === id)) opened.set(id, detail.row);
  renderDetail(pane, detail, showSecrets, {
    open: (other) => go(`#${other}`),
    reveal(show) {
      revealedFor = show ? id : null;
      route();
    },
  });
}

/** An API call that failed, said in the pane (`what` names the action, when it is not showing the pane). */
function showError(error: unknown, what?: string): void {
  const message = error instanceof Error ? error.message : String(error);
  clear(pane);
  pane.append(el('div', { class: 'placeholder bad', text: what === undefined ? message : `${what}: ${message}` }));
}

function showAbout(next: About): void {
  about = next;
  byId('source').textContent = about.source;
  byId('source').title = about.source;
  const notice = byId('notice');
  notice.textContent = about.notice;
  notice.hidden = about.notice === null;
  showState();
}

// Whether the stream is connected; null before it first says.
let connectedNow: boolean | null = null;

/**
 * The badge: disconnected, or what the page's source is. Drawn again with each About, as another whk
 * started on the port (a receiver where `whk inspect` was) is a source of another sort.
 */
function showState(): void {
  if (connectedNow === null) return;
  const state = byId('state');
  state.textContent = !connectedNow ? 'disconnected' : about.live ? 'live' : 'capture file';
  state.className = !connectedNow ? 'state down' : about.live ? 'state live' : 'state file';
}

function connect(): void {
  let snapshots = 0;
  openFeed({
    snapshot(tuples) {
      const rows = tuples.map(decodeRow);
      // What the page knew: its rows, and requests it showed that they lacked (opened: its stream can first connect to whk started again).
      const known = new Map([...opened, ...all.map((row) => [row.id, row] as const)]);
      const before = snapshots++ === 0 && known.size === 0 ? null : known;
      opened.clear();
      all.length = 0;
      for (const row of rows) all.push(row);
      if (before) return reconnected(before);
      kinds.note(rows);
      refilter();
      // The rows so far can come after the hash was found missing (a tab that joins reads them late).
      showIfNamed(rows);
    },
    rows(tuples) {
      // A tab that joined late may be relayed rows its snapshot already held; ids only grow.
      const newest = all.at(-1)?.id ?? 0;
      const rows = tuples.map(decodeRow).filter((row) => row.id > newest);
      if (rows.length > 0) received(rows);
    },
    about: () => void getJson<About>('/api/about').then(showAbout, () => undefined),
    connected(up) {
      connectedNow = up;
      showState();
    },
  });
}

async function start(): Promise<void> {
  showAbout(await getJson<About>('/api/about'));
  connect();
  for (const input of [filters.kind, filters.verdict]) input.addEventListener('change', filterChanged);
  filters.path.addEventListener('input', scheduleSearch);
  filters.text.addEventListener('input', scheduleSearch);
  diffButton.addEventListener('click', () => {
    const [a, b] = [...picked].sort((x, y) => x - y);
    if (a !== undefined && b !== undefined) go(`#diff-${a}-${b}`);
  });
  listenForKeys(list, go, route);
  checkBeforeDownload(byId<HTMLAnchorElement>('download'), (error) => showError(error, 'Download capture'));
  window.addEventListener('hashchange', () => route());
  route();
}

start().catch(showError);
