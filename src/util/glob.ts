// Path patterns as replay --path and listen's routes take them: * matches any characters (slashes
// too); everything else is literal. Matched without a regular expression: '/*/*/*/end' as
// ^/.*/.*/.*/end$ backtracks polynomially, and a sender's path of a few thousand slashes froze
// the listener for seconds. Here each literal piece between stars is found once, left to right.

export interface Glob {
  /** Whether the whole of `text` matches the pattern. */
  test(text: string): boolean;
}

export function compileGlob(pattern: string): Glob {
  const pieces = pattern.split('*');
  const first = pieces[0] as string;
  if (pieces.length === 1) return { test: (text) => text === first };
  const last = pieces[pieces.length - 1] as string;
  const middle = pieces.slice(1, -1).filter((piece) => piece !== '');
  return {
    test(text) {
      if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
      // Each middle piece at its leftmost place after the one before: if any placement fits, this
      // one does (a star absorbs whatever lies between), so no other placement is ever tried.
      // Linear in the text per piece: O(text × pattern) at worst, never exponential.
      let from = first.length;
      const end = text.length - last.length;
      for (const piece of middle) {
        const at = text.indexOf(piece, from);
        if (at === -1 || at + piece.length > end) return false;
        from = at + piece.length;
      }
      return true;
    },
  };
}
