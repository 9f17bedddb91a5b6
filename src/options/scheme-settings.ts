// The settings of the signature schemes that take them (the generic HMAC, Grafana): sign, verify,
// listen (for its --verify schemes), send and replay (for their --sign schemes) share them. Apart
// from signing.ts, which loads the signing code's bounds, so listen's options (read when the API is
// imported) load none of it.
import { options } from './spec.js';

/**
 * The settings of the generic HMAC and Grafana (listen takes them too, for its `verify` schemes),
 * each text naming the schemes that read it both signing and verifying: sign adds twilio's `algorithm`.
 */
export const schemeSettings = options({
  signatureHeader: { flags: '--signature-header <name>', description: 'hmac or grafana: the signature header', type: 'string', nonEmpty: true, defaultHelp: 'hmac X-Signature, grafana X-Grafana-Alerting-Signature' },
  timestampHeader: { flags: '--timestamp-header <name>', description: "hmac or grafana: the header carrying the signed timestamp (grafana: the contact point's)", type: 'string', nonEmpty: true },
  idHeader: { flags: '--id-header <name>', description: 'hmac: the header carrying the signed id', type: 'string', nonEmpty: true },
  algorithm: { flags: '--algorithm <name>', description: 'hmac: the hash', type: 'choice', choices: ['sha1', 'sha256', 'sha512'], defaultHelp: '"sha256"' },
  encoding: { flags: '--encoding <name>', description: 'hmac: the signature encoding', type: 'choice', choices: ['hex', 'base64'], defaultHelp: '"hex"' },
  prefix: { flags: '--prefix <text>', description: "hmac: text before the signature, e.g. 'sha256='", type: 'string' },
  content: { flags: '--content <template>', description: "hmac: what is signed, e.g. '{timestamp}.{body}'", type: 'string', nonEmpty: true, defaultHelp: '"{body}"' },
});

/**
 * The same settings as a command that names its scheme with `flag` describes them: listen's
 * `--verify`, send's and replay's `--sign` (one entry each, so the flags parse and check alike).
 */
export function schemeSettingsWith(flag: '--verify' | '--sign') {
  const withFlag = <T extends { description: string }>(entry: T): T => ({ ...entry, description: `with ${flag} ${entry.description}` });
  const { signatureHeader, timestampHeader, idHeader, algorithm, encoding, prefix, content } = schemeSettings;
  return options({
    signatureHeader: withFlag(signatureHeader),
    timestampHeader: withFlag(timestampHeader),
    idHeader: withFlag(idHeader),
    algorithm: withFlag(algorithm),
    encoding: withFlag(encoding),
    prefix: withFlag(prefix),
    content: withFlag(content),
  });
}
