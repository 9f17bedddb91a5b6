// The generic HMAC, for senders whk has no scheme for: the header, algorithm, encoding, prefix and
// signed content are parameters. The content is a template: {body}, {timestamp}, {id} and {url}
// stand for their values; the timestamp and id come from headers the parameters name.
// Defaults (whk's choice): X-Signature, sha256, hex, no prefix, {body}.
import { UsageError } from '../../errors.js';
import { hmacPrimitive } from '../hmac.js';
import { prefixed, signedScheme, type SignedParts } from '../signed-scheme.js';
import type { SchemeParams, SignatureScheme } from '../types.js';

const id = 'hmac';
const title = 'Generic HMAC';
const follows = "whk's own: an HMAC of a content template ({body}, {timestamp}, {id}, {url}) in a named header";
export const DEFAULT_HMAC_HEADER = 'X-Signature';

const FIELD = /(\{(?:body|timestamp|id|url)\})/;

function template(content: string): (parts: SignedParts) => (string | Uint8Array)[] {
  const pieces = content.split(FIELD).filter((piece) => piece !== '');
  return (parts) =>
    pieces.map((piece) =>
      piece === '{body}' ? parts.body : piece === '{timestamp}' ? parts.timestamp : piece === '{id}' ? parts.id : piece === '{url}' ? parts.url : piece,
    );
}

// Any {name}: one that is not a field would be signed as its own text, the body perhaps not at all.
const ANY_FIELD = /\{[A-Za-z_][\w-]*\}/g;

function configured(params: SchemeParams = {}): SignatureScheme {
  const content = params.content ?? '{body}';
  const unknown = content.match(ANY_FIELD)?.find((field) => !FIELD.test(field));
  if (unknown !== undefined) throw new UsageError(`invalid \`content\` '${content}': ${unknown} is not one of {body}, {timestamp}, {id}, {url}`);
  const timestamped = content.includes('{timestamp}');
  const signsId = content.includes('{id}');
  if (timestamped && params.timestampHeader === undefined) {
    throw new UsageError('the signed content has {timestamp}, so the header carrying the timestamp must be named', 'name it with `timestampHeader`, e.g. `timestampHeader` X-Timestamp');
  }
  if (signsId && params.idHeader === undefined) throw new UsageError('the signed content has {id}, so the header carrying the id must be named', 'name it with `idHeader`, e.g. `idHeader` X-Webhook-Id');
  // A header named and never signed would read as replay protection that is not there.
  if (!timestamped && params.timestampHeader !== undefined) throw unsigned('timestampHeader', params, '{timestamp}');
  if (!signsId && params.idHeader !== undefined) throw unsigned('idHeader', params, '{id}');
  return signedScheme({
    id,
    title,
    follows,
    header: params.header ?? DEFAULT_HMAC_HEADER,
    timestampHeader: timestamped ? params.timestampHeader : undefined,
    idHeader: signsId ? params.idHeader : undefined,
    whkOwn: true,
    primitive: hmacPrimitive(params.algorithm ?? 'sha256', params.encoding ?? 'hex'),
    content: template(content),
    ...prefixed(params.prefix ?? ''),
  });
}

function unsigned(field: 'timestampHeader' | 'idHeader', params: SchemeParams, placeholder: string): UsageError {
  const content = params.content ?? '{body}';
  const given = params.content === undefined ? `the default \`content\` '${content}'` : `\`content\` '${content}'`;
  return new UsageError(
    `\`${field}\` ${params[field] ?? ''} is named, but ${given} has no ${placeholder}: the header would be neither signed nor checked`,
    `to sign it, put ${placeholder} in the content, e.g. \`content\` '${placeholder}.${content}'`,
  );
}

/** A template that signs {url} cannot be signed or checked without it (it would sign '' instead). */
function withUrl<T extends { params?: SchemeParams | undefined; url?: string | undefined }>(input: T): T {
  if (input.url === undefined && (input.params?.content ?? '').includes('{url}')) {
    throw new UsageError('the signed content has {url}, and no `url` was given', 'give the full request URL, e.g. `url` https://example.com/hooks');
  }
  return input;
}

export const genericHmac: SignatureScheme = {
  id,
  title,
  follows,
  headers: [DEFAULT_HMAC_HEADER.toLowerCase()],
  params: ['header', 'algorithm', 'encoding', 'prefix', 'content', 'timestampHeader', 'idHeader'],
  sign: (input) => configured(input.params).sign(withUrl(input)),
  verify: (input) => configured(input.params).verify(withUrl(input)),
  checkParams: (params) => void configured(params),
  signs: (_secret, params) => ({
    id: (params?.content ?? '').includes('{id}') || 'with {id} in `content` and `idHeader` naming its header',
    timestamp: (params?.content ?? '').includes('{timestamp}') || 'with {timestamp} in `content` and `timestampHeader` naming its header',
  }),
};
