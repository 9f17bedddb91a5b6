// JSON parsing that also accepts what real senders emit by mistake: HertzBeat's template can leave
// a trailing comma before '}' or ']' (and 1.7.0 emitted ',,'). Strict first; a repair is a warning.

export interface ParseWarning {
  /** 1-based line of the repaired character, counted from the start of the text. */
  line: number;
  message: string;
}

export type ParseResult =
  | { ok: true; value: unknown; warnings: ParseWarning[] }
  | { ok: false; line: number; message: string };

export function parseJsonLenient(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text), warnings: [] };
  } catch (strictError) {
    const repaired = repairCommas(text);
    if (repaired.warnings.length > 0) {
      try {
        return { ok: true, value: JSON.parse(repaired.text), warnings: repaired.warnings };
      } catch {
        // fall through: report the original error, which points at the real problem
      }
    }
    return { ok: false, ...describeParseError(strictError, text) };
  }
}

/** Removes commas that precede '}' / ']' or another comma, outside strings, noting each line. */
function repairCommas(text: string): { text: string; warnings: ParseWarning[] } {
  const warnings: ParseWarning[] = [];
  let out = '';
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') {
        out += ch + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === '"') inString = false;
      out += ch;
      continue;
    }
    if (ch === '"') inString = true;
    if (ch === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      const following = text[j];
      if (following === '}' || following === ']' || following === ',') {
        warnings.push({
          line,
          message: following === ',' ? 'repaired a doubled comma (not valid JSON)' : `repaired a trailing comma before '${following}' (not valid JSON)`,
        });
        continue;
      }
    }
    out += ch;
  }
  return { text: out, warnings };
}

function describeParseError(error: unknown, text: string): { line: number; message: string } {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(raw);
  // V8 gives no position for "Unexpected token"; find the offending character ourselves.
  const offset = position ? Number(position[1]) : syntaxErrorOffset(text);
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  const message = text.trim() === '' ? 'empty body: not JSON' : `not valid JSON: ${raw.replace(/\s+(?:in JSON )?at position \d+.*$/, '').replace(/, "[\s\S]*" is not valid JSON$/, '').replace(/, [\s\S]*is not valid JSON$/, '')}`;
  return { line, message };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** The offset of the first JSON syntax error in text (text.length when the input just ends). */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxPosition(i);
  };
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const sticky = (pattern: RegExp): boolean => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) return false;
    i = pattern.lastIndex;
    return true;
  };
  const string = () => {
    i++;
    for (;;) {
      const ch = text.charCodeAt(i);
      if (Number.isNaN(ch) || ch < 0x20) fail();
      if (ch === 0x22) {
        i++;
        return;
      }
      if (ch === 0x5c) {
        const escape = text[i + 1] ?? '';
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if ('"\\/bfnrt'.includes(escape) && escape !== '') i += 2;
        else fail();
        continue;
      }
      i++;
    }
  };
  const members = (close: string, member: () => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail();
    }
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      members('}', () => {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
      });
    } else if (ch === '[') members(']', value);
    else if (ch === '"') string();
    else if (!sticky(NUMBER) && !sticky(LITERAL)) fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (error) {
    if (error instanceof SyntaxPosition) return error.offset;
    // Hostile nesting deeper than the stack: no position, but never a crash.
    if (error instanceof RangeError) return text.length;
    throw error;
  }
}

class SyntaxPosition {
  constructor(readonly offset: number) {}
}

/** A plain JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
