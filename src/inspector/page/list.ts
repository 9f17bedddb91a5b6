// The request list: virtualised (only the rows in view exist in the DOM, drawn from a small pool),
// newest first, with a check box per row to pick two requests to compare. A screen reader is told
// the list's whole size (aria-rowcount) and each drawn row's place in it (aria-rowindex).
import type { Row } from '../wire.js';
import { createSlot, fill, placeSlots, ROW_HEIGHT, type Slot } from './list-slots.js';

const OVERSCAN = 6;

export interface ListView {
  /**
   * The rows to show, oldest first (as they arrived); the list draws them newest first. `keepInView`:
   * the row at the top of the view stays where the reader sees it (new rows go on top above it).
   */
  show(rows: readonly Row[], keepInView?: boolean): void;
  /** The rows shown gained `added` at their end: drawn on top without moving what the reader sees. */
  grew(added: number): void;
  select(id: number | null): void;
  /** Unticks the requests `kept` says no longer exist (evicted, or another session's after a reconnect). */
  keepChecked(kept: (id: number) => boolean): void;
  /**
   * The row `by` rows above (-1) or below (+1) the one `from` names (the selected one unless given),
   * or the last that way when fewer are left; null when none is.
   */
  neighbour(step: -1 | 1, from?: number, by?: number): number | null;
  /** How many rows PageUp and PageDown move by: those the view shows whole, less one kept in view as they go. */
  pageRows(): number;
  /** The request at the top (-1: the newest) or the bottom (+1: the oldest) of the list; null when it is empty. */
  end(step: -1 | 1): number | null;
  /** The request whose row holds the keyboard's focus (its check box, or the row itself). */
  focused(): number | null;
  /** Gives the keyboard's focus to a request's row, scrolled into view. */
  focus(id: number): void;
  readonly size: number;
}

/** The list's parts: the element with role=table, the one that scrolls, and the one the rows are drawn in. */
export interface ListParts {
  table: HTMLElement;
  scroller: HTMLElement;
  spacer: HTMLElement;
}

/** Told of a row clicked, and of the ticked requests whenever a tick changes. */
interface ListHandlers {
  onSelect(id: number): void;
  onCheck(checked: ReadonlySet<number>): void;
}

export function createList({ table, scroller, spacer }: ListParts, handlers: ListHandlers): ListView {
  let rows: readonly Row[] = [];
  let selected: number | null = null;
  // A selection the rows did not hold yet (a link or a reload asks for it before they arrive): scrolled
  // to when they do, or the row stayed out of view, unmarked, until an arrow key moved the selection.
  let revealPending = false;
  const checked = new Set<number>();
  const pool: Slot[] = [];
  const at = (position: number): Row | undefined => rows[rows.length - 1 - position];

  /** The list's height, and its size as a screen reader counts it: every row shown and the header row. */
  const sized = (): void => {
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    table.setAttribute('aria-rowcount', String(rows.length + 1));
  };

  const render = (): void => {
    sized();
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((scroller.scrollTop + scroller.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const wanted = wantedPlaces(rows, first, last, pool);
    while (pool.length < wanted.size) pool.push(newSlot(spacer, checked, handlers));
    placeSlots(pool, spacer, wanted, (slot, position) => {
      const row = at(position);
      if (row) fill(slot, row, position, row.id === selected, checked.has(row.id));
    });
    markTabStop();
  };
  const markTabStop = (): void => markStop(pool, selected, at(Math.floor(scroller.scrollTop / ROW_HEIGHT))?.id);
  spacer.addEventListener('focusin', markTabStop);

  /** Scrolls the selected row into view, when the rows hold it. */
  const reveal = (): void => {
    const position = rows.findIndex((row) => row.id === selected);
    if (position < 0) return;
    revealPending = false;
    scrollToPlace(scroller, rows.length - 1 - position);
  };

  let frame = 0;
  const schedule = (): void => {
    if (frame === 0) frame = requestAnimationFrame(() => ((frame = 0), render()));
  };
  scroller.addEventListener('scroll', schedule, { passive: true });
  new ResizeObserver(schedule).observe(scroller);

  return {
    show(next, keepInView = false) {
      const top = keepInView ? keptTop(rows, next, scroller.scrollTop) : null;
      rows = next;
      if (top !== null) {
        sized();
        scroller.scrollTop = top;
      }
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
    neighbour: (step, from = selected ?? undefined, by = 1) => neighbourOf(rows, step, from, by),
    pageRows: () => Math.max(1, Math.floor(scroller.clientHeight / ROW_HEIGHT) - 1),
    end: (step) => (step === -1 ? at(0) : rows[0])?.id ?? null,
    focused: () => focusedSlot(pool)?.id ?? null,
    focus(id) {
      const index = rows.findIndex((row) => row.id === id);
      if (index < 0) return;
      scrollToPlace(scroller, rows.length - 1 - index);
      render();
      pool.find((slot) => !slot.node.hidden && slot.id === id)?.node.focus();
    },
    get size() {
      return rows.length;
    },
  };
}

/** ListView.neighbour of `rows` (oldest first, as shown: down the list, +1, is towards their start). */
function neighbourOf(rows: readonly Row[], step: -1 | 1, from: number | undefined, by: number): number | null {
  const position = rows.findIndex((row) => row.id === from);
  if (position < 0) return rows.at(-1)?.id ?? null;
  const next = Math.min(rows.length - 1, Math.max(0, position - step * by));
  return next === position ? null : (rows[next]?.id ?? null);
}

/**
 * The place of each request to draw, by request (placeSlots keeps a request in the slot holding it):
 * those at places first to last, and the focused one, kept drawn (off the screen) while the reader
 * scrolls away from it.
 */
function wantedPlaces(rows: readonly Row[], first: number, last: number, pool: readonly Slot[]): Map<number, number> {
  const wanted = new Map<number, number>();
  for (let position = first; position < last; position++) {
    const row = rows[rows.length - 1 - position];
    if (row) wanted.set(row.id, position);
  }
  const holder = focusedSlot(pool);
  if (holder && !wanted.has(holder.id)) {
    const index = rows.findIndex((row) => row.id === holder.id);
    if (index >= 0) wanted.set(holder.id, rows.length - 1 - index);
  }
  return wanted;
}

/** Where to scroll `next` so the row at the top of the view of `before` stays where it is seen (null: not scrolled, or that row is gone). */
function keptTop(before: readonly Row[], next: readonly Row[], scrollTop: number): number | null {
  const anchor = scrollTop > 0 ? before[before.length - 1 - Math.floor(scrollTop / ROW_HEIGHT)] : undefined;
  const index = anchor === undefined ? -1 : next.findIndex((row) => row.id === anchor.id);
  return index < 0 ? null : (next.length - 1 - index) * ROW_HEIGHT + (scrollTop % ROW_HEIGHT);
}

/** Scrolls the list the least that brings the row at `position` into view. */
function scrollToPlace(scroller: HTMLElement, position: number): void {
  const top = position * ROW_HEIGHT;
  if (top < scroller.scrollTop) scroller.scrollTop = top;
  else if (top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_HEIGHT - scroller.clientHeight;
}

/**
 * The list is one stop in the Tab order (a roving tabindex; the arrows move inside it): the row the
 * keyboard is on, else the selected one while drawn, else the top one in view. With every check box
 * a stop, Tab went through the pool's slots, in and out of view, and fell to the document.
 */
function markStop(pool: readonly Slot[], selected: number | null, topInView: number | undefined): void {
  const drawn = pool.filter((slot) => !slot.node.hidden);
  const stop = focusedSlot(pool)?.id ?? (drawn.some((slot) => slot.id === selected) ? selected : topInView);
  for (const slot of drawn) slot.node.tabIndex = slot.id === stop ? 0 : -1;
}

/** The drawn slot holding the keyboard's focus. */
const focusedSlot = (pool: readonly Slot[]): Slot | undefined => pool.find((slot) => !slot.node.hidden && slot.node.contains(document.activeElement));

/** A new slot at the end of the list's pool: a click selects its request, a tick adds it to `checked`. */
function newSlot(spacer: HTMLElement, checked: Set<number>, handlers: ListHandlers): Slot {
  const slot = createSlot({
    select: () => handlers.onSelect(slot.id),
    tick(on) {
      if (on) checked.add(slot.id);
      else checked.delete(slot.id);
      handlers.onCheck(checked);
    },
  });
  spacer.append(slot.node);
  return slot;
}
