// Why a file could not be read or written, in words: the one wording of errno codes, shared by every
// command, and by main.ts for stdout itself (loaded at start-up, so it stays this small).
import { dirname } from 'node:path';

export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Why a file could not be written, in words: a missing name there is its directory (the file is being made). */
export function writeFailure(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `its directory ${dirname(file)} does not exist`;
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'the file system is read-only';
  return readFailure(error);
}
