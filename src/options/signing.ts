// `whk sign` and `whk verify` options: the secret, the request facts a scheme signs, and the
// settings of the generic HMAC and Grafana, shared; then each command's own.
import { sharedOptions } from './shared.js';
import { options } from './spec.js';
import { schemeSettings } from './scheme-settings.js';
import { MAX_TIMESTAMP_SECONDS } from '../signing/timestamp-bound.js';

const common = options({
  secret: { flags: '--secret <secret>', description: 'the shared secret or key (never printed)', type: 'string', nonEmpty: 'the secret may not be empty' },
  secretEnv: sharedOptions.secretEnv,
  url: { flags: '--url <url>', description: 'the full request URL (Twilio signs it)', type: 'string', nonEmpty: true },
  contentType: { flags: '--content-type <type>', description: 'the request Content-Type (Twilio signs form posts apart)', type: 'string', nonEmpty: true },
  ...schemeSettings,
});

export const signOptions = options({
  ...common,
  secret: { ...common.secret, once: 'whk sign signs with one secret' },
  secretEnv: { ...common.secretEnv, once: 'whk sign signs with one secret' },
  timestamp: { flags: '--timestamp <unix-time>', description: 'sign as of this Unix time, in seconds', defaultHelp: 'now', type: 'int', min: 0, max: MAX_TIMESTAMP_SECONDS },
  id: { flags: '--id <id>', description: 'the message id, for schemes that sign one', type: 'string', nonEmpty: true, defaultHelp: 'a fresh msg_…' },
  sharedKey: sharedOptions.sharedKey,
  // Twilio reads it too when signing as a SharedKey; verify reads a SharedKey's hash from the request.
  algorithm: { ...common.algorithm, description: `${common.algorithm.description}; twilio with --shared-key: the SharedKey's (sha256 or sha1)` },
});

export const verifyOptions = options({
  ...common,
  secret: { ...common.secret, once: 'whk verify checks one secret' },
  secretEnv: { ...common.secretEnv, once: 'whk verify checks one secret' },
  header: { flags: '--header <header>', description: "a received header, 'Name: value' (repeatable; a name given again is joined with ', ', as a header sent twice arrives)", type: 'list' },
  capture: { flags: '--capture <file>', description: 'verify a request recorded by whk listen --save, as of when it arrived', type: 'string', nonEmpty: true },
  index: { flags: '--index <n>', description: 'which record of --capture, 1-based (needed when the file holds more than one)', type: 'int', min: 1 },
  tolerance: sharedOptions.tolerance,
  now: { flags: '--now <unix-time>', description: 'check as of this Unix time, in seconds', type: 'int', min: 0, defaultHelp: 'now' },
});
