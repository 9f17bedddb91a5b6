// A kind from one captured request: its body's inferred JSON Schema, the body as the example, and
// how the sender sent it (content type, form field, User-Agent, its other headers) under the
// schema's "x-whk" keyword, which custom.ts reads back. A webhook caught once becomes sendable
// (send --schema), detectable (listen --schema) and checkable (validate --schema).
import { unparsedBody, type CaptureRecord } from '../capture/record.js';
import { headerText } from '../capture/request-fields.js';
import { InputError } from '../errors.js';
import { nestsDeeperThan } from '../util/deep-json.js';
import { FORM_MEDIA_TYPE, mediaType } from '../util/form.js';
import { HOP_BY_HOP_HEADERS } from '../util/hop-headers.js';
import { formatPath, type PathSegment } from '../util/json-path.js';
import { isRecord } from '../util/json.js';
import { MULTIPART_MEDIA_TYPE } from '../util/multipart.js';
import { inferSchema, type JsonSchema } from './infer-schema.js';
import type { DeliveryProfile } from './types.js';
import { setOwn } from '../util/set-own.js';

/** What "x-whk" holds: how the sender put the payload on the wire. */
export interface SenderDescription {
  contentType?: DeliveryProfile['contentType'];
  formField?: string;
  userAgent?: string;
  headers?: Record<string, string>;
}

export interface FromCaptureOptions {
  /** The kind's name: the schema's title, from which its id comes. */
  name: string;
  /** Where the record came from, for the schema's description: 'captures.ndjson, record 3'. */
  source: string;
  /** Headers never copied: signatures and tokens are per request or private. */
  isSecret: (name: string) => boolean;
}

export interface CapturedKind {
  schema: JsonSchema;
  /** The headers kept for sending, and the ones left out as secrets. */
  headers: Record<string, string>;
  droppedSecrets: string[];
}

const MAX_BODY_DEPTH = 100;

/** What a record's body is when no kind can be made of it, in the words of the error. */
// Set by whk from the kind (content type), by the body (encoding), or per connection.
const NOT_COPIED = new Set(['content-type', 'content-encoding', 'user-agent', 'accept-encoding']);

export function kindFromCapture(record: CaptureRecord, options: FromCaptureOptions): CapturedKind {
  if (record.body === null || record.body === undefined) throw new InputError(`${options.source}: its body is ${unparsedBody(record)}; a kind is made from a JSON body (or a form field holding JSON) other than null`);
  // A body of a few kB may nest thousands of levels (listen records it); inferring and writing its
  // schema recurses and overflowed the stack. No webhook's payload is anywhere near this deep.
  if (nestsDeeperThan(record.body, MAX_BODY_DEPTH)) throw new InputError(`${options.source}: its body nests deeper than ${MAX_BODY_DEPTH} levels; a kind's schema is inferred from a body nested ${MAX_BODY_DEPTH} levels at most`);
  // 1e400 is JSON that reads as Infinity, which the example is written as null: the kind would send
  // (and sample) a payload its own schema refuses ("expected number, got null").
  const infinite = infinitePath(record.body, []);
  if (infinite !== undefined) throw new InputError(`${options.source}: its body's number at ${formatPath(infinite)} is too large for a double (it reads as Infinity, and its example would be written as null); a kind is made from a body of finite numbers`);
  const headers: Record<string, string> = {};
  const droppedSecrets: string[] = [];
  for (const [name, value] of Object.entries(record.headers)) {
    if (HOP_BY_HOP_HEADERS.has(name) || NOT_COPIED.has(name)) continue;
    if (options.isSecret(name)) droppedSecrets.push(name);
    else setOwn(headers, name, headerText(value) ?? '');
  }
  const sender: SenderDescription = { ...wireFormat(record), ...userAgentOf(record), ...(Object.keys(headers).length > 0 ? { headers } : {}) };
  const schema: JsonSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: options.name,
    description: `Inferred by whk from ${options.source} (${record.method} ${record.path}, received ${record.receivedAt}): the types and keys of one payload. Loosen it where your sender varies.`,
    ...inferSchema(record.body),
    examples: [record.body],
    'x-whk': sender,
  };
  return { schema, headers, droppedSecrets };
}

/** Where the first number that is not finite is in a body (nested MAX_BODY_DEPTH levels at most). */
function infinitePath(value: unknown, at: PathSegment[]): PathSegment[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : at;
  const entries: [PathSegment, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : isRecord(value) ? Object.entries(value) : [];
  for (const [key, item] of entries) {
    const found = infinitePath(item, [...at, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** JSON as JSON, a form (urlencoded or multipart) carrying JSON in one field as that form, JSON labelled text as text. */
function wireFormat(record: CaptureRecord): Pick<SenderDescription, 'contentType' | 'formField'> {
  const media = mediaType(headerText(record.headers['content-type']));
  if (record.form?.json) return { contentType: media === MULTIPART_MEDIA_TYPE ? MULTIPART_MEDIA_TYPE : FORM_MEDIA_TYPE, formField: record.form.json };
  return { contentType: media?.startsWith('text/') ? 'text/plain; charset=UTF-8' : 'application/json' };
}

function userAgentOf(record: CaptureRecord): Pick<SenderDescription, 'userAgent'> {
  const agent = headerText(record.headers['user-agent']);
  return agent ? { userAgent: agent } : {};
}
