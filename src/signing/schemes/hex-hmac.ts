// A scheme whose header is a hex HMAC-SHA256 of the body bytes, optionally after a prefix, with
// several comma-separated values allowed while a secret rotates (PagerDuty's 'v1=a,v1=b').
import { digestEquals, headerValue, hmac } from '../hmac.js';
import type { SignatureScheme } from '../types.js';

export interface HexHmacScheme {
  id: string;
  title: string;
  follows: string;
  /** The header as the sender spells it. */
  header: string;
  prefix?: string;
}

export function hexHmacScheme(spec: HexHmacScheme): SignatureScheme {
  const name = spec.header.toLowerCase();
  const prefix = spec.prefix ?? '';
  return {
    id: spec.id,
    title: spec.title,
    follows: spec.follows,
    headers: [name],
    sign: ({ body, secret }) => ({ [spec.header]: `${prefix}${hmac('sha256', secret, body).toString('hex')}` }),
    verify: ({ body, headers, secret }) => {
      const value = headerValue(headers, name);
      if (value === undefined) return { verdict: 'missing', reason: `no ${spec.header} header`, header: name };
      const digests = prefix
        ? value.split(',').map((part) => part.trim()).filter((part) => part.startsWith(prefix)).map((part) => part.slice(prefix.length))
        : [value];
      if (digests.length === 0) return { verdict: 'invalid', reason: `header malformed: no value starts with '${prefix}'`, header: name };
      const expected = hmac('sha256', secret, body);
      return digests.some((digest) => digestEquals(expected, digest, 'hex'))
        ? { verdict: 'valid', reason: 'signature matches', header: name }
        : { verdict: 'invalid', reason: 'signature does not match: wrong secret or changed body', header: name };
    },
  };
}
