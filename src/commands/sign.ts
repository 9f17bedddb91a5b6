// `whk sign <scheme> --secret S <file|->`: the header lines a sender using the scheme would add to
// a request carrying exactly these bytes. A header that carries the secret itself is masked.
import { randomUUID } from 'node:crypto';
import type { CliContext } from '../context.js';
import { getScheme } from '../signing/index.js';
import { readInput } from '../util/read-input.js';
import { createOutput } from '../ui/output.js';
import { renderSigned } from '../ui/render-signing.js';
import { parseOptions } from '../options/schema.js';
import { signOptions } from '../options/signing.js';
import { readSecret, refuseMilliseconds, refuseUnreadRequest, requestUrl, schemeParams } from './signing-options.js';
import { refuseUnsigned } from '../signing/unsigned-parts.js';
import { warnSecretEdges } from './secret-env.js';

export async function runSign(context: CliContext, schemeId: string, file: string, raw: unknown): Promise<number> {
  const options = parseOptions(signOptions, raw);
  const scheme = getScheme(schemeId, 'scheme');
  const url = requestUrl(options);
  const params = schemeParams(options, scheme, 'sign');
  refuseUnreadRequest(options, scheme, params);
  const secret = readSecret(options, context.env);
  const output = createOutput(context, options);
  warnSecretEdges({ secret, secretEnv: options.secretEnv }, (line) => output.warn(line));
  refuseUnsigned(options, scheme, secret, params);
  refuseMilliseconds('timestamp', options.timestamp);
  const body = await readInput(file, 'body file', context.stdin);
  const input = {
    body,
    secret,
    now: options.timestamp === undefined ? Date.now() : options.timestamp * 1000,
    // Schemes that sign an id need one; a fresh one in the style of Standard Webhooks' examples.
    id: options.id ?? `msg_${randomUUID().replaceAll('-', '')}`,
    url,
    contentType: options.contentType ?? 'application/json',
    params,
  };
  const headers = scheme.sign(input);
  const signedUrl = scheme.requestUrl?.(input);
  renderSigned(output, { scheme: scheme.id, headers, url: signedUrl === url ? undefined : signedUrl, secretHeader: scheme.secretHeader });
  return 0;
}
