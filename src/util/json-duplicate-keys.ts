// Keys given twice in one JSON object: JSON.parse keeps the last without a word, so a file whk reads
// as settings (a contract) ran as its second `name`. Found on the text, as the parser drops them.

export interface DuplicateKey {
  /** 1-based line of the second one. */
  line: number;
  key: string;
}

interface Level {
  keys: Set<string> | null;
  expectKey: boolean;
}

/** Every key a JSON text gives twice in one object, in order (the text is JSON, a stray comma or two aside). */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Level[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack.at(-1);
    if (c === '\n') line++;
    else if (c === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (c === '[') stack.push({ keys: null, expectKey: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top?.keys) top.expectKey = true;
    else if (c === ':' && top) top.expectKey = false;
    else if (c === '"') {
      const end = stringEnd(text, i);
      if (top?.keys && top.expectKey) {
        const key = String(JSON.parse(text.slice(i, end + 1)));
        if (top.keys.has(key)) found.push({ line, key });
        top.keys.add(key);
      }
      i = end;
    }
  }
  return found;
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}
