// What the inspector's server sends the page: the shapes of its JSON API, shared by both sides.
// It imports nothing, so the page (compiled for the browser) can use it without the server's code.

export interface Issue {
  path: string;
  message: string;
}

/** A signature check's outcome (the receiver's, with a secret). */
export type SignatureVerdict = 'valid' | 'invalid' | 'expired' | 'replayed' | 'missing';

/** A copy of src/signing's SchemeParams (this file imports nothing): hmac's and grafana's settings. */
export interface SignatureSettings {
  header?: string | undefined;
  algorithm?: 'sha1' | 'sha256' | 'sha512' | undefined;
  sharedKey?: string | undefined;
  encoding?: 'hex' | 'base64' | undefined;
  prefix?: string | undefined;
  content?: string | undefined;
  timestampHeader?: string | undefined;
  idHeader?: string | undefined;
}

export interface Row {
  id: number;
  /** The request's number in its listen session, when the record has one. */
  seq: number | null;
  time: string;
  method: string;
  path: string;
  /** '?a=1&b=2', or '' */
  query: string;
  kind: string | null;
  /** What happened, in the sender's words: the kind's mapped status (firing, resolved, ...). */
  event: string | null;
  /** 'unknown': no kind claims the request and nothing else is wrong with it (neither valid nor invalid). */
  verdict: 'valid' | 'invalid' | 'unknown';
  issues: number;
  status: number;
  size: number;
  encoding: string;
  signature: SignatureVerdict | null;
  /** The id of the earlier record this one repeats. */
  duplicateOf: number | null;
  /** The answer never reached the sender (it hung up first): the record's `unseen`. */
  unseen: boolean;
  /** How many warnings its record carries (a repaired comma, bytes that are not UTF-8...). */
  warnings: number;
}

export interface PrettyLine {
  depth: number;
  /** The member's key in its object (shown quoted); absent for array items and the root. */
  key?: string;
  /** The value's JSON text, or the bracket that opens or closes a container. */
  text: string;
  type: 'string' | 'number' | 'boolean' | 'null' | 'open' | 'close';
  comma: boolean;
  path: string;
  /** The issues at this path (or under it, for keys that are missing), with their full paths. */
  issues?: Issue[];
  /**
   * An integer past 2^53 whose digits as sent could not be found (bytes that do not hold them, as a
   * capture edited by hand leaves them, or that cannot be decoded again): JSON.parse read it as the
   * nearest double, so `text` may not be them.
   */
  inexact?: true;
  /** The detail's line only: the characters of `text` left out past its bound (detail.ts LINE_CHARS). */
  more?: number;
}

/** A multipart form's file part as the record describes it. */
export interface FilePart {
  name: string;
  filename: string;
  contentType: string | null;
  size: number;
}

export interface PrettyBody {
  lines: PrettyLine[];
  /** The body had more lines than were shown; the rest are left out. */
  truncated: boolean;
}

export interface Detail {
  row: Row;
  headers: [string, string][];
  /** Some header values were replaced by a mask. */
  masked: boolean;
  query: [string, string][];
  /** The parsed JSON body, pretty-printed; null when the body is not JSON. */
  json: PrettyBody | null;
  /** The decoded body as text when it is not JSON (or nests too deep to draw): its first 256 Ki characters; null when not decoded, or binary. */
  text: string | null;
  /** Why the body is shown as bytes alone (its Content-Type, or NUL bytes in it); null for a body read as text. */
  binary: string | null;
  /** The text is longer than shown. */
  textCut: boolean;
  /** The body is JSON nested deeper than the page draws, so it is shown as text. */
  tooDeep: boolean;
  form: [string, string][] | null;
  /** The form field whose JSON is the body drawn (`json`), or null. */
  formJson: string | null;
  /** A multipart form's file parts (not fields: their bytes are in the raw body); null for any other body. */
  files: FilePart[] | null;
  hex: { rows: string[]; shown: number; total: number };
  /** The answer never reached the sender (see the warnings): the record's `unseen`. */
  unseen: boolean;
  issues: Issue[];
  warnings: string[];
  notes: string[];
  /** The scheme that checked, the header it read, its verdict and why, and the settings it was checked with. */
  signature: { scheme?: string; header: string; verdict: SignatureVerdict; reason?: string; params?: SignatureSettings } | null;
  /**
   * When no check was made: the scheme a secret would check it with (the kind's own, or the one whose
   * header came), its header, and whether that header came; null when there is none.
   */
  signatureExpected: { scheme: string; header: string; came: boolean } | null;
  /** The scheme a replay can sign it with anew (the one that checked it, whose secret the receiver holds); null when none. */
  signAnew: string | null;
  idempotencyId: string | null;
  /** What makes it a repeat of an earlier record; 'retry': the same payload after an answer that was not 2xx. */
  duplicateBy: 'idempotency-id' | 'body' | 'retry' | null;
  /** Later records that repeat this one. */
  repeats: number[];
  /** Other records with the same idempotency id. */
  sameIdempotency: number[];
  mapped: unknown;
  /**
   * The values of `mapped` (by stage, `values` or `mapped`, then field name) that hold an integer past
   * 2^53, as JSON with the digits sent: parsed, `mapped` holds the nearest double. Null when none does.
   */
  mappedTexts: { values: Record<string, string>; mapped: Record<string, string> } | null;
  /** Who mapped: the receiver's mapping (recorded), or the kind's default mapping (computed here). */
  mappedBy: 'record' | 'kind' | null;
  forward: { url: string; status: number | null; error: string | null; ms: number } | null;
  sizes: { wire: number; decoded: number | null; truncated: boolean };
}

export interface HeaderDiff {
  name: string;
  a: string | null;
  b: string | null;
  same: boolean;
}

export interface LineOp {
  op: 'same' | 'add' | 'del';
  text: string;
  /** Characters of the line past what the diff shows, left out (0 or absent: the whole line). */
  more?: number;
}

/** Unchanged lines left out of a long diff, between the lines of context around its changes. */
export interface LineGap {
  op: 'gap';
  lines: number;
}

export type DiffLine = LineOp | LineGap;

export interface BodyDiff {
  lines: DiffLine[];
  /** The lines added or removed, shown or not. */
  changes: number;
  /** The lines past the limit, left out. */
  cut: number;
  /**
   * How many lines of each body were compared, when either was longer than a diff reads (its first
   * 50,000 lines or 4 Mi characters); null when both were compared whole.
   */
  compared: { a: number; b: number } | null;
}

export interface Diff {
  a: Row;
  b: Row;
  headers: HeaderDiff[];
  body: BodyDiff;
}

/** What replaying one record to a URL gave. */
export interface ReplayOutcome {
  /** The URL replayed to, its password and secret query values masked. */
  url: string;
  delivered: boolean;
  /** The last attempt's status; null when none answered. */
  status: number | null;
  error: string | null;
  attempts: number;
  refused: string | null;
  /**
   * An edited body that the record's kind does not take (the record was a valid payload of it), in
   * words: "not valid JSON (line 1: …)", "empty, not JSON" or "not a valid <kind> payload (<first
   * issue>)". It went as edited all the same. Null otherwise.
   */
  editInvalid: string | null;
  /**
   * The signature headers the record arrived with that the replay did not carry (original headers
   * unticked, not signed anew, or the body edited), lower case: a receiver that checks them refuses it.
   */
  signaturesLeftOut: string[];
}

/** /api/search's answer: the matching ids, and how many records could not be read back to be searched (absent: none). */
export interface SearchAnswer {
  ids: number[];
  unreadable?: number;
}

/** The page's first look at its source. */
export interface About {
  /** What the page shows: the receiver's URL, or the capture file's name. */
  source: string;
  live: boolean;
  download: boolean;
  /** How many of the newest records a live session keeps (the page drops older rows too); null: all. */
  keep: number | null;
  /** What the page must say of its source, when there is something (a capture file replaced under it); else null. */
  notice: string | null;
}
