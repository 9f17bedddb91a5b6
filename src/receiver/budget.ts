// How much memory the bodies of all requests in flight may hold together. One request stays under
// --max-body, but hundreds at once (or hundreds of small compression bombs, each inflating to just
// under the limit) would hold gigabytes. Each request takes a lease: the bytes it keeps off the wire
// and the bytes it inflates are counted against the budget as they come, and handed back when it has
// been answered. A request the budget cannot hold is answered 503 with Retry-After (not acknowledged).

export interface BudgetLimits {
  /** Bytes of bodies, as received plus as inflated, all requests together. */
  totalBytes: number;
  /** Of those, bytes produced by decompression: the part a tiny request can make large. */
  inflatedBytes: number;
}

export interface Lease {
  /** Counts `n` more bytes kept off the wire; false (nothing counted) when the budget cannot hold them. */
  keep(n: number): boolean;
  /** Counts `n` more bytes inflated; false (nothing counted) when the budget cannot hold them. */
  inflate(n: number): boolean;
  /** Hands back everything this lease holds. Idempotent. */
  release(): void;
}

export interface BodyBudget {
  lease(): Lease;
}

export const DEFAULT_BUDGET: BudgetLimits = { totalBytes: 512 * 1024 * 1024, inflatedBytes: 128 * 1024 * 1024 };

export function createBodyBudget(limits: BudgetLimits = DEFAULT_BUDGET): BodyBudget {
  let total = 0;
  let inflated = 0;
  return {
    lease() {
      let kept = 0;
      let grown = 0;
      return {
        keep(n) {
          if (total + n > limits.totalBytes) return false;
          total += n;
          kept += n;
          return true;
        },
        inflate(n) {
          if (total + n > limits.totalBytes || inflated + n > limits.inflatedBytes) return false;
          total += n;
          inflated += n;
          grown += n;
          return true;
        },
        release() {
          total -= kept + grown;
          inflated -= grown;
          kept = 0;
          grown = 0;
        },
      };
    },
  };
}
