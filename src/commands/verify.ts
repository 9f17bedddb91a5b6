// `whk verify <scheme> --secret S --header 'Name: value'… <file|->`, or a captured request with
// `--capture FILE --index N`: is the signature valid, and if not, why. Exit 0 when valid, 1 otherwise.
import type { CliContext } from '../context.js';
import { InputError, UsageError } from '../errors.js';
import { readCapture, unendedWarning } from '../capture/read.js';
import { addressedUrl, headerValue, recordQuery } from '../capture/request-fields.js';
import { parseHeaderLine } from '../delivery/request.js';
import { getScheme, type HeaderMap } from '../signing/index.js';
import { readInput } from '../util/read-input.js';
import { createOutput, type Output } from '../ui/output.js';
import { renderVerified } from '../ui/render-signing.js';
import { givenByUser, parseOptions } from '../options/schema.js';
import { verifyOptions } from '../options/signing.js';
import { readSecret, refuseMilliseconds, refuseUnreadRequest, requestUrl, schemeParams } from './signing-options.js';
import { refuseUncheckedTime } from '../signing/unsigned-parts.js';
import { warnSecretEdges } from './secret-env.js';

interface Received {
  body: Uint8Array;
  headers: HeaderMap;
  /** When it arrived (a capture record's receivedAt), in ms. */
  at?: number;
  /** The URL it was sent to, as the receiver saw it (a capture record's Host, path and query). */
  url?: string | undefined;
}

// Without --index a file of several records is a usage error naming them, as for map and kind
// from-capture: the first record's verdict would answer for a request the user did not mean.
async function fromCapture(file: string, index: number | undefined, output: Output, datesNeeded: boolean): Promise<Received> {
  const { record, index: number } = await readCapture(file, index, { unended: (line) => output.warn(unendedWarning(file, line)) });
  // The signature covers bytes the record does not hold: no verdict could be right.
  if (record.truncated) {
    const kept = Buffer.byteLength(record.bodyBase64, 'base64');
    throw new InputError(
      `record ${number} of '${file}' holds only the first ${kept}${record.size === undefined ? '' : ` of ${record.size}`} bytes of its body: its signature cannot be checked`,
      'the body went over whk listen --max-body; listen with a larger one to keep whole bodies',
    );
  }
  const at = Date.parse(record.receivedAt);
  // A signed timestamp's age is taken at the request's arrival (unless `now` is given): a record edited
  // by hand may hold no date there. A scheme that signs no timestamp never reads it.
  if (Number.isNaN(at) && datesNeeded) {
    throw new InputError(`record ${number} of '${file}' has receivedAt ${JSON.stringify(record.receivedAt.slice(0, 40))}, not a date: a signature's age is checked against when its request arrived`, 'give `now` (epoch seconds) to check it against another time');
  }
  const headers = Object.fromEntries(Object.entries(record.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { body: Buffer.from(record.bodyBase64, 'base64'), headers, at, url: addressedUrl(headers, `${record.path}${recordQuery(record)}`) };
}

/**
 * The --header lines by lower-case name, a name given again joined with ", " as a receiver sees a
 * header sent twice (RFC 9110 §5.3; Node joins them so): listen and verify then give one verdict.
 */
function joinedHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of lines.map(parseHeaderLine)) {
    const key = name.toLowerCase();
    headers[key] = Object.hasOwn(headers, key) ? `${headers[key]}, ${value}` : value;
  }
  return headers;
}

export async function runVerify(context: CliContext, schemeId: string, file: string | undefined, raw: unknown): Promise<number> {
  const options = parseOptions(verifyOptions, raw);
  refuseMilliseconds('now', options.now);
  const scheme = getScheme(schemeId, 'scheme');
  const givenUrl = requestUrl(options);
  const params = schemeParams(options, scheme, 'verify');
  refuseUnreadRequest(options, scheme, params);
  const output = createOutput(context, options);
  const secret = readSecret(options, context.env);
  warnSecretEdges({ secret, secretEnv: options.secretEnv }, (line) => output.warn(line));
  // A key that cannot verify is the command's mistake (exit 2), whatever the headers hold.
  scheme.checkSecret?.(secret);
  refuseUncheckedTime({ now: options.now, tolerance: givenByUser(verifyOptions, raw, 'tolerance') }, [{ scheme, secret, params }]);
  if ((file === undefined) === (options.capture === undefined)) {
    throw new UsageError('give the body file (- for stdin) or `capture`, one of the two', 'the body file for a request you have as bytes and headers; `capture` for one whk listen recorded');
  }
  // Not ignored: a record number with a body file means the user expected a capture file.
  if (options.index !== undefined && options.capture === undefined) throw new UsageError('`index` picks a record of `capture`, which was not given', 'give the capture file with `capture` FILE, or leave `index` out');
  const received: Received = options.capture === undefined ? { body: await readInput(file ?? '-', 'body file', context.stdin), headers: {} } : await fromCapture(options.capture, options.index, output, options.now === undefined && scheme.signs?.(secret, params).timestamp === true);
  const url = givenUrl ?? received.url;
  // A scheme that signs the URL cannot say valid or invalid without it: the command lacks an input.
  if (scheme.requestUrl !== undefined && url === undefined) {
    throw new UsageError(`${scheme.title} signs the request URL, and no \`url\` was given`, 'give the URL the sender posted to, query included, e.g. `url` https://example.com/sms');
  }
  const headers: HeaderMap = { ...received.headers, ...joinedHeaders(options.header) };
  const result = scheme.verify({
    body: received.body,
    headers,
    secret,
    now: options.now === undefined ? received.at ?? Date.now() : options.now * 1000,
    toleranceSeconds: options.tolerance / 1000,
    url,
    contentType: options.contentType ?? headerValue(headers, 'content-type'),
    params,
  });
  // `respelled` ranks a listener's verdicts (signing/verifier.ts); the reason already says it.
  const { respelled: _respelled, ...shown } = result;
  renderVerified(output, { scheme: scheme.id, ...shown });
  return result.verdict === 'valid' ? 0 : 1;
}
