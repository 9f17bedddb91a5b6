// The diff of two requests: headers side by side (changed ones marked), body lines added/removed.
import type { Diff, DiffLine } from '../wire.js';
import { clear, el } from './dom.js';
import { count, diffSummary, moreNote } from './diff-summary.js';

export function renderDiff(pane: HTMLElement, diff: Diff, open: (id: number) => void): void {
  clear(pane);
  const link = (id: number): HTMLElement => el('button', { class: 'link', text: `#${id}`, attrs: { type: 'button' }, onClick: () => open(id) });
  const changed = diff.headers.filter((h) => !h.same).length;
  const bodyChanges = diff.body.changes;
  const { compared } = diff.body;
  const part = compared === null ? null : { a: { id: diff.a.id, lines: compared.a }, b: { id: diff.b.id, lines: compared.b } };
  pane.append(
    el('div', { class: 'detail-head' }, [
      el('div', { class: 'title' }, [el('span', { class: 'target', text: 'Diff ' }), link(diff.a.id), el('span', { class: 'arrow', text: ' → ' }), link(diff.b.id)]),
      el('div', { class: 'note', text: diffSummary(changed, bodyChanges, part) }),
    ]),
    el('h3', { text: 'Headers' }),
    el('table', { class: 'kv diff-headers' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: 'Header' }), el('th', { text: `#${diff.a.id}` }), el('th', { text: `#${diff.b.id}` })])]),
      el('tbody', {}, diff.headers.map((h) => el('tr', { class: h.same ? '' : 'changed' }, [el('th', { text: h.name }), el('td', { text: h.a ?? '—' }), el('td', { text: h.b ?? '—' })]))),
    ]),
    el('h3', { text: 'Body' }),
    diff.body.compared === null ? '' : el('div', { class: 'note diff-compared', text: `Compared the first ${count(diff.body.compared.a, 'line')} of #${diff.a.id} and ${count(diff.body.compared.b, 'line')} of #${diff.b.id}: the bodies are longer than a diff reads. The whole bodies are in the capture file (Download capture).` }),
    el('div', { class: 'code diff-body' }, diff.body.lines.map(diffLine)),
    diff.body.cut === 0 ? '' : el('div', { class: 'note diff-cut', text: `Longer than shown: ${count(diff.body.cut, 'more line')} left out. The whole bodies are in the capture file (Download capture).` }),
  );
}

function diffLine(line: DiffLine): HTMLElement {
  if (line.op === 'gap') return el('div', { class: 'line gap', text: `… ${count(line.lines, 'unchanged line')} …` });
  const sign = el('span', { class: 'sign', text: line.op === 'add' ? '+' : line.op === 'del' ? '−' : ' ' });
  const more = line.more ? el('span', { class: 'note', text: moreNote(line.more) }) : null;
  return el('div', { class: `line ${line.op}` }, [sign, el('span', { text: line.text }), more]);
}
