// Building the page's DOM. Everything shown comes from a stranger's request, so text only ever
// goes in as text nodes (its hidden characters drawn as escapes: shownText) and attributes as
// properties: there is no HTML parsing anywhere.

import type { Row } from '../wire.js';
import { BIDI_CONTROLS, CONTROL_CHARACTERS } from './controls.js';

type Child = Node | string | null | undefined | false;

/** The style of a verdict, in the list and the detail alike: an unknown sender is neither good nor bad. */
export const VERDICT_CLASS: Readonly<Record<Row['verdict'], string>> = { valid: 'ok', invalid: 'bad', unknown: 'neutral' };

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  onClick?: (event: Event) => void;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: readonly Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.append(shownText(props.text));
  if (props.title !== undefined) node.title = escapedText(props.title);
  if (props.onClick) node.addEventListener('click', props.onClick);
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string') node.append(shownText(child));
    else node.append(child);
  }
  return node;
}

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** An API answer that was not a success, with its HTTP status (404: no such record). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The record numbers a 404 names as missing, when it names them. */
    readonly missing?: number[],
    /** A 404's newest record number the session has taken (kept or let go since). */
    readonly newest?: number,
  ) {
    super(message);
  }
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  // fetch rejects with a bare "Failed to fetch" when nothing answers: say what that means here.
  const response = await fetch(url, init).catch((error: unknown) => {
    if (init?.signal?.aborted) throw error;
    throw new ApiError('whk does not answer: it has stopped, or the connection is down (the page reconnects when it is back)', 0);
  });
  // An answer that is not whk's JSON (Node refuses a request line and headers too long with an empty
  // 431): said by its status, not as "Unexpected end of JSON input".
  const value = (await response.json().catch(() => null)) as (T & { error?: string; missing?: number[]; newest?: number }) | null;
  if (!response.ok) throw new ApiError(value?.error ?? `HTTP ${response.status}`, response.status, Array.isArray(value?.missing) ? value.missing : undefined, typeof value?.newest === 'number' ? value.newest : undefined);
  if (value === null) throw new ApiError(`whk answered HTTP ${response.status} without the JSON the page expects`, response.status);
  return value;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// Characters that make a sender's text seem other than it is, the ones the terminal drops: a
// bidirectional control (U+202E) draws what follows it reversed; the control characters draw as a
// blank box, all alike. A carriage return is laid out as white space, as tab and line feed are.
const HIDDEN_ONE = `(?!\\r)[${CONTROL_CHARACTERS}${BIDI_CONTROLS}]`;
// A run of them is one mark: a body of 150,000 NULs is one node, not 150,000.
const HIDDEN_RUNS = new RegExp(`((?:${HIDDEN_ONE})+)`);
const HIDDEN_ALL = new RegExp(HIDDEN_ONE, 'g');
const BIDI = new RegExp(`[${BIDI_CONTROLS}]`);

const escapeOf = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * A sender's text as a node to draw: each hidden character as its escape (`\u202e`, the one JSON
 * writes), a run of them set apart by its style and titled with its code points, so a path cannot
 * read reversed and a typed `\u202e` cannot pass for one. One node (a fragment), never a list to
 * spread into a call: a body holds more escapes than a call takes arguments. What is copied or
 * downloaded never comes from here.
 */
export function shownText(text: string): Node {
  const parts = text.split(HIDDEN_RUNS);
  if (parts.length === 1) return document.createTextNode(text);
  const fragment = document.createDocumentFragment();
  // split keeps the captured run: the text between runs at even places, each run at odd.
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 0) {
      if (part !== '') fragment.append(part);
      continue;
    }
    const mark = document.createElement('span');
    mark.className = 'escape';
    mark.textContent = escapedText(part);
    mark.title = escapeTitle(part);
    fragment.append(mark);
  }
  return fragment;
}

/** `U+202E, a direction control the sender wrote: shown, not applied`; a run is counted, named by its first. */
function escapeTitle(run: string): string {
  const code = `U+${run.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (run.length > 1) return `${run.length} characters from ${code}, direction or control characters the sender wrote: shown, not applied`;
  return `${code}, ${BIDI.test(run) ? 'a direction control' : 'a control character'} the sender wrote: shown, not applied`;
}

/** The text with its hidden characters as plain escapes, where nothing can be styled (a tooltip). */
export function escapedText(text: string): string {
  return text.replace(HIDDEN_ALL, escapeOf);
}

/** Puts a sender's text in a node, as shownText draws it. */
export function setText(node: Node & ParentNode, text: string): void {
  node.replaceChildren(shownText(text));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The clock time, in the browser's time zone (as the list and whk listen's lines show it). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** The date and time in the browser's time zone, like the list's, and in UTC (as recorded) when that differs. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const local = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatTime(iso)}`;
  const utc = date.toISOString().replace('T', ' ').replace('Z', ' UTC');
  return date.getTimezoneOffset() === 0 ? utc : `${local} (${utc})`;
}
