// The request list: virtualised (only the rows in view exist in the DOM, drawn from a small pool),
// newest first, with a check box per row to pick two requests to compare. A screen reader is told
// the list's whole size (aria-rowcount) and each drawn row's place in it (aria-rowindex).
import type { Row } from '../wire.js';
import { el, escapedText, formatBytes, formatDateTime, formatTime, setText, VERDICT_CLASS } from './dom.js';

export const ROW_HEIGHT = 30;
const OVERSCAN = 6;

export interface ListView {
  /** The rows to show, oldest first (as they arrived); the list draws them newest first. */
  show(rows: readonly Row[]): void;
  /** The rows shown gained `added` at their end: drawn on top without moving what the reader sees. */
  grew(added: number): void;
  select(id: number | null): void;
  /** Unticks the requests `kept` says no longer exist (evicted, or another session's after a reconnect). */
  keepChecked(kept: (id: number) => boolean): void;
  /** The row above (-1) or below (+1) the selected one. */
  neighbour(step: -1 | 1): number | null;
  readonly size: number;
}

const COLUMNS = ['id', 'time', 'method', 'path', 'kind', 'verdict', 'status', 'size', 'encoding'] as const;
type Column = (typeof COLUMNS)[number];

interface Slot {
  node: HTMLDivElement;
  check: HTMLInputElement;
  cells: Record<Column, HTMLSpanElement>;
  id: number;
}

/** The list's parts: the element with role=table, the one that scrolls, and the one the rows are drawn in. */
export interface ListParts {
  table: HTMLElement;
  scroller: HTMLElement;
  spacer: HTMLElement;
}

export function createList({ table, scroller, spacer }: ListParts, handlers: { onSelect(id: number): void; onCheck(checked: ReadonlySet<number>): void }): ListView {
  let rows: readonly Row[] = [];
  let selected: number | null = null;
  // A selection the rows did not hold yet (a link or a reload asks for it before they arrive): scrolled
  // to when they do, or the row stayed out of view, unmarked, until an arrow key moved the selection.
  let revealPending = false;
  const checked = new Set<number>();
  const pool: Slot[] = [];
  const at = (position: number): Row | undefined => rows[rows.length - 1 - position];

  const makeSlot = (): Slot => {
    const check = el('input', { attrs: { type: 'checkbox', 'aria-label': 'pick to compare' } });
    // The list is a table to a screen reader (role=table on its section): a row's parts are its cells.
    const cells = Object.fromEntries(COLUMNS.map((name) => [name, el('span', { class: `cell ${name}`, attrs: { role: 'cell' } })])) as Record<Column, HTMLSpanElement>;
    const node = el('div', { class: 'row', attrs: { role: 'row' } }, [el('span', { class: 'cell pick', attrs: { role: 'cell' } }, [check]), ...COLUMNS.map((name) => cells[name])]);
    const slot: Slot = { node, check, cells, id: 0 };
    check.addEventListener('click', (event) => event.stopPropagation());
    check.addEventListener('change', () => {
      if (check.checked) checked.add(slot.id);
      else checked.delete(slot.id);
      handlers.onCheck(checked);
    });
    node.addEventListener('click', () => handlers.onSelect(slot.id));
    spacer.append(node);
    return slot;
  };

  /** The list's height, and its size as a screen reader counts it: every row shown and the header row. */
  const sized = (): void => {
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    table.setAttribute('aria-rowcount', String(rows.length + 1));
  };

  const render = (): void => {
    sized();
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((scroller.scrollTop + scroller.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    while (pool.length < last - first) pool.push(makeSlot());
    pool.forEach((slot, i) => {
      const row = at(first + i);
      slot.node.hidden = row === undefined || first + i >= last;
      if (row && !slot.node.hidden) fill(slot, row, first + i, row.id === selected, checked.has(row.id));
    });
  };

  /** Scrolls the selected row into view, when the rows hold it. */
  const reveal = (): void => {
    const position = rows.findIndex((row) => row.id === selected);
    if (position < 0) return;
    revealPending = false;
    const top = (rows.length - 1 - position) * ROW_HEIGHT;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_HEIGHT - scroller.clientHeight;
  };

  let frame = 0;
  const schedule = (): void => {
    if (frame === 0) frame = requestAnimationFrame(() => ((frame = 0), render()));
  };
  scroller.addEventListener('scroll', schedule, { passive: true });
  new ResizeObserver(schedule).observe(scroller);

  return {
    show(next) {
      rows = next;
      render();
      if (revealPending) reveal();
    },
    grew(added) {
      sized();
      // Reading further down: keep the same rows in view as new ones push in on top.
      if (scroller.scrollTop > 0) scroller.scrollTop += added * ROW_HEIGHT;
      // Drawn now, not at the next frame: a screen reader must not hear the new count with the
      // rows still at their old places (aria-rowindex).
      render();
      if (revealPending) reveal();
    },
    select(id) {
      selected = id;
      revealPending = id !== null;
      render();
      reveal();
    },
    keepChecked(kept) {
      const gone = [...checked].filter((id) => !kept(id));
      if (gone.length === 0) return;
      for (const id of gone) checked.delete(id);
      handlers.onCheck(checked);
      render();
    },
    neighbour(step) {
      const position = rows.findIndex((row) => row.id === selected);
      if (position < 0) return at(0)?.id ?? null;
      return rows[position - step]?.id ?? null;
    },
    get size() {
      return rows.length;
    },
  };
}

const warningsText = (count: number): string => `${count} warning${count === 1 ? '' : 's'}`;

/** Draws a row into a slot of the pool, at its place in the list. */
function fill(slot: Slot, row: Row, position: number, isSelected: boolean, isChecked: boolean): void {
  slot.id = row.id;
  slot.node.style.transform = `translateY(${position * ROW_HEIGHT}px)`;
  slot.node.classList.toggle('selected', isSelected);
  slot.node.classList.toggle('invalid', row.verdict === 'invalid');
  slot.node.dataset['id'] = String(row.id);
  // The header row is 1.
  slot.node.setAttribute('aria-rowindex', String(position + 2));
  slot.check.checked = isChecked;
  const { cells } = slot;
  const target = `${row.path}${row.query}`;
  cells.id.textContent = `#${row.id}`;
  cells.time.textContent = formatTime(row.time);
  cells.time.title = formatDateTime(row.time);
  cells.method.textContent = row.method;
  cells.method.className = `cell method m-${row.method.toLowerCase().replace(/[^a-z]/g, '')}`;
  // The path and the event are the sender's words: drawn with their hidden characters shown.
  setText(cells.path, target);
  cells.path.title = escapedText(target);
  const kind = row.kind === null ? '—' : row.event === null ? row.kind : `${row.kind} · ${row.event}`;
  setText(cells.kind, kind);
  cells.kind.title = escapedText(kind);
  cells.verdict.textContent = row.verdict === 'invalid' ? `invalid (${row.issues})` : row.verdict;
  cells.verdict.className = `cell verdict ${VERDICT_CLASS[row.verdict]}${row.duplicateOf === null ? '' : ' repeat'}`;
  cells.verdict.title = [row.duplicateOf === null ? '' : `repeats #${row.duplicateOf}`, row.warnings === 0 ? '' : `${warningsText(row.warnings)}: see the request's detail`].filter(Boolean).join('; ');
  // A mark for the eye, and words for a screen reader.
  if (row.warnings > 0) cells.verdict.append(el('span', { class: 'warned', text: ' ⚠' }), el('span', { class: 'hidden-text', text: ` (${warningsText(row.warnings)})` }));
  cells.status.textContent = String(row.status);
  cells.status.className = `cell status s${String(row.status).charAt(0)}${row.unseen ? ' unseen' : ''}`;
  // An answer the sender never saw is struck through; the words are for the pointer and screen readers.
  cells.status.title = row.unseen ? `${row.status}, never seen: the sender hung up before the answer` : '';
  if (row.unseen) cells.status.append(el('span', { class: 'hidden-text', text: ' (never seen)' }));
  cells.size.textContent = formatBytes(row.size);
  // The Content-Encoding the sender named.
  setText(cells.encoding, row.encoding === 'identity' ? '—' : row.encoding);
}
