// A pretty-printed line of JSON as text, as JSON.stringify(value, null, 2) writes it: what the
// server's diff compares, and what the page puts in the box where a body is edited before a replay.
import type { PrettyLine } from '../wire.js';

export function lineText(line: PrettyLine): string {
  return `${'  '.repeat(line.depth)}${line.key === undefined ? '' : `${JSON.stringify(line.key)}: `}${line.text}${line.comma ? ',' : ''}`;
}
