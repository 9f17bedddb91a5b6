// The files a `whk validate` argument names: a file, a directory's payload files, or a pattern a
// shell left unexpanded. Shared by the command and the wizard's prompt, which takes what it takes.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { compileGlob } from '../util/glob.js';
import { readFailure } from '../util/file-errors.js';

// The files a directory given to validate holds that it reads: JSON, NDJSON and JSON Lines.
const PAYLOAD_FILE = /\.(json|ndjson|jsonl)$/i;

/**
 * The files an argument names: a file (or -) itself; a directory, the payload files in it (not in
 * its subdirectories, and not those whose names start with a dot, as a shell's * leaves them); a pattern a shell did not expand (quoted, or a shell that expands none) with
 * `*` in its last part, the files it matches. In name order; none is exit 2.
 */
export async function filesNamed(given: string): Promise<string[]> {
  if (given === '-') return [given];
  const info = await stat(given).catch(() => undefined);
  if (info?.isDirectory()) {
    const found = await filesIn(given, (name) => PAYLOAD_FILE.test(name) && !name.startsWith('.'));
    if (found.length === 0) throw new InputError(`'${given}' is a directory with no .json, .ndjson or .jsonl file in it`, 'name the files to validate');
    return found;
  }
  if (info) return [given];
  const pattern = basename(given);
  if (dirname(given).includes('*')) throw new InputError(`cannot read '${given}': no such file`, "whk expands a * in a file's name, not in the directories before it: leave the pattern unquoted for the shell to expand");
  if (!pattern.includes('*')) throw new InputError(`cannot read '${given}': no such file`);
  const glob = compileGlob(pattern);
  // As a shell expands one: a name that starts with a dot only when the pattern does.
  const found = await filesIn(dirname(given), (name) => glob.test(name) && (!name.startsWith('.') || pattern.startsWith('.')), given);
  if (found.length === 0) throw new InputError(`no file matches '${given}'`);
  return found;
}

/** The files directly in `dir` whose names pass `wanted`, as paths, in name order. */
async function filesIn(dir: string, wanted: (name: string) => boolean, pattern?: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    throw new InputError(`cannot read '${pattern ?? dir}': ${readFailure(error)}`);
  });
  const chosen = entries.filter((entry) => wanted(entry.name) && (entry.isFile() || entry.isSymbolicLink())).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A link is followed as a shell's expansion follows it: kept when it leads to a file.
  const isFile = async (entry: Dirent): Promise<boolean> => entry.isFile() || ((await stat(join(dir, entry.name)).catch(() => undefined))?.isFile() ?? false);
  const kept = await Promise.all(chosen.map(isFile));
  return chosen.filter((_, i) => kept[i]).map((entry) => join(dir, entry.name));
}
