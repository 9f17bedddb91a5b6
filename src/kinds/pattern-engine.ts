// The RegExp engine a custom kind's ajv runs the user's patterns through (`pattern`,
// `patternProperties` keys, `propertyNames`): a pattern that backtracks catastrophically (^(a+)+$, many
// e-mail and URL regexes) must not let a sender's value hold whk's only thread. A long value is tested
// on a worker thread (pattern-worker.ts) the main thread waits for with a time limit; a test past it is
// stopped (the worker is ended, a new one made on next use) and the payload gets an issue instead.
import { ask, endPatternWorker, startPatternWorker, type PatternWorker } from './pattern-worker.js';
import type { AjvIssue } from './ajv-issues.js';
import type { PathSegment } from '../util/json-path.js';
import { cutText } from '../util/cut-text.js';

export interface PatternLimits {
  /** The CPU time one pattern may take on one value before it is stopped. */
  testMs: number;
  /** The time all the pattern tests of one payload may take together (many values each just under testMs). */
  payloadMs: number;
  /** Values this long or shorter are tested on the main thread: their backtracking stays small. */
  directLength: number;
}

// whk's choices, not a sender's. 10 characters: measured on Node 20, the worst of ^((a+)+)+$,
// ^(((a+)+)+)+$ and ^((a|a)*)*$ takes about 2 ms there (at 16 it takes 0.1 s to 11 s), while a test
// on the worker costs about 4 µs, so ordinary values stay fast either way.
export const PATTERN_LIMITS: PatternLimits = { testMs: 100, payloadMs: 500, directLength: 10 };
// Only a worker that cannot start at all waits this long (it is not the sender's doing).
const START_LIMIT_MS = 10_000;

/** A pattern test whk stopped: it ran past a limit, its worker never started, or the regex engine threw. */
export class PatternStopped extends Error {
  constructor(
    readonly pattern: string,
    readonly value: string,
    readonly reason: 'test' | 'payload' | 'start' | 'failed',
    readonly limitMs: number,
  ) {
    super(`pattern ${pattern} stopped (${reason})`);
  }
}

/** What ajv's generated code calls (ajv's RegExpLike; it keys patterns by toString()). */
export interface RegExpLike {
  test(value: string): boolean;
  toString(): string;
}

export interface PatternEngine {
  /** ajv's `code.regExp`: compiles at once (a bad pattern is the schema's error), tests through the limits. */
  regExp: ((pattern: string, flags: string) => RegExpLike) & { code: string };
  /** A key against a patternProperties pattern outside ajv (an unlisted-field note); a bad pattern matches nothing. */
  matches(pattern: string, value: string): boolean;
  /** A new payload: its tests get the whole payload budget. */
  startPayload(): void;
}

export interface PatternEngineOptions {
  limits?: PatternLimits;
  /** The clock the main thread's own tests are timed with (injected in tests). */
  now?: () => number;
}

export function createPatternEngine(options: PatternEngineOptions = {}): PatternEngine {
  const limits = options.limits ?? PATTERN_LIMITS;
  const now = options.now ?? (() => performance.now());
  let current: PatternWorker | undefined;
  let spentMs = 0;
  // The pairs stopped for taking too long: a payload is checked more than once (detection, then
  // validation, then its notes), and a sender may send the same value again; none needs the wait twice.
  const slow = new Set<string>();

  function stop(worker: PatternWorker): void {
    endPatternWorker(worker);
    if (current === worker) current = undefined;
  }

  function onWorker(re: RegExp, value: string): boolean {
    // A test left in flight (the stack ran out around it, in a schema that follows a deep payload)
    // would answer the next one: that worker is dropped.
    if (current?.busy === true) stop(current);
    const worker = (current ??= startPatternWorker());
    const limitMs = Math.min(limits.testMs, limits.payloadMs - spentMs);
    const answer = ask(worker, re, value, limitMs, START_LIMIT_MS);
    if (typeof answer === 'object') {
      spentMs += answer.tookMs;
      return answer.matched;
    }
    // The worker lives on (it caught the throw); the value gets an issue, as for a stopped test.
    if (answer === 'failed') throw new PatternStopped(re.source, value, 'failed', limitMs);
    stop(worker);
    if (answer === 'not-started') throw new PatternStopped(re.source, value, 'start', START_LIMIT_MS);
    spentMs += limitMs;
    if (limitMs < limits.testMs) throw new PatternStopped(re.source, value, 'payload', limits.payloadMs);
    rememberSlow(re, value);
    throw new PatternStopped(re.source, value, 'test', limits.testMs);
  }

  function rememberSlow(re: RegExp, value: string): void {
    if (slow.size >= 16) slow.clear();
    slow.add(`${re.toString()}\n${value}`);
  }

  function test(re: RegExp, value: string): boolean {
    if (spentMs >= limits.payloadMs) throw new PatternStopped(re.source, value, 'payload', limits.payloadMs);
    if (value.length > limits.directLength) {
      if (slow.size > 0 && slow.has(`${re.toString()}\n${value}`)) throw new PatternStopped(re.source, value, 'test', limits.testMs);
      return onWorker(re, value);
    }
    const start = now();
    const matched = re.test(value);
    spentMs += now() - start;
    return matched;
  }

  const compiled = new Map<string, RegExp | undefined>();
  const regExp = Object.assign(
    (pattern: string, flags: string): RegExpLike => {
      const re = new RegExp(pattern, flags);
      // ajv keys its patterns by toString(): one per pattern and flags, as a RegExp's.
      return { test: (value: string) => test(re, value), toString: () => re.toString() };
    },
    { code: 'whk-pattern-engine' },
  );
  return {
    regExp,
    matches(pattern, value) {
      if (!compiled.has(pattern)) compiled.set(pattern, compileOrUndefined(pattern));
      const re = compiled.get(pattern);
      return re !== undefined && test(re, value);
    },
    startPayload() {
      spentMs = 0;
    },
  };
}

function compileOrUndefined(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

const shown = (pattern: string): string => cutText(pattern, 80);

/** The issue a stopped test makes, at the first place the payload holds that value (or that key). */
export function stoppedIssue(stopped: PatternStopped, payload: unknown): AjvIssue {
  const found = whereIs(payload, stopped.value);
  const what = `a ${[...stopped.value].length}-character ${found?.asKey ? 'property name' : 'value'}`;
  const pattern = shown(stopped.pattern);
  const message =
    stopped.reason === 'test'
      ? `pattern ${pattern} took longer than ${stopped.limitMs} ms on ${what}; whk stopped it (the pattern backtracks)`
      : stopped.reason === 'payload'
        ? `pattern ${pattern} was stopped on ${what}: the schema's patterns had taken ${stopped.limitMs} ms on this payload in all (they backtrack)`
        : stopped.reason === 'failed'
          ? `pattern ${pattern} could not be tested on ${what}: the regular expression engine ran out of stack on it`
          : `pattern ${pattern} was not tested on ${what}: whk's worker thread for long values did not start within ${stopped.limitMs} ms`;
  return { path: found?.path ?? [], message, stopped: true };
}

/** The path of the first string equal to value, or of the object with that key; iterative, as payloads nest deep. */
function whereIs(payload: unknown, value: string): { path: PathSegment[]; asKey: boolean } | undefined {
  interface Step {
    node: unknown;
    key?: PathSegment;
    parent?: Step;
  }
  const pathOf = (step: Step): PathSegment[] => {
    const path: PathSegment[] = [];
    for (let at: Step | undefined = step; at?.parent !== undefined; at = at.parent) path.unshift(at.key as PathSegment);
    return path;
  };
  const stack: Step[] = [{ node: payload }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    const { node } = step;
    if (node === value) return { path: pathOf(step), asKey: false };
    if (node === null || typeof node !== 'object') continue;
    if (!Array.isArray(node) && Object.hasOwn(node, value)) return { path: pathOf(step), asKey: true };
    // Pushed in reverse, so the first in document order is found first.
    const entries: [PathSegment, unknown][] = Array.isArray(node) ? node.map((child, i) => [i, child]) : Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [PathSegment, unknown];
      stack.push({ node: child, key, parent: step });
    }
  }
  return undefined;
}
