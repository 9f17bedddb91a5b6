// `import 'whk'` must stay light: the receiver and the signing schemes load when listen() is first
// called, not when the API is imported. Read from the static imports (dynamic ones are the lazy path).
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SRC } from '../helpers/source-graph.js';

/** The src files a file imports at load time: import and export-from declarations, type-only ones left out. */
function staticImportsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(SRC, file), 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.flatMap((statement) => {
    const typeOnly = ts.isImportDeclaration(statement) ? statement.importClause?.isTypeOnly === true : ts.isExportDeclaration(statement) ? statement.isTypeOnly : true;
    const specifier = (statement as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
    if (typeOnly || !specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return [];
    return [relative(SRC, resolve(SRC, dirname(file), specifier.text.replace(/\.js$/, '.ts')))];
  });
}

function loadedWith(entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const next of staticImportsOf(file)) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

describe('what importing the API loads', () => {
  it('follows static imports (the walker itself)', () => {
    const loaded = loadedWith('index.ts');
    expect(loaded).toContain('api/listen.ts');
    expect(loaded).toContain('kinds/index.ts');
  });

  it('leaves the receiver and the signing schemes to listen() itself', () => {
    const eager = [...loadedWith('index.ts')].filter((file) => file.startsWith('receiver/') || file.startsWith('signing/'));
    expect(eager).toEqual([]);
  });
});
