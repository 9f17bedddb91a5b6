// What a signature scheme is: a pure pair, sign and verify, over the exact bytes of a request.
// The clock (and any message id) comes in as data so both sides run in tests without real time.
import type { SignatureMatch } from './compare.js';

/** Header names are lower-case; a repeated header may arrive as a list. */
export type HeaderMap = Record<string, string | string[] | undefined>;

/**
 * Settings of the schemes that take them: the generic HMAC (every field but sharedKey), Grafana (its
 * optional timestamp header) and Twilio's SharedKey (sharedKey, algorithm). Header names as the
 * sender spells them.
 */
export interface SchemeParams {
  header?: string | undefined;
  algorithm?: 'sha1' | 'sha256' | 'sha512' | undefined;
  /** The id of the SharedKey whose secret signs (Twilio), named in the header that says so. */
  sharedKey?: string | undefined;
  encoding?: 'hex' | 'base64' | undefined;
  prefix?: string | undefined;
  /** What is signed, with {body}, {timestamp}, {id} and {url} standing for their values. */
  content?: string | undefined;
  timestampHeader?: string | undefined;
  idHeader?: string | undefined;
}

export interface SignInput {
  /** The exact bytes put on the wire (after gzip, when gzipped). */
  body: Uint8Array;
  secret: string;
  /** Now, in milliseconds since the epoch; schemes that sign a timestamp use it. */
  now: number;
  /** The message id, for schemes that sign one (Standard Webhooks, Svix). */
  id?: string | undefined;
  /** The full request URL, for schemes that sign it (Twilio). */
  url?: string | undefined;
  /** The request's Content-Type, for schemes that treat form bodies apart (Twilio). */
  contentType?: string | undefined;
  params?: SchemeParams | undefined;
}

export interface VerifyInput {
  body: Uint8Array;
  headers: HeaderMap;
  secret: string;
  now: number;
  /** How far a signed timestamp may be from now, in seconds. */
  toleranceSeconds: number;
  url?: string | undefined;
  contentType?: string | undefined;
  params?: SchemeParams | undefined;
}

/**
 * valid: a signature matches. invalid: none matches, or the header is malformed (the reason says
 * which). expired: it matches but its timestamp is outside the tolerance. missing: no header.
 * 'replayed' is decided by the receiver, which remembers ids; a scheme only reports the id.
 */
export type SchemeVerdict = 'valid' | 'invalid' | 'expired' | 'missing';

export interface VerifyResult {
  verdict: SchemeVerdict;
  /** In words: "wrong secret or changed body", "clock skew of 412 s", "header malformed: ...". */
  reason: string;
  /** The header the verdict is about (lower-case). */
  header: string;
  /** The message id the signature covers, when the scheme has one (used to spot replays). */
  id?: string | undefined;
  /** The signed timestamp, in seconds, when the scheme has one. */
  timestamp?: number | undefined;
  /** An invalid one's right signature written otherwise (compare.ts): how, e.g. 'upper-case hex'. */
  respelled?: string | undefined;
}

export interface SignatureScheme {
  id: string;
  title: string;
  /** The owner's documentation or reference code this implementation follows. */
  follows: string;
  /** The headers sign() writes, lower-case; the first is the one whose presence suggests the scheme. */
  headers: readonly string[];
  /**
   * What a sender of this scheme puts on a request, in words, where it is not every header above (a
   * scheme whose verify reads headers its sender writes only in some setups): `whk kinds` shows it.
   */
  sends?: string;
  /** The header carrying the message id it signs (lower-case), for schemes that sign one (Standard Webhooks). */
  idHeader?: string | undefined;
  /** The header lines to add to the request (names as the sender spells them). */
  sign(input: SignInput): Record<string, string>;
  verify(input: VerifyInput): VerifyResult;
  /**
   * The URL the signed request must go to, when the scheme puts something in it (Twilio adds
   * bodySHA256 for bodies that are not forms). Absent: the URL is unchanged.
   */
  requestUrl?(input: SignInput): string;
  /** A header whose value is the secret itself (GitLab's token): shown masked, never printed. */
  secretHeader?: string;
  /**
   * Throws a UsageError when the secret cannot verify in this scheme (a key that is not one), so a
   * receiver says so as it starts, not as a failed check of every request. Absent: any secret can.
   */
  checkSecret?(secret: string): void;
  /**
   * The same for signing, where it needs other key material than verifying (a private key, where a
   * public one verifies). Absent: checkSecret serves both.
   */
  checkSigningSecret?(secret: string): void;
  /**
   * What sign() signs besides the body, with this secret and these settings: true, or how it would
   * (a hint, e.g. 'with {id} in `content`…'); false or absent: never. sign refuses `id` and
   * `timestamp` where nothing signs them, rather than ignoring them.
   */
  signs?(secret: string, params: SchemeParams | undefined): { id: boolean | string; timestamp: boolean | string };
  /** Throws a UsageError when the settings cannot make a scheme (a template naming an unknown field), so a receiver says so as it starts. */
  checkParams?(params: SchemeParams): void;
  /** The settings (SchemeParams) it reads; any other is refused rather than ignored. Absent: none. */
  params?: readonly (keyof SchemeParams)[];
  /**
   * Settings it reads when signing only: verify reads them from the request (Twilio's SharedKey and
   * algorithm, from X-Twilio-Webhooks-Signature-Settings), so there they are refused too.
   */
  signParams?: readonly (keyof SchemeParams)[];
  /** How it signs when none of its signParams is given (Twilio: with the auth token only), as replay, which takes none, says it. */
  signsWithoutSignParams?: string;
}

/** A signing primitive: produce an encoded signature over the parts, or check a given one. */
export interface Primitive {
  sign(secret: string, parts: readonly (string | Uint8Array)[]): string;
  /**
   * Whether any of the given signatures is the one of these parts, as the text a sender writes ('exact'),
   * or only as bytes written otherwise (compare.ts). The content is signed once for all of them: a
   * header may list thousands, and each costs the whole body when signed apart.
   */
  matchAny(secret: string, parts: readonly (string | Uint8Array)[], given: readonly string[]): SignatureMatch;
  /** One well-formed signature in words, e.g. '64 hex digits (an HMAC-SHA256)'. */
  shape: string;
  /** Whether `given` has that shape (a secret could have made it). */
  wellFormed(given: string): boolean;
  /** Where a signature that is not well-formed goes wrong ("'=' at character 65 is not a hex digit"). */
  flaw?(given: string): string;
  /** The most well-formed signatures one header may list, when each costs a pass over the content (ed25519). */
  maxSignatures?: number;
}
