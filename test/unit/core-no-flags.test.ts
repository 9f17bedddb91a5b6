// Issue 13, item 5: the core speaks in fields, not flags. No string literal in the core folders
// names a CLI flag (comments may), and the core never calls process.emitWarning. Read with the
// TypeScript parser, so a flag in a comment does not count and one in a template part does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CORE = ['kinds', 'delivery', 'receiver', 'validate', 'check', 'api', 'mapping', 'signing', 'capture', 'demo'];
const SRC = join(import.meta.dirname, '../../src');
const FLAG = /--[a-z]/;

// Strings that carry another program's flags, not whk's.
const OTHER_PROGRAMS = new Set([
  // curl's, in the commands that --curl prints (delivery/describe.ts)
  '--data-binary',
  '--globoff',
  '--head',
  '--ignore-content-length',
  '--include',
  '--max-time',
  '--request-target',
  // a user's own sender command, in the example of a contract error (check/contract.ts)
  'e.g. "npm run emit -- --target {url}"',
]);

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface Finding {
  text: string;
  line: number;
}

/** String literal and template texts that name a flag, and calls of process.emitWarning. */
function scan(source: string): { flags: Finding[]; warnings: number } {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const flags: Finding[] = [];
  let warnings = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      if (FLAG.test(node.text) && !OTHER_PROGRAMS.has(node.text)) flags.push({ text: node.text, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'emitWarning') warnings++;
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { flags, warnings };
}

describe('the core names fields, never CLI flags', () => {
  it('the scanner finds flags in strings and template parts, not in comments', () => {
    const found = scan("// pass --kind\n/** --max-body */\nconst a = 'invalid --url';\nconst b = `x ${1} pass --kind`;\nconst c = `--secret`;\nprocess.emitWarning('w');");
    expect(found.flags.map((f) => f.text)).toEqual(['invalid --url', ' pass --kind', '--secret']);
    expect(found.warnings).toBe(1);
  });

  const files = CORE.flatMap((folder) => tsFiles(join(SRC, folder)));

  it('covers the core folders', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((path) => [relative(SRC, path), path]))('%s', (_name, path) => {
    const found = scan(readFileSync(path, 'utf8'));
    expect(found.flags).toEqual([]);
    expect(found.warnings).toBe(0);
  });
});
