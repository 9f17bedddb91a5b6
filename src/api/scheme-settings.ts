// The settings of the signature schemes that take them (the generic HMAC, Grafana), as listen(),
// send(), stream() and replay() take them: the flags of the same names, one declaration for all.
import type { Shape } from './shape.js';
import { schemeSettings } from '../options/scheme-settings.js';

/**
 * hmac's and grafana's settings: of listen()'s `verify` schemes; of send()'s and replay()'s `sign`
 * scheme (or the kind's own, or the scheme a record was checked with). Another scheme refuses them.
 */
export interface SchemeSettings {
  /** hmac and grafana: the signature header (hmac's default X-Signature, grafana's X-Grafana-Alerting-Signature). */
  signatureHeader?: string;
  /** hmac and grafana: the header carrying the signed timestamp (grafana: the contact point's). */
  timestampHeader?: string;
  /** hmac: the header carrying the signed id. */
  idHeader?: string;
  /** hmac: the hash (default sha256). */
  algorithm?: 'sha1' | 'sha256' | 'sha512';
  /** hmac: the signature's encoding (default hex). */
  encoding?: 'hex' | 'base64';
  /** hmac: text before the signature, e.g. 'sha256='. */
  prefix?: string;
  /** hmac: what is signed, e.g. '{timestamp}.{body}' (default '{body}'). */
  content?: string;
}

/** Their JavaScript types: empty names and templates are refused, as the CLI refuses them. */
export const schemeSettingsShape: Shape<SchemeSettings> = {
  signatureHeader: 'text',
  timestampHeader: 'text',
  idHeader: 'text',
  // The flags' own choices: one list for the CLI and the API.
  algorithm: schemeSettings.algorithm.choices,
  encoding: schemeSettings.encoding.choices,
  prefix: 'string',
  content: 'text',
};
