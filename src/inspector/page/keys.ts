// The page's keys: ↑ ↓ move the selection through the list (from the row holding the focus, which
// goes along, else from the selected one), PageUp and PageDown on a row by a page of rows, Home and
// End on a row to its top and bottom, Enter opens the focused row, Escape closes the detail.
import type { ListView } from './list.js';

/** `go` shows what a hash names; `route` shows what the address names now. */
export function listenForKeys(list: ListView, go: (hash: string) => void, route: () => void): void {
  // Whether the history entry on top is the arrows' own: any other way to a request (a click, a
  // link, Back) starts a new run of moves.
  let movedEntry = false;
  window.addEventListener('hashchange', () => (movedEntry = false));

  /** By a row that way, a page of rows (PageUp, PageDown), or to the top or bottom of the list (Home, End). */
  const move = (step: -1 | 1, by: 'row' | 'page' | 'end' = 'row'): void => {
    const focused = list.focused();
    const next = by === 'end' ? list.end(step) : list.neighbour(step, focused ?? undefined, by === 'page' ? list.pageRows() : 1);
    if (next === null) return;
    // A run of moves makes one history entry, its first move's, which the later ones replace: Back
    // returns to where the moves began, not through every row passed on the way.
    if (movedEntry) history.replaceState(null, '', `#${next}`);
    else history.pushState(null, '', `#${next}`);
    movedEntry = true;
    route();
    if (focused !== null) list.focus(next);
  };

  /** Back to no request shown: the address loses its hash, and the keyboard goes to the row that was open. */
  const close = (): void => {
    const open = /^#(\d+)$/.exec(location.hash)?.[1];
    const inPane = document.activeElement?.closest('#detail') !== null;
    history.pushState(null, '', `${location.pathname}${location.search}`);
    movedEntry = false;
    route();
    if (open !== undefined && (inPane || document.activeElement === document.body)) list.focus(Number(open));
  };

  document.addEventListener('keydown', (event) => {
    const target = event.target;
    // Not while typing (a check box is not typed in).
    if ((target instanceof HTMLInputElement && target.type !== 'checkbox') || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') move(event.key === 'ArrowDown' ? 1 : -1);
    // On a row, Home and End go to the newest and the oldest request, and PageUp and PageDown a page of
    // rows, as in a list box (elsewhere they scroll).
    else if ((event.key === 'Home' || event.key === 'End') && list.focused() !== null) move(event.key === 'End' ? 1 : -1, 'end');
    else if ((event.key === 'PageUp' || event.key === 'PageDown') && list.focused() !== null) move(event.key === 'PageDown' ? 1 : -1, 'page');
    else if (event.key === 'Enter' && list.focused() !== null) go(`#${list.focused() ?? ''}`);
    else if (event.key === 'Escape' && location.hash !== '') close();
    else return;
    event.preventDefault();
  });
}
