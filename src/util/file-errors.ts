// Why a file could not be read or written, in words: the one wording of errno codes, shared by every
// command, and by main.ts for stdout itself (loaded there only once stdout fails).
import { dirname } from 'node:path';

export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `no such file${tildeNote((error as NodeJS.ErrnoException).path)}`;
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Why a file could not be written, in words: a missing name there is its directory (the file is being made). */
export function writeFailure(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `its directory ${dirname(file)} does not exist${tildeNote(file)}`;
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'the file system is read-only';
  return readFailure(error);
}

/**
 * Said after "no such file" of a path that starts with ~/ (or is ~): a shell expands ~ only unquoted,
 * and whk expands it only at the wizard's prompts, so a quoted '~/x.json' named a directory called ~.
 */
export function tildeNote(path: unknown): string {
  if (typeof path !== 'string' || (path !== '~' && !path.startsWith('~/'))) return '';
  return ` (whk does not expand ~ outside the wizard, and the shell did not either, as it was quoted: use $HOME${path.slice(1)} or leave the ~ unquoted)`;
}
