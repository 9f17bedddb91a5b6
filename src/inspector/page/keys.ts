// The page's keys: ↑ ↓ move the selection through the list (from the row holding the focus, which
// goes along, else from the selected one), Enter opens the focused row, Escape closes the detail.
import type { ListView } from './list.js';

/** `go` shows what a hash names; `route` shows what the address names now. */
export function listenForKeys(list: ListView, go: (hash: string) => void, route: () => void): void {
  // Whether the history entry on top is the arrows' own: any other way to a request (a click, a
  // link, Back) starts a new run of moves.
  let movedEntry = false;
  window.addEventListener('hashchange', () => (movedEntry = false));

  const move = (step: -1 | 1): void => {
    const focused = list.focused();
    const next = list.neighbour(step, focused ?? undefined);
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
    else if (event.key === 'Enter' && list.focused() !== null) go(`#${list.focused() ?? ''}`);
    else if (event.key === 'Escape' && location.hash !== '') close();
    else return;
    event.preventDefault();
  });
}
