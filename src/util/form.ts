// application/x-www-form-urlencoded bodies: fields in order, repeated names kept (Travis CI posts
// `payload=<json>`; other senders post several fields, some more than once).

/** Field name and value pairs, in the order they came. */
export type FormFields = [name: string, value: string][];

export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

export function parseForm(text: string): FormFields {
  return [...new URLSearchParams(text)];
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
