// The house's size rules (STYLE.md): no file in src/ over 400 lines, no function over 100 lines
// apart from declarative tables, which are listed here by name, each with the reason it may be long.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SRC, sourceFiles } from '../helpers/source-graph.js';

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 100;

/** Functions allowed past the limit: `file:function` → why it is a declarative table. */
const TABLES: Record<string, string> = {};

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Every function-like node with its name (the variable or property it is bound to) and its length. */
function functionLengths(file: string, text: string): { name: string; lines: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { name: string; lines: number }[] = [];
  const nameOf = (node: ts.Node): string => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText(source);
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
    return '(anonymous)';
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ name: nameOf(node), lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('house rules', () => {
  const files = sourceFiles().map((file) => ({ file, text: readFileSync(join(SRC, file), 'utf8') }));

  it('measures functions as it should', () => {
    const text = ['export function a() {', '  const b = () => {', '    return 1;', '  };', '  return b;', '}', ''].join('\n');
    expect(functionLengths('x.ts', text)).toEqual([{ name: 'a', lines: 6 }, { name: 'b', lines: 3 }]);
  });

  it(`has no file in src/ over ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter(({ text }) => lineCount(text) > MAX_FILE_LINES).map(({ file, text }) => `${file}: ${lineCount(text)} lines`);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines apart from the listed tables`, () => {
    const long = files.flatMap(({ file, text }) =>
      functionLengths(file, text)
        .filter(({ name, lines }) => lines > MAX_FUNCTION_LINES && !(`${file}:${name}` in TABLES))
        .map(({ name, lines }) => `${file}:${name}: ${lines} lines`),
    );
    expect(long).toEqual([]);
  });

  it('lists only tables that exist and are long', () => {
    const lengths = new Map<string, number>(files.flatMap(({ file, text }) => functionLengths(file, text).map(({ name, lines }) => [`${file}:${name}`, lines] as const)));
    const stale = Object.keys(TABLES).filter((key) => (lengths.get(key) ?? 0) <= MAX_FUNCTION_LINES);
    expect(stale).toEqual([]);
  });
});
