// "Did you mean …?" for a mistyped name: the closest known name by edit distance (adjacent swaps
// count as one edit), when it is close enough to be the likely intent. Commander's rule for options.
// An option is also found by meaning: the name curl or another tool gives it (nearOption).

/** Damerau–Levenshtein distance (optimal string alignment). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The known name `word` begins, when it begins one alone (`--conc`: `--concurrency`, not `--count`,
 * two edits away); else the closest, if it is within 3 edits and shares most of its letters.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const lowered = word.toLowerCase();
  // A flag's dashes are no likeness: `--to` and `--ui` share nothing (commander's rule too).
  const bareWord = bare(word);
  const begun = bareWord.length >= 3 ? known.filter((name) => name.toLowerCase().startsWith(lowered)) : [];
  if (begun.length === 1) return begun[0];
  let best: { name: string; distance: number; begun: boolean } | undefined;
  for (const name of known) {
    const bareName = bare(name);
    const d = distance(bareWord, bareName);
    const similarity = (Math.max(bareWord.length, bareName.length) - d) / Math.max(bareWord.length, bareName.length);
    // Of two as close, the one the word begins: `of` is `off` cut short, not `on` mistyped.
    const begun = bareName.startsWith(bareWord);
    if (d <= 3 && similarity > 0.4 && (!best || d < best.distance || (d === best.distance && begun && !best.begun))) best = { name, distance: d, begun };
  }
  return best?.name;
}

/** A name in lower case without a flag's dashes: `--Max-Body` → `max-body`. */
function bare(name: string): string {
  return name.toLowerCase().replace(/^-+/, '');
}

/** A hint: "did you mean 'x'? " before the list of known names, or the list alone. */
export function suggestionHint(word: string, known: readonly string[], list: string): string {
  return hintFor(closest(word, known), list);
}

function hintFor(near: string | undefined, list: string): string {
  return near === undefined ? list : `did you mean '${near}'? ${list}`;
}

/**
 * whk's options under the names other tools give them (whk's own list, from curl, autocannon and
 * webhook CLIs): spelling alone reads `--to` as `--data` and `--body` as nothing. Kebab case, no dashes.
 */
const OTHER_NAMES: Readonly<Record<string, readonly string[]>> = {
  url: ['to', 'target', 'endpoint', 'dest', 'destination', 'uri', 'address', 'webhook', 'webhook-url', 'hook'],
  data: ['d', 'body', 'payload', 'file', 'data-binary', 'data-raw', 'input'],
  count: ['n', 'number', 'times', 'repeat', 'requests', 'amount'],
  concurrency: ['c', 'parallel', 'parallelism', 'jobs', 'workers', 'connections'],
  save: ['o', 'out', 'output', 'capture', 'record', 'file', 'log'],
  'forward-to': ['forward', 'proxy', 'proxy-to', 'upstream', 'to', 'target'],
  secret: ['signing-secret', 'webhook-secret', 'signing-key', 'key'],
  // curl's -H (-h is help, so only -H comes here; names are compared in lower case).
  header: ['h'],
  status: ['status-code', 'code', 'response-code'],
  delay: ['latency', 'sleep', 'wait'],
  timeout: ['request-timeout'],
  retries: ['max-retries', 'retry'],
  headers: ['show-headers', 'print-headers'],
  body: ['show-body', 'print-body'],
};

/**
 * The known option `word` names by meaning (`--to`: `--url`), when the caller takes it: `known` are
 * flags (`--forward-to`) or an API's fields (`forwardTo`), and the answer is spelt as they are.
 */
function meantOption(word: string, known: readonly string[]): string | undefined {
  const named = bare(kebab(word));
  for (const [option, names] of Object.entries(OTHER_NAMES)) {
    if (!names.includes(named)) continue;
    const found = known.find((name) => bare(kebab(name)) === option);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `forwardTo` → `forward-to` (-H → --h: a capital is a word of its own, then lower case). */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter}`);
}

/**
 * The option an unknown `word` most likely means (given with its value, `--to=…`, or alone): the one
 * it names by meaning, else the closest by spelling.
 */
export function nearOption(word: string, known: readonly string[]): string | undefined {
  const name = word.split('=')[0] ?? word;
  return meantOption(name, known) ?? closest(name, known);
}

/** An unknown option's hint: the option it most likely means (nearOption), then the list. */
export function optionHint(word: string, known: readonly string[], list: string): string {
  return hintFor(nearOption(word, known), list);
}
