// The detail view of one request: summary, issues, then tabs for the body (pretty-printed, each
// issue marked on its line), headers (masked unless asked), raw bytes and mapped fields; and the
// actions: copy as curl, replay to a URL.
import type { Detail, PrettyLine, ReplayOutcome } from '../wire.js';
import { clear, el, formatBytes, formatDateTime, getJson, VERDICT_CLASS } from './dom.js';
import { lineText } from './line-text.js';
import { moreNote } from './diff-summary.js';

export interface DetailHandlers {
  /** Show another record (a repeat, the original). */
  open(id: number): void;
  /** Load the same record again, with secrets shown or masked. */
  reveal(showSecrets: boolean): void;
}

type Tab = 'body' | 'headers' | 'raw' | 'mapped';
let lastTab: Tab = 'body';
// The record whose Show/Mask secrets was pressed: drawn again, the keyboard is put back on that button
// (the pane is drawn anew, and the focus fell to the document with the old one).
let toggledSecretsOf: number | null = null;

export function renderDetail(pane: HTMLElement, detail: Detail, showSecrets: boolean, handlers: DetailHandlers): void {
  clear(pane);
  const { row } = detail;
  const tabs: Record<Tab, HTMLElement> = {
    body: bodyTab(detail),
    headers: headersTab(detail, showSecrets, handlers),
    raw: rawTab(detail),
    mapped: mappedTab(detail),
  };
  const tabBar = el('nav', { class: 'tabs', attrs: { role: 'tablist' } });
  const choose = (tab: Tab): void => {
    lastTab = tab;
    for (const [name, panel] of Object.entries(tabs)) panel.hidden = name !== tab;
    for (const button of tabBar.children) {
      const active = (button as HTMLElement).dataset['tab'] === tab;
      button.classList.toggle('active', active);
      // A screen reader tells the tab shown by this, not by the underline.
      button.setAttribute('aria-selected', String(active));
      // One stop in the Tab order for the bar, the tab shown; the arrows move between them (the ARIA tabs pattern).
      button.setAttribute('tabindex', active ? '0' : '-1');
    }
  };
  const names: Tab[] = ['body', 'headers', 'raw', 'mapped'];
  for (const [name, label] of [['body', 'Body'], ['headers', `Headers (${detail.headers.length})`], ['raw', 'Raw'], ['mapped', 'Mapped']] as const) {
    const button = el('button', { class: 'tab', text: label, attrs: { role: 'tab', type: 'button' }, onClick: () => choose(name) });
    button.dataset['tab'] = name;
    tabBar.append(button);
  }
  tabBar.addEventListener('keydown', (event) => {
    const at = names.indexOf(lastTab);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: names.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = names[(to + names.length) % names.length] ?? 'body';
    choose(next);
    tabBar.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus();
  });
  pane.append(
    el('div', { class: 'detail-head' }, [
      el('div', { class: 'title' }, [
        el('span', { class: `method m-${row.method.toLowerCase().replace(/[^a-z]/g, '')}`, text: row.method }),
        el('span', { class: 'target', text: `${row.path}${row.query}` }),
        el('span', { class: `badge ${VERDICT_CLASS[row.verdict]}`, text: row.verdict }),
      ]),
      el('dl', { class: 'facts' }, facts(detail, handlers)),
    ]),
    issuesBox(detail, () => choose('body')) ?? '',
    actions(detail, showSecrets),
    tabBar,
    ...Object.values(tabs),
  );
  choose(lastTab);
  if (toggledSecretsOf === row.id) pane.querySelector<HTMLElement>('.secrets-toggle')?.focus();
  toggledSecretsOf = null;
}

function facts(detail: Detail, handlers: DetailHandlers): HTMLElement[] {
  const { row } = detail;
  const link = (id: number): HTMLElement => el('button', { class: 'link', text: `#${id}`, attrs: { type: 'button' }, onClick: () => handlers.open(id) });
  const pairs: [string, (Node | string)[]][] = [
    ['Request', [`#${row.id}${row.seq !== null && row.seq !== row.id ? ` (seq ${row.seq})` : ''} received ${formatDateTime(row.time)}`]],
    ['Kind', [row.kind === null ? 'not detected' : row.event === null ? row.kind : `${row.kind} · ${row.event}`]],
    ['Answered', [detail.unseen ? `${row.status}, never seen: the connection was gone first (see the warning)` : String(row.status)]],
    ['Size', [`${formatBytes(detail.sizes.wire)} on the wire${detail.sizes.decoded !== null && detail.sizes.decoded !== detail.sizes.wire ? `, ${formatBytes(detail.sizes.decoded)} decoded` : ''}${detail.sizes.truncated ? ' (truncated)' : ''}`]],
    ['Encoding', [row.encoding]],
    ['Signature', [signatureText(detail)]],
  ];
  if (detail.idempotencyId !== null) pairs.push(['Idempotency id', [detail.idempotencyId]]);
  if (row.duplicateOf !== null) pairs.push(['Repeats', [link(row.duplicateOf), detail.duplicateBy === 'retry' ? ' (a retry: that answer was not 2xx)' : detail.duplicateBy === 'body' ? ' (identical body)' : ' (same idempotency id)']]);
  if (detail.repeats.length > 0) pairs.push(['Repeated by', detail.repeats.flatMap((id, i) => (i === 0 ? [link(id)] : [', ', link(id)]))]);
  const others = detail.sameIdempotency.filter((id) => id !== row.duplicateOf && !detail.repeats.includes(id));
  if (others.length > 0) pairs.push(['Same id as', others.flatMap((id, i) => (i === 0 ? [link(id)] : [', ', link(id)]))]);
  // A hand-edited record may lack the time, or hold something else there: said only when it is one.
  if (detail.forward) pairs.push(['Forwarded', [`${detail.forward.url}: ${detail.forward.status ?? detail.forward.error ?? ''}${typeof detail.forward.ms === 'number' ? ` in ${detail.forward.ms} ms` : ''}`]]);
  return pairs.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', {}, value)]);
}

function signatureText(detail: Detail): string {
  const signature = detail.signature;
  if (!signature) {
    const expected = detail.signatureExpected;
    if (!expected) return 'none: no header of a signature scheme whk knows came with it';
    return expected.came
      ? `not checked: it came signed (${expected.header}, ${expected.scheme}) and the receiver had no secret for it (whk listen --secret)`
      : `none: no ${expected.header} header came (${expected.scheme}'s signature)`;
  }
  // The receiver always records the scheme's own reason; a hand-made record may lack it (or hold an object).
  return `${signature.verdict}: ${signature.header}${signature.scheme ? ` (${signature.scheme})` : ''}${typeof signature.reason === 'string' && signature.reason !== '' ? `: ${signature.reason}` : ''}`;
}

function issuesBox(detail: Detail, showBody: () => void): HTMLElement | null {
  if (detail.issues.length === 0 && detail.warnings.length === 0 && detail.notes.length === 0) return null;
  const items = detail.issues.map((issue) =>
    el('li', { class: 'issue' }, [
      el('button', {
        class: 'path',
        text: issue.path,
        title: 'show in the body',
        attrs: { type: 'button' },
        onClick: () => {
          showBody();
          // A body not drawn as JSON (text, a form, one that could not be decoded) has no line per
          // path: the issue is about the body as a whole, so the body itself is shown.
          const line = [...document.querySelectorAll<HTMLElement>('.json .line')].find((node) => node.dataset['issues']?.split('\n').includes(issue.path)) ?? document.querySelector<HTMLElement>('.body-panel > :not(h3)');
          line?.scrollIntoView({ block: 'center' });
          if (line) flash(line);
        },
      }),
      el('span', { text: issue.message }),
    ]),
  );
  const notes = [...detail.warnings.map((text) => ['warning', text] as const), ...detail.notes.map((text) => ['note', text] as const)].map(([type, text]) => el('li', { class: type }, [el('span', { class: 'tag', text: type }), el('span', { text })]));
  return el('ul', { class: 'issues' }, [...items, ...notes]);
}

/**
 * Marks where a click led (style.css .flash), from the start again when it is flashing still. The
 * animation's end takes the mark off, so the flash lasts as long as the style says, and a hidden tab
 * (which cancels it) does not flash again when shown.
 */
function flash(node: HTMLElement): void {
  if (node.classList.contains('flash')) for (const animation of node.getAnimations()) animation.currentTime = 0;
  node.classList.add('flash');
  node.onanimationend = node.onanimationcancel = (event) => {
    if (event.target === node) node.classList.remove('flash');
  };
}

const REPLAY_URL = 'whk.replayUrl';

/**
 * The Replay URL is kept for the next visit (localStorage, on the profile's disk) only when it holds
 * no secret: the server's answer names it masked, so a URL it masked (a password, a token in its
 * query) stays in this tab's sessionStorage alone, and an earlier one on disk is forgotten.
 */
function rememberReplayUrl(typed: string, masked: string): void {
  if (typed === masked) localStorage.setItem(REPLAY_URL, typed);
  else localStorage.removeItem(REPLAY_URL);
}

function actions(detail: Detail, showSecrets: boolean): HTMLElement {
  const output = el('div', { class: 'action-output', attrs: { 'aria-live': 'polite' } });
  const url = el('input', { class: 'replay-url', attrs: { type: 'url', placeholder: 'http://localhost:3000/webhook', 'aria-label': 'replay to URL' } });
  url.value = sessionStorage.getItem(REPLAY_URL) ?? localStorage.getItem(REPLAY_URL) ?? '';
  const original = el('input', { attrs: { type: 'checkbox' } });
  // A recorded signature is stale once the receiver's tolerance has passed: signed anew by default.
  const signAnew = el('input', { attrs: { type: 'checkbox' } });
  signAnew.checked = detail.signAnew !== null;
  // The body to replay in place of the recorded one, typed over what came.
  const editable = editableBody(detail);
  const edit = el('input', { attrs: { type: 'checkbox' } });
  edit.disabled = 'why' in editable;
  const editor = el('textarea', { class: 'edit-body', attrs: { rows: '12', spellcheck: 'false', 'aria-label': 'the body to replay' } });
  editor.hidden = true;
  editor.value = 'text' in editable ? editable.text : '';
  edit.addEventListener('change', () => (editor.hidden = !edit.checked));
  const copy = async (): Promise<void> => {
    // With the body edited, the command sends the edit, as Replay would.
    const posted = edit.checked ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: editor.value }) } : undefined;
    const { curl } = await getJson<{ curl: string }>(`/api/records/${detail.row.id}/curl${showSecrets ? '?secrets=1' : ''}`, posted);
    const box = el('textarea', { class: 'curl', attrs: { readonly: '', rows: '4', spellcheck: 'false' } });
    box.value = curl;
    const copied = await navigator.clipboard?.writeText(curl).then(() => true, () => false);
    clear(output);
    // A masked secret is copied as its mask: the command would not pass a signature check, so say so.
    const masked = detail.masked && !showSecrets ? ' (secrets masked: Show secrets, under Headers, copies them)' : '';
    output.append(el('div', { class: 'note', text: `${copied ? 'Copied to the clipboard' : 'Select and copy'}${posted ? ', with the edited body' : ''}${masked}:` }), box);
    box.select();
  };
  const replay = async (): Promise<void> => {
    sessionStorage.setItem(REPLAY_URL, url.value);
    clear(output);
    // Not to url.value: its password would be shown; the answer names the URL with it masked.
    output.append(el('div', { class: 'note', text: `Replaying #${detail.row.id}…` }));
    const result = await getJson<ReplayOutcome>(`/api/records/${detail.row.id}/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: url.value, originalHeaders: original.checked, sign: detail.signAnew !== null && signAnew.checked, ...(edit.checked ? { body: editor.value } : {}) }),
    });
    rememberReplayUrl(url.value, result.url);
    const text = result.refused ?? (result.status === null ? `failed: ${result.error ?? 'no answer'}` : `answered ${result.status}${result.delivered ? '' : ' (not a success for this kind)'}`);
    clear(output);
    output.append(el('div', { class: `note ${result.delivered ? 'ok' : 'bad'}`, text: `Replay${edit.checked ? ' of the edited body' : ''} to ${result.url}: ${text}` }));
    // Sent all the same (a receiver may be tested with a bad payload on purpose), but said.
    if (result.editInvalid !== null) output.append(el('div', { class: 'note', text: `The edited body is ${result.editInvalid}; it went as edited.` }));
    // As whk replay says it after its tally: the receiver that checks the signature refuses the replay.
    if (result.signaturesLeftOut.length > 0) output.append(el('div', { class: 'note', text: `It went without the signature it came with (${result.signaturesLeftOut.join(', ')}): ${signatureAdvice(detail.signAnew !== null, edit.checked)}.` }));
  };
  const guard = (run: () => Promise<void>) => () =>
    void run().catch((error: unknown) => {
      clear(output);
      output.append(el('div', { class: 'note bad', text: error instanceof Error ? error.message : String(error) }));
    });
  // The URL is typed, so Enter in it replays, as it would submit a form.
  url.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    guard(replay)();
  });
  return el('div', { class: 'actions' }, [
    el('button', { text: 'Copy as curl', attrs: { type: 'button' }, onClick: guard(copy) }),
    // The URL and its button stay on one line, the options wrap after them: the button never stands alone.
    el('span', { class: 'replay' }, [
      el('span', { class: 'replay-go' }, [url, el('button', { text: 'Replay', attrs: { type: 'button' }, onClick: guard(replay) })]),
      el('span', { class: 'replay-options' }, [
        el('label', { class: 'check' }, [original, ' original headers']),
        ...(detail.signAnew === null ? [] : [el('label', { class: 'check', title: 'sign the replay now, as the sender signs a re-delivery, with the secret the receiver verifies with' }, [signAnew, ` sign anew (${detail.signAnew})`])]),
        el('label', { class: 'check', title: 'why' in editable ? editable.why : EDIT_TITLE }, [edit, ' edit body']),
      ]),
    ]),
    editor,
    output,
  ]);
}

/** What gets a replay its signature back: the original headers for the bytes as recorded, sign anew (a live page with the secret) for any. */
function signatureAdvice(canSignAnew: boolean, edited: boolean): string {
  if (edited) return canSignAnew ? 'sign anew signs the edited bytes' : 'an edited body has no signature; whk listen --ui with the secret signs it anew';
  return canSignAnew ? 'tick original headers to send it as recorded, or sign anew' : 'tick original headers to send it as recorded';
}

const EDIT_TITLE = 'change the body before it goes: it goes as typed, uncompressed, without the signature headers it came with (sign anew signs the new bytes)';
const EDIT_NOT_HERE = 'a form, binary data or a body longer than shown is not edited here (whk replay --set changes a JSON body)';

/** The body as text to change before a replay (its JSON as drawn, or its text), or why the page cannot give it whole. */
function editableBody(detail: Detail): { text: string } | { why: string } {
  if (detail.form) return { why: EDIT_NOT_HERE };
  if (detail.json) {
    if (detail.json.truncated || detail.json.lines.some((line) => line.more)) return { why: EDIT_NOT_HERE };
    // Drawn from the parsed body, such a number is the nearest double: replayed as drawn, it would change.
    const inexact = detail.json.lines.find((line) => line.inexact);
    if (inexact) return { why: `its JSON holds an integer past 2^53 (${inexact.path}) that the page cannot show exactly, so it is not edited here` };
    return { text: detail.json.lines.map(lineText).join('\n') };
  }
  return detail.text !== null && !detail.textCut ? { text: detail.text } : { why: EDIT_NOT_HERE };
}

const INEXACT = 'an integer past 2^53: read as JSON, it is the nearest double, so these may not be the digits sent (the Raw tab has the bytes)';

const LONGER_THAN_SHOWN = 'Longer than shown: the whole body is in the capture file (Download capture).';

function bodyTab(detail: Detail): HTMLElement {
  const panel = el('section', { class: 'panel body-panel' });
  if (detail.form) {
    // The field holding the JSON is drawn below, not repeated as one long string here.
    const fields = detail.form.map(([name, value]) => [name, name === detail.formJson && detail.json ? 'JSON: shown below' : value] as const);
    panel.append(el('h3', { text: 'Form fields' }), table(fields));
  }
  if (detail.files && detail.files.length > 0) {
    // A file part is not a field: what it is, its bytes left in the Raw tab.
    const files = detail.files.map((file) => [file.name, `${file.filename} (${file.contentType ?? 'no Content-Type'}, ${formatBytes(file.size)})`] as const);
    panel.append(el('h3', { text: 'Files' }), table(files));
  }
  if (detail.json) {
    if (detail.form && detail.formJson !== null) panel.append(el('h3', { text: `Field ${detail.formJson}, as JSON` }));
    panel.append(el('div', { class: 'json code' }, detail.json.lines.map(jsonLine)));
    if (detail.json.truncated || detail.json.lines.some((line) => line.more)) panel.append(el('div', { class: 'note', text: LONGER_THAN_SHOWN }));
  } else if (detail.binary !== null) {
    panel.append(el('div', { class: 'note', text: `Binary data (${detail.binary}, ${formatBytes(detail.sizes.decoded ?? detail.sizes.wire)}): its bytes are in the Raw tab.` }));
  } else if (detail.text !== null) {
    if (detail.form) panel.append(el('h3', { text: 'As sent' }));
    if (detail.tooDeep) panel.append(el('div', { class: 'note', text: 'The JSON nests too deep to draw as a tree: shown as text.' }));
    panel.append(el('pre', { class: 'code text', text: detail.text === '' ? '(empty body)' : detail.text }));
    if (detail.textCut) panel.append(el('div', { class: 'note', text: LONGER_THAN_SHOWN }));
  } else {
    panel.append(el('div', { class: 'note', text: 'The body could not be decoded; see the Raw tab.' }));
  }
  return panel;
}

function jsonLine(line: PrettyLine): HTMLElement {
  const node = el('div', { class: `line${line.issues ? ' has-issue' : ''}` }, [
    el('span', { class: 'indent', text: '  '.repeat(line.depth) }),
    line.key === undefined ? null : el('span', { class: 'key', text: JSON.stringify(line.key) }),
    line.key === undefined ? null : ': ',
    el('span', { class: `v-${line.type}${line.inexact ? ' inexact' : ''}`, text: line.text, ...(line.inexact ? { title: INEXACT } : {}) }),
    // A value past the server's bound (detail.ts LINE_CHARS) comes cut: said as the diff says it.
    line.more ? el('span', { class: 'note', text: moreNote(line.more) }) : null,
    line.comma ? ',' : null,
  ]);
  node.dataset['path'] = line.path;
  if (!line.issues) return node;
  node.dataset['issues'] = line.issues.map((issue) => issue.path).join('\n');
  const marks = line.issues.map((issue) => el('div', { class: 'issue-mark' }, [el('span', { class: 'indent', text: '  '.repeat(line.depth) }), el('span', { class: 'path', text: issue.path }), ` ${issue.message}`]));
  return el('div', { class: 'with-issues' }, [node, ...marks]);
}

function headersTab(detail: Detail, showSecrets: boolean, handlers: DetailHandlers): HTMLElement {
  const panel = el('section', { class: 'panel' }, [table(detail.headers)]);
  if (detail.masked || showSecrets) {
    const toggle = (): void => {
      toggledSecretsOf = detail.row.id;
      handlers.reveal(!showSecrets);
    };
    panel.append(el('button', { class: 'link secrets-toggle', text: showSecrets ? 'Mask secrets' : 'Show secrets', attrs: { type: 'button' }, onClick: toggle }));
  }
  if (detail.query.length > 0) panel.append(el('h3', { text: 'Query' }), table(detail.query));
  return panel;
}

function rawTab(detail: Detail): HTMLElement {
  const { hex } = detail;
  const note = hex.shown < hex.total ? `First ${formatBytes(hex.shown)} of ${formatBytes(hex.total)}, as received (before decompression).` : `${formatBytes(hex.total)} as received (before decompression).`;
  return el('section', { class: 'panel' }, [el('div', { class: 'note', text: note }), el('pre', { class: 'code hex', text: hex.rows.join('\n') })]);
}

function mappedTab(detail: Detail): HTMLElement {
  const mapped = detail.mapped;
  if (mapped === null || mapped === undefined) return el('section', { class: 'panel' }, [el('div', { class: 'note', text: 'No mapping applies: the kind has no default mapping and none was given (whk listen --map).' })]);
  const by = el('div', { class: 'note', text: detail.mappedBy === 'record' ? 'Extracted by your mapping (whk listen --map).' : `Extracted by the default mapping of ${detail.row.kind ?? 'the kind'} (whk map).` });
  // The receiver's mapping hook records { ok, values, problems }; anything else is shown as JSON.
  const shaped = mapped as { values?: unknown; mapped?: unknown; problems?: unknown };
  // A capture file is any text: a problem that is no object (null) broke the whole detail.
  const isProblem = (problem: unknown): boolean => typeof problem === 'object' && problem !== null;
  if (typeof shaped.values !== 'object' || shaped.values === null || !Array.isArray(shaped.problems) || !shaped.problems.every(isProblem)) {
    return el('section', { class: 'panel' }, [by, el('pre', { class: 'code', text: JSON.stringify(mapped, null, 2) })]);
  }
  // A value holding an integer past 2^53 comes written by the server with the digits sent too.
  const rows = (values: object, sent: Record<string, string> = {}): [string, string][] =>
    Object.entries(values).map(([name, value]) => [name, Object.hasOwn(sent, name) ? (sent[name] ?? '') : typeof value === 'string' ? value : JSON.stringify(value)]);
  // A mapping's second stage (its `mapped` fields, what the platform keeps), as whk map shows it under the extracted ones.
  const stage2 = typeof shaped.mapped === 'object' && shaped.mapped !== null && !Array.isArray(shaped.mapped) ? shaped.mapped : null;
  // With two stages, a field's name may be in both: its problem says which.
  const problems = (shaped.problems as { field?: unknown; problem?: unknown; stage?: unknown }[]).map((p) => [stage2 !== null && typeof p.stage === 'string' ? `${String(p.field)} (${p.stage})` : String(p.field), String(p.problem)] as const);
  return el('section', { class: 'panel' }, [
    by,
    stage2 && el('h3', { text: 'Extracted fields' }),
    table(rows(shaped.values, detail.mappedTexts?.values)),
    stage2 && el('h3', { text: 'Mapped fields' }),
    stage2 && table(rows(stage2, detail.mappedTexts?.mapped)),
    problems.length > 0 && el('h3', { text: 'Problems' }),
    problems.length > 0 && table(problems),
  ]);
}

export function table(rows: readonly (readonly [string, string])[]): HTMLElement {
  return el('table', { class: 'kv' }, [el('tbody', {}, rows.map(([name, value]) => el('tr', {}, [el('th', { text: name }), el('td', { text: value })])))]);
}
