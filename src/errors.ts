// The error classes of whk. Every error a user can cause carries its exit code and a hint;
// src/main.ts is the one place that turns them into process.exitCode and a printed line.

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

export class WhkError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, options: { code: string; exitCode: number; hint?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
  }
}

/** A bad flag, bad value, unknown kind, missing file: the user must change the command. Exit 2. */
export class UsageError extends WhkError {
  constructor(message: string, hint?: string) {
    super(message, { code: 'WHK_USAGE', exitCode: EXIT.usage, ...(hint === undefined ? {} : { hint }) });
  }
}

/** Input that cannot be read (missing file, unreadable JSON given as input). Exit 2. */
export class InputError extends WhkError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { code: 'WHK_INPUT', exitCode: EXIT.usage, ...(hint === undefined ? {} : { hint }), cause });
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
