// A value as an error message shows it, whether it came as a flag's text or an API caller's value:
// a string quoted, a number as itself, anything else named by its type; short and on one line.

/** A value as a message shows it: short, on one line. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.slice(0, 3).map(describeValue).join(', ')}${value.length > 3 ? ', …' : ''}]`;
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`.replace(/[\r\n]/g, ' ');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name !== undefined && name !== 'Object' ? withArticle(name) : 'an object';
  }
  return String(value);
}

/** 'a Map', 'an ArrayBuffer', 'a URL': the article as the name is said (a U is said 'you': Uint8Array, URL). */
function withArticle(name: string): string {
  return `${/^[aeio]/i.test(name) ? 'an' : 'a'} ${name}`;
}
