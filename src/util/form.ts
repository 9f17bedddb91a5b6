// application/x-www-form-urlencoded bodies: fields in order, repeated names kept (Travis CI posts
// `payload=<json>`; other senders post several fields, some more than once).

/** Field name and value pairs, in the order they came. */
export type FormFields = [name: string, value: string][];

export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * whk's bound, as on a multipart body's parts: the most fields read from one form. A body of
 * "a&a&…" holds a field every two bytes, and 5 million of them took seconds and a gigabyte.
 */
export const MAX_FORM_FIELDS = 1_000;

/** The form's fields, the first MAX_FORM_FIELDS of them; `unread` counts the rest. */
export function parseForm(text: string): { fields: FormFields; unread: number } {
  // URLSearchParams skips the empty sequences between '&'s ("a&&b" is two fields): so are they counted.
  let fields = 0;
  let cut = text.length;
  for (let start = 0; start <= text.length; ) {
    const found = text.indexOf('&', start);
    const end = found === -1 ? text.length : found;
    if (end > start && ++fields === MAX_FORM_FIELDS) cut = end;
    start = end + 1;
  }
  return { fields: [...new URLSearchParams(text.slice(0, cut))], unread: Math.max(0, fields - MAX_FORM_FIELDS) };
}

/** The body that carries these fields ('+' for spaces, as browsers and Ruby's encoder write it). */
export function encodeForm(fields: FormFields): string {
  return new URLSearchParams(fields).toString();
}

/** The media type of a Content-Type header, lower-case, without parameters. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  // The common header, as senders write it, needs no work (the receiver reads one per request).
  if (contentType === 'application/json') return contentType;
  const end = contentType.indexOf(';');
  const type = (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
  return type === '' ? undefined : type;
}
