// The files a `whk validate` argument names: a file, a directory's payload files, or a pattern a
// shell left unexpanded. Shared by the command and the wizard's prompt, which takes what it takes.
import { isUtf8 } from 'node:buffer';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { InputError } from '../errors.js';
import { compileGlob } from '../util/glob.js';
import { readFailure, tildeNote } from '../util/file-errors.js';

// The files a directory given to validate holds that it reads: JSON, NDJSON and JSON Lines.
const PAYLOAD_FILE = /\.(json|ndjson|jsonl)$/i;

/**
 * A file's path: a string, or the path's bytes when a directory's or pattern's file has a name that is
 * not UTF-8 (a Latin-1 'é'): decoded, it names no file ("no such file"), so it is opened by its bytes.
 */
export type NamedFile = string | Buffer;

/** A file's path as the terminal can show it: bytes that are not UTF-8 read as U+FFFD. */
export function shownPath(file: NamedFile): string {
  return typeof file === 'string' ? file : file.toString('utf8');
}

/**
 * The files an argument names: a file (or -) itself; a directory, the payload files in it (not in
 * its subdirectories, and not those whose names start with a dot, as a shell's * leaves them); a pattern a shell did not expand (quoted, or a shell that expands none) with
 * `*` in its last part, the files it matches. In name order; none is exit 2.
 */
export async function filesNamed(given: string): Promise<NamedFile[]> {
  if (given === '-') return [given];
  const info = await stat(given).catch(() => undefined);
  if (info?.isDirectory()) {
    const found = await filesIn(given, (name) => PAYLOAD_FILE.test(name) && !name.startsWith('.'));
    if (found.length === 0) throw new InputError(`'${given}' is a directory with no .json, .ndjson or .jsonl file in it (its subdirectories are not read)`, 'name the files to validate, or each subdirectory');
    return found;
  }
  if (info) return [given];
  if (given.includes(UNSHOWN)) return [await notUtf8Named(given)];
  const pattern = basename(given);
  if (dirname(given).includes('*')) throw new InputError(`cannot read '${given}': no such file`, "whk expands a * in a file's name, not in the directories before it: leave the pattern unquoted for the shell to expand");
  if (!pattern.includes('*')) throw new InputError(`cannot read '${given}': no such file${tildeNote(given)}`);
  const glob = compileGlob(pattern);
  // As a shell expands one: a name that starts with a dot only when the pattern does.
  const found = await filesIn(dirname(given), (name) => glob.test(name) && (!name.startsWith('.') || pattern.startsWith('.')), given);
  if (found.length === 0) throw new InputError(`no file matches '${given}'`);
  return found;
}

// What a name's bytes that are not UTF-8 were decoded as, before whk saw the argument.
const UNSHOWN = '\uFFFD';

/**
 * A file the shell named by bytes that are not UTF-8 (its glob expanded a Latin-1 'é'): the argument
 * came decoded, with U+FFFD for those bytes, and names no file. It is the one file of its directory
 * whose name decodes to the same text; none, or several, is exit 2 saying why.
 */
async function notUtf8Named(given: string): Promise<NamedFile> {
  const dir = dirname(given);
  const name = basename(given);
  const hint = `the name is not UTF-8: quote the pattern ('${dir}/*.json') or name the directory, and whk reads the name's bytes itself`;
  const entries = dir.includes(UNSHOWN) ? [] : await readdir(dir, { encoding: 'buffer' }).catch(() => []);
  const same = entries.filter((entry) => entry.toString('utf8') === name);
  if (same.length === 1 && same[0] !== undefined) return Buffer.concat([Buffer.from(join(dir, sep)), same[0]]);
  const why = same.length > 1 ? `${same.length} files there have names that read so` : 'no such file';
  throw new InputError(`cannot read '${given}': ${why}`, hint);
}

/** The files directly in `dir` whose names pass `wanted`, as paths, in name order. */
async function filesIn(dir: string, wanted: (name: string) => boolean, pattern?: string): Promise<NamedFile[]> {
  // Read as bytes: a name that is not UTF-8, read as a string, was decoded with U+FFFD and then not found.
  const entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' }).catch((error: unknown) => {
    throw new InputError(`cannot read '${pattern ?? dir}': ${readFailure(error)}`);
  });
  const named = entries.map((entry) => ({ entry, name: entry.name.toString('utf8') }));
  const chosen = named.filter(({ entry, name }) => wanted(name) && (entry.isFile() || entry.isSymbolicLink())).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Buffer.compare(a.entry.name, b.entry.name)));
  const prefix = Buffer.from(join(dir, sep));
  const pathOf = (entry: Dirent<Buffer>, name: string): NamedFile => (isUtf8(entry.name) ? join(dir, name) : Buffer.concat([prefix, entry.name]));
  // A link is followed as a shell's expansion follows it: kept when it leads to a file.
  const isFile = async (entry: Dirent<Buffer>, name: string): Promise<boolean> => entry.isFile() || ((await stat(pathOf(entry, name)).catch(() => undefined))?.isFile() ?? false);
  const kept = await Promise.all(chosen.map(({ entry, name }) => isFile(entry, name)));
  return chosen.filter((_, i) => kept[i]).map(({ entry, name }) => pathOf(entry, name));
}
