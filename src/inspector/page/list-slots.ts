// The request list's rows (page/list.ts draws only those in view, from a small pool of slots): a
// slot is made once and filled with one request's row at a time; while drawn it keeps that request,
// and the drawn ones stand in the document in the order they are seen.
import type { Row } from '../wire.js';
import { el, escapedText, formatBytes, formatDateTime, formatTime, setText, VERDICT_CLASS } from './dom.js';

export const ROW_HEIGHT = 30;

const COLUMNS = ['id', 'time', 'method', 'path', 'kind', 'verdict', 'status', 'size', 'encoding'] as const;
type Column = (typeof COLUMNS)[number];

export interface Slot {
  node: HTMLDivElement;
  check: HTMLInputElement;
  cells: Record<Column, HTMLSpanElement>;
  /** The request it holds (fill() sets it). */
  id: number;
}

/** A row's slot, empty; `on` is told of a click on it and of its check box ticked or unticked. */
export function createSlot(on: { select(): void; tick(on: boolean): void }): Slot {
  // Out of the Tab order (the list's one stop is a row: page/list.ts); Space on the row ticks it.
  const check = el('input', { attrs: { type: 'checkbox', 'aria-label': 'pick to compare', tabindex: '-1' } });
  // The list is a table to a screen reader (role=table on its section): a row's parts are its cells.
  const cells = Object.fromEntries(COLUMNS.map((name) => [name, el('span', { class: `cell ${name}`, attrs: { role: 'cell' } })])) as Record<Column, HTMLSpanElement>;
  // Focusable, so the keyboard can stand on a row (Enter opens it, the arrows move from it).
  const node = el('div', { class: 'row', attrs: { role: 'row', tabindex: '-1' } }, [el('span', { class: 'cell pick', attrs: { role: 'cell' } }, [check]), ...COLUMNS.map((name) => cells[name])]);
  check.addEventListener('click', (event) => event.stopPropagation());
  check.addEventListener('change', () => on.tick(check.checked));
  node.addEventListener('click', () => on.select());
  node.addEventListener('keydown', (event) => {
    if (event.key !== ' ' || event.target !== node) return;
    // Not the page's scroll: the tick, as Space on the check box itself gives it.
    event.preventDefault();
    check.click();
  });
  return { node, check, cells, id: 0 };
}

/**
 * Draws the rows `wanted` names (request → place in the list) with `draw`, each in the slot that holds
 * that request already where one does, so the keyboard's focus (and the Space that follows) stays
 * with it. Refilled by place, a focused check box passed to the next request down when one arrived
 * on top, and Space ticked a request nobody picked. The slots left over are hidden.
 */
export function placeSlots(pool: readonly Slot[], spacer: HTMLElement, wanted: ReadonlyMap<number, number>, draw: (slot: Slot, position: number) => void): void {
  const free: Slot[] = [];
  const placed = new Set<number>();
  for (const slot of pool) {
    const position = slot.node.hidden ? undefined : wanted.get(slot.id);
    if (position === undefined) free.push(slot);
    else {
      draw(slot, position);
      placed.add(slot.id);
    }
  }
  for (const [id, position] of wanted) {
    const slot = placed.has(id) ? undefined : free.pop();
    if (!slot) continue;
    slot.node.hidden = false;
    draw(slot, position);
  }
  for (const slot of free) slot.node.hidden = true;
  ordered(pool, spacer);
}

/**
 * Puts the drawn rows in the document in the order they are seen (a screen reader and Tab go by the
 * document's). The focused one is not moved (moved, it would lose the focus): the others go around it.
 */
function ordered(pool: readonly Slot[], spacer: HTMLElement): void {
  const drawn = pool.filter((slot) => !slot.node.hidden).sort((a, b) => placeOf(a) - placeOf(b));
  const nodes = [...spacer.children].filter((node) => !(node as HTMLElement).hidden);
  if (drawn.every((slot, i) => nodes[i] === slot.node)) return;
  const still = drawn.find((slot) => slot.node.contains(document.activeElement))?.node ?? null;
  let after = still === null;
  for (const { node } of drawn) {
    if (node === still) after = true;
    else if (after) spacer.append(node);
    else spacer.insertBefore(node, still);
  }
}

/** A slot's place in the list, as fill() told a screen reader it. */
const placeOf = (slot: Slot): number => Number(slot.node.getAttribute('aria-rowindex'));

const warningsText = (count: number): string => `${count} warning${count === 1 ? '' : 's'}`;

/** Draws a row into a slot of the pool, at its place in the list. */
export function fill(slot: Slot, row: Row, position: number, isSelected: boolean, isChecked: boolean): void {
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
