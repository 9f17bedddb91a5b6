// The settings of the signature schemes that take them, as given (sign's, verify's, listen's, send's,
// replay's and the API's), checked as the wire takes them and gathered into the scheme's SchemeParams.
import { fieldRef, UsageError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import { isHeaderName, isHeaderValue } from '../util/sendable-header.js';
import type { SchemeParams } from './types.js';

/** The scheme settings as sign, verify, listen, send and replay (CLI and API) parse them. */
export interface SchemeSettingOptions {
  signatureHeader?: string | undefined;
  timestampHeader?: string | undefined;
  idHeader?: string | undefined;
  algorithm?: 'sha1' | 'sha256' | 'sha512' | undefined;
  encoding?: 'hex' | 'base64' | undefined;
  prefix?: string | undefined;
  content?: string | undefined;
  /** sign only: the Twilio SharedKey the secret is. */
  sharedKey?: string | undefined;
}

/**
 * Header names and the text that goes into a header value, as the wire takes them: a name with a
 * space, or a prefix or id with a line break, printed a header no receiver would read as one.
 */
function checkHeaderParts(options: SchemeSettingOptions & { id?: string | undefined }): void {
  for (const field of ['signatureHeader', 'timestampHeader', 'idHeader'] as const) {
    const name = options[field];
    if (name !== undefined && !isHeaderName(name)) throw new UsageError(`invalid ${fieldRef(field)} ${describeValue(name)}: not an HTTP header name`, 'a header name is letters, digits and !#$%&\'*+-.^_`|~, e.g. X-Signature');
  }
  for (const field of ['prefix', 'id'] as const) {
    const text = options[field];
    if (text !== undefined && !isHeaderValue(text)) throw new UsageError(`invalid ${fieldRef(field)} ${describeValue(text)}: it goes into a header value, which holds no line break or other control character`);
  }
}

/** The scheme settings given (sign's, verify's, listen's, send's and replay's), header names and texts checked as the wire takes them. */
export function givenSchemeParams(options: SchemeSettingOptions & { id?: string | undefined }): SchemeParams {
  checkHeaderParts(options);
  return {
    header: options.signatureHeader,
    timestampHeader: options.timestampHeader,
    idHeader: options.idHeader,
    algorithm: options.algorithm,
    encoding: options.encoding,
    prefix: options.prefix,
    content: options.content,
    sharedKey: options.sharedKey,
  };
}
