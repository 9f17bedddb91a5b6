// The one shape behind every signature scheme whk knows: some parts of the request (the body,
// and for timestamped schemes a timestamp and an id) are put together, signed with a primitive
// (an HMAC, or ed25519), and written into a header; verifying reads the header back, recomputes,
// compares, and then checks the timestamp against the tolerance.
import { UsageError } from '../errors.js';
import { headerValue } from '../capture/request-fields.js';
import type { Primitive, SignatureScheme, SignInput, VerifyInput, VerifyResult } from './types.js';
import { malformed, mismatch, missing, outsideTolerance, respelled, valid } from './verdict.js';
import { MAX_TIMESTAMP_DIGITS, MAX_TIMESTAMP_SECONDS } from './timestamp-bound.js';

/** What a scheme may sign, as text (the body as the exact bytes). */
export interface SignedParts {
  body: Uint8Array;
  timestamp: string;
  id: string;
  url: string;
}

/** `note`: what of the header was not read as a signature and why, for a verdict of no match. */
export type ParsedSignature = { signatures: string[]; timestamp?: string; note?: string } | { malformed: string };

/** A signed timestamp as a scheme reads it: its seconds and the text signed for them (`note`: when that is not the text sent), or what is wrong. */
export type TimestampReading = { seconds: number; signed: string; note?: string } | { problem: string };

export interface SignedSchemeSpec {
  id: string;
  title: string;
  follows: string;
  primitive: Primitive;
  /** The signature header as the sender spells it. */
  header: string;
  /** The header carrying the timestamp, when it travels apart from the signature (Slack, Standard Webhooks). */
  timestampHeader?: string | undefined;
  /** Whether a timestamp is signed (in its own header, or inside the signature header as Stripe's t=). */
  timestamped?: boolean | undefined;
  /** Whether only a timestamp older than the tolerance is expired, not one ahead of the clock (Stripe). */
  pastOnly?: boolean | undefined;
  /** The header carrying the message id, for schemes that sign one (Standard Webhooks). */
  idHeader?: string | undefined;
  /** A scheme of whk's own (the generic HMAC): no sender's verifier to say a signature written otherwise fails. */
  whkOwn?: boolean | undefined;
  /** The parts signed, in order. */
  content(parts: SignedParts): (string | Uint8Array)[];
  /** The signature header's value for one signature. */
  format(signature: string, timestamp: string): string;
  /** The signatures (and an inline timestamp) a header value offers. */
  parse(value: string): ParsedSignature;
  /** How the owner reads the timestamp's text (default: Unix seconds, digits only, signed as sent). */
  readTimestamp?: ((text: string) => TimestampReading) | undefined;
}

/** A bare value, or one after a fixed prefix ('sha256=', 'v0='). */
export function prefixed(prefix: string): Pick<SignedSchemeSpec, 'format' | 'parse'> {
  return {
    format: (signature) => `${prefix}${signature}`,
    parse: (value) => {
      const text = value.trim();
      // The header sent twice reaches whk as one value, joined with ", " (RFC 9110 §5.3): said so, not
      // as one signature of the wrong length, which a cut value hid.
      const values = text.split(/\s*,\s*/);
      if (values.length > 1 && values.every((one) => one !== '' && one.startsWith(prefix))) {
        return { malformed: `the header came ${values.length} times ('${clip(values[0] ?? '')}', '${clip(values[1] ?? '')}'${values.length > 2 ? ', …' : ''}): a sender sends one signature` };
      }
      if (!text.startsWith(prefix)) return { malformed: `expected '${prefix}<signature>', got '${clip(text)}'` };
      return { signatures: [text.slice(prefix.length)] };
    },
  };
}

/** Several signatures in one header while a secret rotates: PagerDuty's 'v1=a,v1=b', Standard Webhooks' 'v1,a v1,b'. */
export function listed(tag: string, separator: string): Pick<SignedSchemeSpec, 'format' | 'parse'> {
  return {
    format: (signature) => `${tag}${signature}`,
    parse: (value) => {
      // Entries as sent, as the owners read them (PagerDuty's docs: split(',') then an exact compare;
      // go-pagerduty HasPrefix; standardwebhooks split(' ')): ' v1=…' after ', ' is no v1 entry.
      const entries = value.split(separator).filter((part) => part !== '');
      // A tag ending in ',' ('v1,'): the owners split the entry at ',' and read its second piece
      // (standardwebhooks and svix `const [version, signature] = split(",")`, the Go library's
      // sigParts[1]), so 'v1,<sig>,…' is <sig>, as is a header sent twice and joined with ', '.
      const signatureOf = (rest: string): string => (tag.endsWith(',') ? (rest.split(',')[0] ?? '') : rest);
      const signatures = entries.filter((part) => part.startsWith(tag)).map((part) => signatureOf(part.slice(tag.length)));
      const spaced = entries.find((part) => !part.startsWith(tag) && part.trim().startsWith(tag));
      // 'v1, <sig>': the split leaves 'v1,' with nothing after it, which said only "signature ''".
      const bare = entries.includes(tag) ? `'${tag}' is followed by ${separator === ' ' ? 'a space' : `'${separator}'`}: the sender's own verifiers split the list there, so its signature is empty` : undefined;
      const note = spaced === undefined ? bare : `'${clip(spaced)}' is not read: it has a space before '${tag}', and the sender's own verifiers split at '${separator}' and trim nothing`;
      if (signatures.length === 0) return { malformed: `no signature starts with '${tag}' in '${clip(value)}'${note === undefined ? '' : `: ${note}`}` };
      return note === undefined ? { signatures } : { signatures, note };
    },
  };
}

export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Where a signature's text has spaces the owners' verifiers keep (they compare it as sent); '' when none. */
function spacesIn(signature: string): string {
  const before = signature !== signature.trimStart();
  const after = signature !== signature.trimEnd();
  if (!before && !after) return '';
  const where = before && after ? 'spaces around it' : before ? 'a space before it' : 'a space after it';
  return `: it has ${where}, which the sender's own verifiers do not trim`;
}

/** A long signature's start and end: what is wrong with one is often at its end ('…7bc4=x'). */
function clipEnds(text: string): string {
  return text.length > 40 ? `${text.slice(0, 24)}…${text.slice(-12)}` : text;
}

/**
 * 'signature 'zz' is not 64 hex digits (an HMAC-SHA256): 'z' at character 1 is not a hex digit'
 * (`flaw` says where, the primitive's); for several, that none is.
 */
export function misshapen(signatures: readonly string[], shape: string, flaw?: (given: string) => string): string {
  const one = signatures[0] ?? '';
  if (signatures.length === 1) return `signature '${clipEnds(one)}' is not ${shape}${spacesIn(one) || (flaw === undefined ? '' : `: ${flaw(one)}`)}`;
  const spaced = signatures.findIndex((signature) => spacesIn(signature) !== '');
  return `none of the ${signatures.length} signatures is ${shape}${spaced < 0 ? '' : ` (signature ${spaced + 1}${spacesIn(signatures[spaced] ?? '')})`}`;
}

export function signedScheme(spec: SignedSchemeSpec): SignatureScheme {
  const name = spec.header.toLowerCase();
  const timestamped = spec.timestamped ?? spec.timestampHeader !== undefined;
  const headers = [name, spec.timestampHeader, spec.idHeader].filter((h): h is string => h !== undefined).map((h) => h.toLowerCase());
  return {
    id: spec.id,
    title: spec.title,
    follows: spec.follows,
    headers,
    ...(spec.idHeader === undefined ? {} : { idHeader: spec.idHeader.toLowerCase() }),
    sign: (input) => signWith(spec, input),
    verify: (input) => verifyWith(spec, name, timestamped, input),
    signs: () => ({ id: spec.idHeader !== undefined, timestamp: timestamped }),
  };
}

function signWith(spec: SignedSchemeSpec, input: SignInput): Record<string, string> {
  const timestamp = String(Math.floor(input.now / 1000));
  const id = input.id ?? '';
  if (spec.idHeader !== undefined && id === '') throw new UsageError(`${spec.title} signs a message id, and none was given`);
  const signature = spec.primitive.sign(input.secret, spec.content({ body: input.body, timestamp, id, url: input.url ?? '' }));
  const headers: Record<string, string> = {};
  if (spec.idHeader !== undefined) headers[spec.idHeader] = id;
  if (spec.timestampHeader !== undefined) headers[spec.timestampHeader] = timestamp;
  headers[spec.header] = spec.format(signature, timestamp);
  return headers;
}

/** The default reading: Unix seconds, digits only, signed as the text sent (Slack's SDK signs the header's text). */
function digitsTimestamp(sent: string): TimestampReading {
  const text = sent.trim();
  if (/^\d+$/.test(text)) return text.length > MAX_TIMESTAMP_DIGITS ? { problem: `has more than ${MAX_TIMESTAMP_DIGITS} digits (whk's bound)` } : { seconds: Number(text), signed: text };
  // '-5' is whole seconds, only before 1970: "not whole seconds" sent the reader looking for a fraction.
  if (/^-\d+$/.test(text)) return { problem: 'is negative: a signed timestamp is Unix seconds, digits only' };
  return { problem: 'is not whole seconds' };
}

/**
 * The reading of an owner that takes parseInt(text, 10) and signs that number (standardwebhooks
 * verifyTimestamp then sign; stripe-node parseHeader then makeHMACContent): '01764504000', '+N' and
 * 'N.0' are N, signed as 'N'; a text with no leading number is no timestamp.
 */
export function parsedTimestamp(owner: string): (text: string) => TimestampReading {
  return (text) => {
    const seconds = Number.parseInt(text, 10);
    if (Number.isNaN(seconds)) return { problem: `is not a number (${owner} reads it with parseInt)` };
    if (Math.abs(seconds) > MAX_TIMESTAMP_SECONDS) return { problem: `has more than ${MAX_TIMESTAMP_DIGITS} digits (whk's bound)` };
    const signed = String(seconds);
    return signed === text ? { seconds, signed } : { seconds, signed, note: `timestamp '${clip(text)}' read as ${signed}, as ${owner} reads it (parseInt)` };
  };
}

function verifyWith(spec: SignedSchemeSpec, name: string, timestamped: boolean, input: VerifyInput): VerifyResult {
  const value = headerValue(input.headers, name);
  if (value === undefined) return missing(name, spec.header, input.headers);
  const parsed = spec.parse(value);
  if ('malformed' in parsed) return malformed(name, parsed.malformed);

  const id = spec.idHeader === undefined ? '' : headerValue(input.headers, spec.idHeader.toLowerCase());
  if (id === undefined) return malformed(name, `no ${spec.idHeader} header`);
  const timestamp = timestamped ? parsed.timestamp ?? headerValue(input.headers, (spec.timestampHeader ?? '').toLowerCase()) : '';
  if (timestamp === undefined) return malformed(name, `no ${spec.timestampHeader ?? 'timestamp'} header`);
  const reading = timestamped ? (spec.readTimestamp ?? digitsTimestamp)(timestamp) : { seconds: 0, signed: '' };
  if ('problem' in reading) return malformed(name, `timestamp '${clip(timestamp)}' ${reading.problem}`);

  // A value no secret could have made says so, rather than blaming the secret or the body.
  const candidates = [...new Set(parsed.signatures.filter((signature) => spec.primitive.wellFormed(signature)))];
  if (candidates.length === 0) return malformed(name, `${misshapen(parsed.signatures, spec.primitive.shape, spec.primitive.flaw)}${parsed.note === undefined ? '' : `: ${parsed.note}`}`);
  const limit = spec.primitive.maxSignatures;
  if (limit !== undefined && candidates.length > limit) return malformed(name, `${candidates.length} signatures; at most ${limit} are checked (a sender lists one per key while keys rotate)`);
  const parts = spec.content({ body: input.body, timestamp: reading.signed, id, url: input.url ?? '' });
  const match = spec.primitive.matchAny(input.secret, parts, candidates);
  const notes = [parsed.note, reading.note].filter((note) => note !== undefined).join('; ');
  if (match !== 'exact') return match === 'none' ? mismatch(name, notes === '' ? undefined : notes) : respelled(name, match.respelled, spec.whkOwn);
  const signed = { ...(spec.idHeader === undefined ? {} : { id }), ...(timestamped ? { timestamp: reading.seconds } : {}) };
  if (signed.timestamp !== undefined) {
    const expired = outsideTolerance(name, { ...signed, timestamp: signed.timestamp }, input.now, input.toleranceSeconds, spec.pastOnly);
    if (expired) return expired;
  }
  return valid(name, signed, reading.note);
}
