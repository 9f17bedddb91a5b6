// Text from outside whk (a sender's path, key or header; a file's line) shown where whk writes a line
// of its own (the terminal's request line, a row of the page, a warning) is cut, ending with '…'
// (whk's choice): one request must not fill a screen, or a row the page sends with every other. The
// capture file, --json and the page's detail keep it whole. A sender's text on its own is cut to this:
export const SHOWN_TEXT_LIMIT = 300;

/** `text` cut to `limit` characters, the last one '…'; never between the two halves of a surrogate pair. */
export function cutText(text: string, limit = SHOWN_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  // A lone half is no character.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(limit - 2)) ? limit - 2 : limit - 1;
  return `${text.slice(0, end)}…`;
}

/** Whether cutText may have cut `text` (a text that happens to end so reads as cut too: no harm to a caller that then looks at the whole). */
export function mayBeCut(text: string, limit = SHOWN_TEXT_LIMIT): boolean {
  return text.length >= limit - 1 && text.endsWith('…');
}

// whk's own words about a request (an issue, a warning, a note) may quote what the sender wrote: cut
// at this many characters, which none of whk's own messages reaches (the longest lists every kind).
export const MESSAGE_TEXT_LIMIT = 1000;

/** whk's words about a request (a warning, a note, an issue's message), cut at MESSAGE_TEXT_LIMIT. */
export function shownMessage(message: string): string {
  return cutText(message, MESSAGE_TEXT_LIMIT);
}

// A sender's value quoted inside one of whk's sentences (a header in a warning, a coding in an issue).
export const QUOTE_TEXT_LIMIT = 60;

/** An issue on a line of its own: its path (the sender's keys) and its message (whk's words), each cut. */
export function shownIssue(path: string, message: string, between = ' '): string {
  return `${cutText(path)}${between}${shownMessage(message)}`;
}
