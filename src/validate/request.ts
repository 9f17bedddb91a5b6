// One request's JSON judged as the receiver judges it: the given kind (its event from the event
// header, else from the body), or the kind and event detected from the headers, then the body. Shared
// by listen (receiver/inspect.ts) and validate's capture records, so the two agree on the same traffic.
import { eventSentAs } from '../kinds/common.js';
import { detectRequest } from '../kinds/detect.js';
import type { Kind } from '../kinds/types.js';
import { headerText } from '../capture/request-fields.js';
import { validatePayload, type ValidationResult } from './payload.js';

/** Request headers by lower-case name, as the receiver reads and records them. */
export type RequestHeaders = Readonly<Record<string, string | string[]>>;

export interface RequestVerdict extends Pick<ValidationResult, 'kindSource' | 'issues' | 'warnings' | 'notes'> {
  /** Undefined when no kind claims the request (unknown: no issues) or two do (an issue says so). */
  kind: Kind | undefined;
  event: string | undefined;
}

export interface RequestJudging {
  kinds: readonly Kind[];
  /** Validate as this kind instead of detecting it. */
  kind?: string | undefined;
  /** That kind, when it is one of `kinds`. */
  given?: Kind | undefined;
}

/** The given kind, or the one the request is detected as (once), and its schema's verdict. */
export function judgeRequest(payload: unknown, headers: RequestHeaders, options: RequestJudging): RequestVerdict {
  const { kinds, given } = options;
  if (options.kind !== undefined) {
    const event = given ? namedEvent(given, headers, payload) : undefined;
    return verdictOf(validatePayload(payload, { kind: options.kind, kinds, event }), given, event);
  }
  const detection = detectRequest({ headers, body: payload }, kinds);
  if (detection.status === 'unknown') return { kind: undefined, kindSource: 'none', event: undefined, issues: [], warnings: [], notes: [] };
  if (detection.status === 'ambiguous') return { kind: undefined, kindSource: 'none', event: undefined, issues: [{ path: '$', message: detection.message }], warnings: [], notes: [] };
  return verdictOf(validatePayload(payload, { kinds, detected: detection.kind, event: detection.event }), detection.kind, detection.event);
}

/**
 * The schema's verdict with the kind itself in place of its id. Its fields named one by one: a spread
 * of the result with `kind` turned from a string to an object made an object V8 reads slowly, and
 * building and reading it took about an eighth of the pipeline's time (timed in process by hand:
 * about 13.8 against 12.1 µs a request).
 */
function verdictOf(result: ValidationResult, kind: Kind | undefined, event: string | undefined): RequestVerdict {
  return { kind, kindSource: result.kindSource, event, issues: result.issues, warnings: result.warnings, notes: result.notes };
}

/** The event of a given kind: its event header's, else the one the body names. */
function namedEvent(kind: Kind, headers: RequestHeaders, payload: unknown): string | undefined {
  if (!kind.events) return undefined;
  const value = kind.eventHeader === undefined ? undefined : headerText(headers[kind.eventHeader.toLowerCase()]);
  const byHeader = value === undefined ? undefined : eventSentAs(kind.events, value);
  return byHeader?.id ?? kind.eventOf?.(payload);
}
