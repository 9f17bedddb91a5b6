// A scheme whose header is an HMAC of the body bytes alone, maybe after a prefix ('sha256='), maybe
// several comma-separated while a secret rotates (PagerDuty's 'v1=a,v1=b').
import { hmacPrimitive, type DigestEncoding, type HmacAlgorithm } from '../hmac.js';
import { listed, prefixed, signedScheme } from '../signed-scheme.js';
import type { SignatureScheme } from '../types.js';

export interface BodyHmacScheme {
  id: string;
  title: string;
  follows: string;
  /** The header as the sender spells it. */
  header: string;
  algorithm?: HmacAlgorithm;
  encoding?: DigestEncoding;
  prefix?: string;
  /** Several comma-separated signatures may arrive. */
  rotating?: boolean;
}

export function bodyHmacScheme(spec: BodyHmacScheme): SignatureScheme {
  const prefix = spec.prefix ?? '';
  return signedScheme({
    id: spec.id,
    title: spec.title,
    follows: spec.follows,
    header: spec.header,
    primitive: hmacPrimitive(spec.algorithm ?? 'sha256', spec.encoding ?? 'hex'),
    content: ({ body }) => [body],
    ...(spec.rotating ? listed(prefix, ',') : prefixed(prefix)),
  });
}
