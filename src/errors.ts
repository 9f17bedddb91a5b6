// The error classes of whk. Every error a user can cause carries its exit code and a hint;
// src/main.ts is the one place that turns them into process.exitCode and a printed line.

// brokenPipe: stdout's reader went away mid-run (`whk validate big.ndjson | head`); the run was cut
// short, so neither 0 nor a verdict: 141, what a shell reports for a process that SIGPIPE ended.
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130, brokenPipe: 141, terminated: 143 } as const;

/**
 * The core names an option by its field in backquotes (`maxBody`), never by a CLI flag; the command
 * layer renders each such name as its flag (--max-body) through the option table.
 */
export const fieldRef = (field: string): string => `\`${field}\``;

const FIELD_REF = /`([a-zA-Z][a-zA-Z0-9]*)`/;

/** Replaces every `field` in a text with what `name` gives for it (left as is when it gives nothing). */
export function renameFields(text: string, name: (field: string) => string | undefined): string {
  return text.replace(new RegExp(FIELD_REF, 'g'), (ref, field: string) => name(field) ?? ref);
}

export class WhkError extends Error {
  readonly code: string;
  readonly exitCode: number;
  hint: string | undefined;
  /**
   * The option at fault (e.g. 'url', 'maxBody'), when one is: the one its thrower names (`unknown kind
   * 'x'` names the `kind`), else the first field the message names.
   */
  readonly field: string | undefined;

  constructor(message: string, options: { code: string; exitCode: number; hint?: string; cause?: unknown; field?: string }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
    this.field = options.field ?? FIELD_REF.exec(message)?.[1];
  }

  /** Renders the fields named in the message and hint with `name` (the CLI: flags). */
  renameFields(name: (field: string) => string | undefined): this {
    this.message = renameFields(this.message, name);
    if (this.hint !== undefined) this.hint = renameFields(this.hint, name);
    // A field renamed as another (the API's `auth` for the core's `authBearer`) is the one at fault
    // now; a flag (--auth-bearer) is no field, and leaves it.
    const renamed = this.field === undefined ? undefined : FIELD_REF.exec(name(this.field) ?? '')?.[1];
    if (renamed !== undefined) (this as { field: string | undefined }).field = renamed;
    return this;
  }

  /**
   * Names the option at fault when nothing did: a path's error is thrown where it is not known which
   * option held it (a `set`, or a mapping file's path).
   */
  blame(field: string): this {
    // Readonly to the API's users; filled in once, here.
    (this as { field: string | undefined }).field ??= field;
    return this;
  }
}

/** For a promise's catch: a WhkError that names no option is blamed on `field`, and thrown on. */
export function blamedOn(field: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof WhkError) error.blame(field);
    throw error;
  };
}

/** Runs `run`; a WhkError it throws that names no option is blamed on `field`. */
export function blaming<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    return blamedOn(field)(error);
  }
}

/**
 * A bad flag, bad value, unknown kind, missing file: the user must change the command. Exit 2.
 * `field` names the option at fault where the message does not (`unknown kind 'x'`: the `kind`).
 */
export class UsageError extends WhkError {
  constructor(message: string, hint?: string, field?: string) {
    super(message, { code: 'WHK_USAGE', exitCode: EXIT.usage, ...(hint === undefined ? {} : { hint }), ...(field === undefined ? {} : { field }) });
  }
}

/** Input that cannot be read (missing file, unreadable JSON given as input). Exit 2. */
export class InputError extends WhkError {
  constructor(message: string, hint?: string, cause?: unknown, field?: string) {
    super(message, { code: 'WHK_INPUT', exitCode: EXIT.usage, ...(hint === undefined ? {} : { hint }), cause, ...(field === undefined ? {} : { field }) });
  }
}

/** A check that ran and failed: invalid payload, failed delivery, unmet expectation. Exit 1. */
export class CheckFailedError extends WhkError {
  constructor(message: string, hint?: string) {
    super(message, { code: 'WHK_CHECK_FAILED', exitCode: EXIT.failed, ...(hint === undefined ? {} : { hint }) });
  }
}

/** The user cancelled (Ctrl-C, an aborted prompt). Exit 130. */
export class CancelledError extends WhkError {
  constructor(message = 'cancelled') {
    super(message, { code: 'WHK_CANCELLED', exitCode: EXIT.cancelled });
  }
}

export function isWhkError(error: unknown): error is WhkError {
  return error instanceof WhkError;
}

/** The message of anything thrown, for reports that must not fail themselves. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
