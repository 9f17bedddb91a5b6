// Grafana Alerting (12.0+): a hex HMAC-SHA256 in a header the contact point names, over the body,
// or over '{timestamp}:{body}' when a timestamp header is configured (grafana/alerting http/hmac.go).
// Left empty, the header is X-Grafana-Alerting-Signature (defaultHeaderName); the function's doc
// comment says X-Grafana-Alert-Signature, so that one is read too. Grafana has no default timestamp header name:
// X-Grafana-Alerting-Timestamp (the name in Grafana's provisioning examples) is whk's choice.
import { headerValue } from '../../capture/request-fields.js';
import { hmacPrimitive } from '../hmac.js';
import { prefixed, signedScheme } from '../signed-scheme.js';
import type { HeaderMap, SchemeParams, SignatureScheme } from '../types.js';

const SIGNATURE = 'X-Grafana-Alerting-Signature';
const FALLBACK_SIGNATURE = 'X-Grafana-Alert-Signature';
const TIMESTAMP = 'X-Grafana-Alerting-Timestamp';

const id = 'grafana';
const title = 'Grafana Alerting';
const follows = 'grafana/alerting http/hmac.go and the webhook contact point\'s HMAC settings: hex HMAC-SHA256 of the body, or of "{timestamp}:{body}" with a timestamp header';

function variant(header: string, timestampHeader: string | undefined): SignatureScheme {
  return signedScheme({
    id,
    title,
    follows,
    header,
    timestampHeader,
    primitive: hmacPrimitive('sha256', 'hex'),
    content: ({ timestamp, body }) => (timestampHeader === undefined ? [body] : [`${timestamp}:`, body]),
    ...prefixed(''),
  });
}

function present(headers: HeaderMap, name: string): boolean {
  return headerValue(headers, name.toLowerCase()) !== undefined;
}

function readVariant(headers: HeaderMap, params: SchemeParams | undefined): SignatureScheme {
  const header = params?.header ?? (!present(headers, SIGNATURE) && present(headers, FALLBACK_SIGNATURE) ? FALLBACK_SIGNATURE : SIGNATURE);
  const timestampHeader = params?.timestampHeader ?? (present(headers, TIMESTAMP) ? TIMESTAMP : undefined);
  return variant(header, timestampHeader);
}

export const grafana: SignatureScheme = {
  id,
  title,
  follows,
  headers: [SIGNATURE, FALLBACK_SIGNATURE, TIMESTAMP].map((name) => name.toLowerCase()),
  // The fallback signature header is read from older senders; a timestamp header only as a contact point names it.
  sends: 'x-grafana-alerting-signature; a timestamp header only where the contact point names one',
  params: ['header', 'timestampHeader'],
  sign: (input) => variant(input.params?.header ?? SIGNATURE, input.params?.timestampHeader).sign(input),
  verify: (input) => readVariant(input.headers, input.params).verify(input),
  signs: (_secret, params) => ({ id: false, timestamp: params?.timestampHeader !== undefined || 'with `timestampHeader`, the header the contact point names' }),
};
