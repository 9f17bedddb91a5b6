// Turning commander's raw option bags into typed objects at the boundary (one zod parse per command).
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { parseDuration, parseSize } from '../util/units.js';

/** The flag a commander option key came from: 'retryDelay' → '--retry-delay'. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Parses raw options; the first problem becomes a one-line usage error naming the flag. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const flag = issue && issue.path.length > 0 ? flagName(String(issue.path[0])) : 'options';
  throw new UsageError(`invalid ${flag}: ${issue?.message ?? 'bad value'}`);
}

/** Reusable option fields. Each accepts commander's string and yields the typed value. */
export const opt = {
  int: (min = 0, max = Number.MAX_SAFE_INTEGER) =>
    z.union([z.string(), z.number()]).transform((value, ctx) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) {
        const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
        ctx.addIssue({ code: 'custom', message: `expected an integer ${range}, got '${value}'` });
        return z.NEVER;
      }
      return n;
    }),
  rate: () =>
    z.union([z.string(), z.number()]).transform((value, ctx) => {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0 || n > 1) {
        ctx.addIssue({ code: 'custom', message: `expected a number from 0 to 1, got '${value}'` });
        return z.NEVER;
      }
      return n;
    }),
  duration: () => z.union([z.string(), z.number()]).transform((value) => (typeof value === 'number' ? value : parseDuration(value))),
  size: () => z.union([z.string(), z.number()]).transform((value) => (typeof value === 'number' ? value : parseSize(value))),
  list: () => z.array(z.string()).default([]),
};
