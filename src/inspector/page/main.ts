// The inspector page: rows arrive by server-sent events (a snapshot, then new ones), filters
// narrow them (kind, verdict and path here; free text by the server's search), and the pane on
// the right shows one request's detail or the diff of two. The hash (#12, #diff-3-5) names it.
import type { About, Detail, Diff, Row } from '../wire.js';
import { byId, clear, el, getJson } from './dom.js';
import { renderDetail } from './detail.js';
import { renderDiff } from './diff.js';
import { createList } from './list.js';
import { decodeRow, type RowTuple } from './row-wire.js';

const all: Row[] = [];
let shown: Row[] = [];
let textMatches: Set<number> | null = null;
let picked: ReadonlySet<number> = new Set();
const kinds = new Set<string>();

const filters = {
  kind: byId<HTMLSelectElement>('filter-kind'),
  verdict: byId<HTMLSelectElement>('filter-verdict'),
  path: byId<HTMLInputElement>('filter-path'),
  text: byId<HTMLInputElement>('filter-text'),
};
const pane = byId<HTMLElement>('detail');
const count = byId<HTMLElement>('count');
const diffButton = byId<HTMLButtonElement>('diff-button');
const list = createList(byId('rows'), byId('spacer'), {
  onSelect: (id) => (location.hash = `#${id}`),
  onCheck(checked) {
    picked = checked;
    diffButton.disabled = checked.size !== 2;
    diffButton.textContent = checked.size === 2 ? 'Diff selected' : `Diff (pick ${2 - Math.min(checked.size, 2)} more)`;
  },
});

function passes(row: Row): boolean {
  const path = filters.path.value.trim();
  if (filters.kind.value !== '' && (row.kind ?? '(none)') !== filters.kind.value) return false;
  if (filters.verdict.value !== '' && row.verdict !== filters.verdict.value) return false;
  if (path !== '' && !`${row.path}${row.query}`.includes(path)) return false;
  return textMatches === null || textMatches.has(row.id);
}

function refilter(): void {
  shown = all.filter(passes);
  list.show(shown);
  updateCount();
}

function updateCount(): void {
  count.textContent = shown.length === all.length ? `${all.length} request${all.length === 1 ? '' : 's'}` : `${shown.length} of ${all.length} requests`;
  byId('empty').hidden = all.length > 0;
}

function noteKinds(rows: readonly Row[]): void {
  for (const row of rows) {
    const kind = row.kind ?? '(none)';
    if (kinds.has(kind)) continue;
    kinds.add(kind);
    filters.kind.append(new Option(kind, kind));
  }
}

function received(rows: readonly Row[]): void {
  for (const row of rows) all.push(row);
  noteKinds(rows);
  if (textMatches !== null) {
    // Whether a new body matches the text is the server's to say: ask again shortly.
    scheduleSearch();
    updateCount();
    return;
  }
  const passing = rows.filter(passes);
  for (const row of passing) shown.push(row);
  list.grew(passing.length);
  updateCount();
}

let searchTimer = 0;
let searchRound = 0;
// The search in flight, cancelled by the next one so the server stops reading records for it.
let searchInFlight: AbortController | null = null;
function scheduleSearch(): void {
  clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => void search().catch((error: unknown) => showError(error, 'The search failed')), 150);
}

async function search(): Promise<void> {
  const text = filters.text.value.trim();
  const round = ++searchRound;
  searchInFlight?.abort();
  const controller = (searchInFlight = text === '' ? null : new AbortController());
  let matches: Set<number> | null = null;
  try {
    if (controller) matches = new Set((await getJson<{ ids: number[] }>(`/api/search?q=${encodeURIComponent(text)}`, { signal: controller.signal })).ids);
  } catch (error) {
    if (controller?.signal.aborted) return;
    throw error;
  }
  if (round !== searchRound) return;
  textMatches = matches;
  refilter();
}

let showSecrets = false;
async function route(): Promise<void> {
  const hash = location.hash.slice(1);
  const diff = /^diff-(\d+)-(\d+)$/.exec(hash);
  if (diff) {
    list.select(null);
    renderDiff(pane, await getJson<Diff>(`/api/diff?a=${diff[1]}&b=${diff[2]}`), (id) => (location.hash = `#${id}`));
    return;
  }
  const id = /^\d+$/.test(hash) ? Number(hash) : null;
  list.select(id);
  if (id === null) {
    clear(pane);
    pane.append(el('div', { class: 'placeholder' }, [el('p', { text: 'Select a request to see its headers, body and verdict.' }), el('p', { class: 'hint', text: 'Tick two requests to diff them; ↑ ↓ move through the list.' })]));
    return;
  }
  const detail = await getJson<Detail>(`/api/records/${id}${showSecrets ? '?secrets=1' : ''}`);
  renderDetail(pane, detail, showSecrets, {
    open: (other) => (location.hash = `#${other}`),
    reveal(show) {
      showSecrets = show;
      void route().catch(showError);
    },
  });
}

/** An API call that failed, said in the pane (`what` names the action, when it is not showing the pane). */
function showError(error: unknown, what?: string): void {
  const message = error instanceof Error ? error.message : String(error);
  clear(pane);
  pane.append(el('div', { class: 'placeholder bad', text: what === undefined ? message : `${what}: ${message}` }));
}

async function start(): Promise<void> {
  const about = await getJson<About>('/api/about');
  byId('source').textContent = about.source;
  byId('source').title = about.source;
  const state = byId('state');
  const events = new EventSource('/api/events');
  events.addEventListener('snapshot', (event) => {
    const rows = (JSON.parse((event as MessageEvent<string>).data) as RowTuple[]).map(decodeRow);
    all.length = 0;
    for (const row of rows) all.push(row);
    noteKinds(rows);
    refilter();
  });
  events.addEventListener('rows', (event) => received((JSON.parse((event as MessageEvent<string>).data) as RowTuple[]).map(decodeRow)));
  events.addEventListener('open', () => {
    state.textContent = about.live ? 'live' : 'capture file';
    state.className = about.live ? 'state live' : 'state file';
  });
  events.addEventListener('error', () => {
    state.textContent = 'disconnected';
    state.className = 'state down';
  });
  for (const input of [filters.kind, filters.verdict]) input.addEventListener('change', refilter);
  filters.path.addEventListener('input', refilter);
  filters.text.addEventListener('input', scheduleSearch);
  diffButton.addEventListener('click', () => {
    const [a, b] = [...picked].sort((x, y) => x - y);
    if (a !== undefined && b !== undefined) location.hash = `#diff-${a}-${b}`;
  });
  document.addEventListener('keydown', (event) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement) return;
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const next = list.neighbour(event.key === 'ArrowDown' ? 1 : -1);
    if (next !== null) location.hash = `#${next}`;
    event.preventDefault();
  });
  window.addEventListener('hashchange', () => void route().catch(showError));
  await route();
}

start().catch(showError);
