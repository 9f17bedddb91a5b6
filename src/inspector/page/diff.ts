// The diff of two requests: headers side by side (changed ones marked), body lines added/removed.
import type { Diff } from '../wire.js';
import { clear, el } from './dom.js';

export function renderDiff(pane: HTMLElement, diff: Diff, open: (id: number) => void): void {
  clear(pane);
  const link = (id: number): HTMLElement => el('button', { class: 'link', text: `#${id}`, attrs: { type: 'button' }, onClick: () => open(id) });
  const changed = diff.headers.filter((h) => !h.same).length;
  const bodyChanges = diff.body.filter((line) => line.op !== 'same').length;
  pane.append(
    el('div', { class: 'detail-head' }, [
      el('div', { class: 'title' }, [el('span', { class: 'target', text: 'Diff ' }), link(diff.a.id), el('span', { class: 'arrow', text: ' → ' }), link(diff.b.id)]),
      el('div', { class: 'note', text: `${changed} header${changed === 1 ? '' : 's'} differ; ${bodyChanges === 0 ? 'bodies are identical' : `${bodyChanges} body line${bodyChanges === 1 ? '' : 's'} differ`}.` }),
    ]),
    el('h3', { text: 'Headers' }),
    el('table', { class: 'kv diff-headers' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: 'Header' }), el('th', { text: `#${diff.a.id}` }), el('th', { text: `#${diff.b.id}` })])]),
      el('tbody', {}, diff.headers.map((h) => el('tr', { class: h.same ? '' : 'changed' }, [el('th', { text: h.name }), el('td', { text: h.a ?? '—' }), el('td', { text: h.b ?? '—' })]))),
    ]),
    el('h3', { text: 'Body' }),
    el('div', { class: 'code diff-body' }, diff.body.map((line) => el('div', { class: `line ${line.op}` }, [el('span', { class: 'sign', text: line.op === 'add' ? '+' : line.op === 'del' ? '−' : ' ' }), el('span', { text: line.text })]))),
  );
}
