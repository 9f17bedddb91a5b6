// How Python writes what its senders send (Sentry): JSON as getsentry/sentry's json.dumps writes it
// (src/sentry/utils/json.py: simplejson's JSONEncoder with separators (",", ":"), ignore_nan=True and
// the defaults ensure_ascii=True, sort_keys=False), floats as Python's repr; and the length of the
// JSON orjson writes, with which Sentry measures a stored event.

/**
 * A number Python holds as a float, so written as one even when whole (1.0, not 1): JSON's numbers
 * do not tell a float from an int, and a whole JavaScript number is written as Python's int. Also a
 * float of a sender that writes its floats the same way (jsonWithFloats).
 */
export class PythonFloat {
  constructor(readonly value: number) {}
}

/**
 * A float as Python's repr writes it (simplejson's FLOAT_REPR = repr): the shortest digits that read
 * back the same (as JavaScript's), in exponent form below 1e-4 or from 1e16 on with a signed exponent
 * of at least two digits (1e-05, 1e+16), else positional with at least one decimal (1.0, 0.0001).
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Object.is(value, -0)) return '-0.0';
  const [digits = '', power = '0'] = value.toExponential().split('e');
  const exponent = Number(power);
  if (exponent < -4 || exponent >= 16) return `${digits}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  // From 1e-4 to below 1e16 JavaScript writes the same digits positionally (it turns to exponents
  // only below 1e-6 and from 1e21).
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}

/** A whole number as Python's int writes it: every digit, where JavaScript would turn to 1e+21. */
function pythonInt(value: number): string {
  return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A string as simplejson's encode_basestring_ascii writes it (ensure_ascii): every character outside
 * ' '..'~' as \uXXXX in lower-case hex, a character past U+FFFF as its surrogate pair (JavaScript's
 * code units already are), the short escapes for '"', '\\' and \b \f \n \r \t. '/', '<', '>', '&' and
 * "'" stay as they are (dumps without escape=True uses the plain encoder, not JSONEncoderForHTML).
 */
export function pythonString(text: string): string {
  return `"${text.replace(/["\\]|[^ -~]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** Keys as Python's sorted() orders str: by code point (JavaScript's sort compares UTF-16 units). */
export function pythonSorted(keys: Iterable<string>): string[] {
  const points = (key: string) => Array.from(key, (c) => c.codePointAt(0) ?? 0);
  return [...keys]
    .map((key) => ({ key, points: points(key) }))
    .sort((a, b) => {
      const length = Math.min(a.points.length, b.points.length);
      for (let i = 0; i < length; i++) if (a.points[i] !== b.points[i]) return (a.points[i] ?? 0) - (b.points[i] ?? 0);
      return a.points.length - b.points.length;
    })
    .map(({ key }) => key);
}

/** How one JSON writer writes strings and floats; the rest (compact, null, lists, objects) they share. */
interface JsonStyle {
  string: (text: string) => string;
  float: (value: number) => string;
}

/**
 * A float as orjson writes it (checked against orjson 3.8.3): the shortest digits that read back the
 * same, positional with at least one decimal from 1e-5 to below 1e16 (1.0, 0.00001), else in exponent
 * form with no '+' and no padding (1e-6, 1e16); -0.0 as Python writes it.
 */
function orjsonFloat(value: number): string {
  if (Object.is(value, -0)) return '-0.0';
  const [digits = '', power = '0'] = value.toExponential().split('e');
  const exponent = Number(power);
  if (exponent < -5 || exponent >= 16) return `${digits}e${exponent}`;
  // In that range JavaScript writes the same digits positionally (it turns to exponents below 1e-6).
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}

// simplejson for Sentry's json.dumps; orjson writes UTF-8 as it is and escapes only '"', '\\' and the
// characters below U+0020, as JSON.stringify does (a lone surrogate, which orjson refuses, aside).
const PYTHON_JSON: JsonStyle = { string: pythonString, float: pythonFloatRepr };
const ORJSON: JsonStyle = { string: (text) => JSON.stringify(text), float: orjsonFloat };
const PLAIN_WITH_FLOATS: JsonStyle = { string: (text) => JSON.stringify(text), float: pythonFloatRepr };

function numberJson(value: number, float: boolean, style: JsonStyle): string {
  // ignore_nan=True (orjson does the same): NaN and the infinities are written as null.
  if (!Number.isFinite(value)) return 'null';
  return float || !Number.isInteger(value) ? style.float(value) : pythonInt(value);
}

function writeJson(value: unknown, style: JsonStyle): string {
  if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  if (typeof value === 'string') return style.string(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numberJson(value, false, style);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof PythonFloat) return numberJson(value.value, true, style);
  if (Array.isArray(value)) return `[${value.map((item) => writeJson(item, style)).join(',')}]`;
  const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(value);
  const members = entries.filter(([, item]) => item !== undefined && typeof item !== 'function' && typeof item !== 'symbol');
  return `{${members.map(([key, item]) => `${style.string(String(key))}:${writeJson(item, style)}`).join(',')}}`;
}

/**
 * A value's JSON as Sentry's json.dumps writes it: compact, ASCII only, Python's floats; a Map's
 * entries in the Map's order (an object's own keys put whole-number keys first, a Map keeps any order),
 * a plain object's in its own key order, a PythonFloat as a float. A value with no JSON (undefined, a
 * function) is left out of an object and null in a list, as JSON.stringify does: Python has no such value.
 */
export function pythonJson(value: unknown): string {
  return writeJson(value, PYTHON_JSON);
}

/**
 * Compact JSON as JSON.stringify writes it (UTF-8 as it is), but a PythonFloat as a float, ".0" when
 * whole, Python's repr: for a sender whose own writer is not published but whose floats read so
 * (CloudWatch's alarm message: "Threshold":15.0).
 */
export function jsonWithFloats(value: unknown): string {
  return writeJson(value, PLAIN_WITH_FLOATS);
}

/**
 * What Python's len() gives of orjson.dumps(value).decode(): the characters (code points, so an emoji
 * counts once) of compact JSON with UTF-8 unescaped and orjson's floats, a PythonFloat as a float. The
 * order of the keys does not change it.
 */
export function orjsonLength(value: unknown): number {
  return Array.from(writeJson(value, ORJSON)).length;
}
