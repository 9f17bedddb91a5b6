// How Go writes what its senders send (Alertmanager, Grafana): times, query strings, floats and JSON,
// each as the Go standard library formats it, so a sample reads byte for byte as the real one.
/**
 * An instant as Go's time.Time marshals it (RFC 3339 with nanoseconds, trailing zeros dropped, no fraction
 * on a whole second), as Alertmanager and Grafana print times: `ms` and the nanoseconds below its millisecond.
 */
export function goTime(ms: number, subMillisecondNanos = 0): string {
  const iso = new Date(ms).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(subMillisecondNanos).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/** The zero time Go marshals for an alert that has not ended. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** A string as Go's url.QueryEscape writes it: a space as '+', every byte but A–Z a–z 0–9 - _ . ~ as %XX. */
export function goQueryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}

/** A query as Go's url.Values.Encode writes it: keys in order, each value of a key in turn, QueryEscape'd. */
export function goQuery(values: Readonly<Record<string, string | readonly string[]>>): string {
  return Object.keys(values)
    .sort()
    .flatMap((key) => [values[key] ?? []].flat().map((value) => `${goQueryEscape(key)}=${goQueryEscape(value)}`))
    .join('&');
}

/** A number as Go's %v prints a float64: the shortest digits, with an exponent below 1e-4 or from 1e6 on. */
export function goFloat(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const [digits = '', power = '0'] = value.toExponential().split('e');
  const exponent = Number(power);
  if (exponent >= -4 && exponent < 6) return String(value);
  return `${digits}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

// Go's encoding/json escapes these inside strings (HTML's <, > and &, and the JavaScript line
// separators); JSON.stringify writes them as they are. Outside strings JSON holds none of them.
const GO_ESCAPED = /[<>&\u2028\u2029]/g;

/**
 * A value's JSON with Go's escapes, as json.Marshal writes strings (the keys stay in the value's own
 * order); json.Encoder.Encode adds a newline after it.
 */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(GO_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
