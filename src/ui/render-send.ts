// Human rendering of `whk send`: one line per delivery, dry-run requests, the closing tally, and the
// line after it on what a failure may mean (replay's too).
import { gunzipSync } from 'node:zlib';
import type { PreparedRequest } from '../delivery/request.js';
import type { DeliveryResult } from '../delivery/chains.js';
import { attemptLine, verdictWord } from './render-attempt.js';
import { cutOffInFlight } from '../delivery/attempt.js';
import { formatBytes } from '../util/units.js';
import { maskUrl } from '../util/secrets.js';
import type { Output } from './output.js';
import type { Kind } from '../kinds/types.js';
import type { Attempt } from '../delivery/retry.js';
import { isLoopback } from '../util/hosts.js';
import { isConnectionRefused } from '../util/network-errors.js';
import { findBadUtf8 } from '../util/utf8.js';
import { describeRequest, isHeadWithBody, toCurl } from '../delivery/describe.js';
import { hexLines } from './hex-dump.js';

/** `kinds`: the kinds of the run, whose success rules explain a 2xx that failed. */
export function deliveryLine(output: Output, result: DeliveryResult, kinds: readonly Pick<Kind, 'id' | 'delivery'>[], stages?: readonly string[]): string {
  const c = output.paintResult;
  // The sender would not have sent it (GitLab disabled the webhook): no attempt to show.
  if (result.notSent !== null) return `${c.yellow('–')} ${result.kind}  not sent: ${result.notSent}`;
  // With a lifecycle (`stages`, its names) each line says which stage it is: opened and resolved looked alike.
  const said = [...(stages === undefined ? [] : [stages[result.stage - 1] ?? `stage ${result.stage}`]), ...(result.duplicate ? ['duplicate'] : [])];
  const name = said.length === 0 ? result.kind : `${result.kind} (${said.join(', ')})`;
  const attempts = result.attempts.map(attemptLine).join(' → ') || 'not sent';
  const { mark, verdict } = verdictWord(output, result, (id) => kinds.find((kind) => kind.id === id)?.delivery.success);
  const extra = [result.gzip ? 'gzip' : 'no gzip', formatBytes(result.bytes), ...(result.idempotencyId ? [`idempotencyId ${result.idempotencyId}`] : [])];
  return `${mark} ${name}  ${attempts}  ${verdict}  ${c.dim(extra.join('  '))}`;
}

/**
 * After a run with failures, one line on what its first failure may say (undefined: nothing to
 * add): nothing listening on the URL's port, or, given `auth` (what `send` sent), a 401 or 403.
 */
export function failureHint(attempt: Attempt | undefined, url: string, auth?: { kind: Pick<Kind, 'delivery'>; sent: Credentials }): string | undefined {
  if (attempt?.error != null && isConnectionRefused(attempt.error)) {
    // Refused after a redirect: the receiver answered, and the address its Location gave is the one refused.
    const redirect = attempt.redirects?.at(-1);
    return redirect === undefined ? notListeningHint(url) : `nothing listens on ${hostAndPort(redirect.to)}, where the ${redirect.status} of ${hostAndPort(url)} sent it: is its Location right?`;
  }
  if (auth !== undefined && (attempt?.status === 401 || attempt?.status === 403)) return refusedHint(auth.kind, attempt.status, auth.sent);
  return undefined;
}

/** Nothing accepted the connection: on this machine, whk can be the receiver. */
function notListeningHint(url: string): string {
  const { hostname, port: given, protocol } = new URL(url);
  const port = given || (protocol === 'https:' ? '443' : '80');
  const local = isLoopback(hostname) && protocol === 'http:';
  return `nothing listens on ${hostAndPort(url)}: is the receiver running, on that port?${local ? ` (whk listen --port ${port} runs one)` : ''}`;
}

/** 'host:port', the scheme's own port when the URL gives none. */
function hostAndPort(url: string): string {
  const { host, port, protocol } = new URL(url);
  return port ? host : `${host}:${protocol === 'https:' ? '443' : '80'}`;
}

/** What was sent that a receiver answering 401 or 403 may have checked: the scheme the deliveries are signed with, and its key or secret, and an Authorization header. */
export interface Credentials {
  /** The scheme that signs this kind's deliveries (--sign, or the kind's own); undefined: none. */
  scheme: string | undefined;
  /** A secret (or Travis's key) was given, so the deliveries went signed. */
  signed: boolean;
  /** --auth-basic or --auth-bearer was given. */
  auth: boolean;
}

/**
 * After a delivery refused with 401 or 403: what the receiver may ask for that whk can send. A
 * signature the kind's sender makes comes first, then its Authorization header, else any header.
 */
function refusedHint(kind: Pick<Kind, 'delivery'>, status: number, sent: Credentials): string {
  const answered = `the receiver answered ${status}`;
  if (sent.scheme !== undefined && sent.signed) return `${answered} to signed deliveries: does it check ${sent.scheme}'s signature with the ${sent.scheme === 'travis' ? "public key of the key given (whk travis-key FILE prints it)" : 'secret given'}?`;
  if (sent.scheme !== undefined) return `${answered}: if it checks ${sent.scheme}'s signature, ${sent.scheme === 'travis' ? '--travis-key FILE' : '--secret SECRET'} signs each delivery as the sender does`;
  const auth = kind.delivery.auth;
  if (auth.length > 0 && !sent.auth) return `${answered}: ${auth.map((scheme) => `--auth-${scheme} TOKEN`).join(' or ')} sends the Authorization header the sender can send`;
  return `${answered}: --header 'Name: value' adds a header it may ask for (a token, an API key)`;
}

export interface Tally {
  delivered: number;
  failed: number;
  notSent?: number;
  /** Not sent, for a reason of the record's own (replay: a body cut short when captured). */
  refused?: number;
  /** Cut off in flight by Ctrl-C (cutOffInFlight): neither delivered nor failed, for no answer was read. */
  cancelled?: number;
  /** Stopped by Ctrl-C in a wait before a retry (retriesCancelled): failed so far, not as the sender would end. */
  retriesCancelled?: number;
}

/** Every count of a Tally at 0, for a run to count into (tallyKey). */
export function emptyTally(): Required<Tally> {
  return { delivered: 0, failed: 0, notSent: 0, refused: 0, cancelled: 0, retriesCancelled: 0 };
}

/**
 * Where a delivery (or a replayed record) is counted in a Tally, by what became of it: delivered; not
 * sent by the sender's rule (notSent) or for the record's own reason (refused); cut off in flight;
 * stopped in a wait before its retry; or failed.
 */
export function tallyKey(result: { delivered: boolean; notSent?: string | null; refused?: string | null; retriesCancelled?: true; attempts: readonly Attempt[] }): keyof Tally {
  if (result.delivered) return 'delivered';
  if (result.notSent != null) return 'notSent';
  if (result.refused != null) return 'refused';
  if (cutOffInFlight(result)) return 'cancelled';
  return result.retriesCancelled ? 'retriesCancelled' : 'failed';
}

export function tallyLine({ delivered, failed, notSent = 0, refused = 0, cancelled = 0, retriesCancelled = 0 }: Tally, url: string): string {
  const parts = [`${delivered} delivered`, `${failed} failed`];
  if (notSent > 0) parts.push(`${notSent} not sent`);
  if (refused > 0) parts.push(`${refused} refused`);
  if (cancelled > 0) parts.push(`${cancelled} cut off in flight (${cancelled === 1 ? 'it' : 'they'} may have arrived)`);
  if (retriesCancelled > 0) parts.push(`${retriesCancelled} cancelled before ${retriesCancelled === 1 ? 'its retry' : 'their retries'}`);
  return `${parts.join(', ')} → ${maskUrl(url)}`;
}

/**
 * The request as it would go out; a gzipped body is shown inflated with a note. A replayed one may
 * hold anything a sender sent: gzip that does not inflate is shown as it is, bytes that are not text
 * as a dump (as listen --body shows them).
 */
export function renderDryRun(output: Output, request: PreparedRequest): void {
  // A request-target not the URL's own (OPTIONS *: the server as a whole) is what goes on the request line.
  output.result(request.target === undefined ? `${request.method} ${request.url}` : `${request.method} ${request.target} (to ${request.url})`);
  for (const [name, value] of Object.entries(request.headers)) output.result(`${name}: ${value}`);
  output.result('');
  let bytes = request.body;
  if (request.gzip) {
    const plain = inflated(request.body);
    const shown = plain === undefined ? 'it does not inflate, so it is shown as it is' : 'shown inflated below';
    output.result(output.paintResult.dim(`(gzip: ${formatBytes(request.body.length)} on the wire; ${shown}; --curl or --json give the exact bytes)`));
    bytes = plain ?? request.body;
  }
  const text = findBadUtf8(bytes) === null ? bytes.toString('utf8') : undefined;
  if (text === undefined || text.includes('\0')) {
    output.result(output.paintResult.dim(`(${formatBytes(bytes.length)} that are not text, as hex)`));
    for (const row of hexLines(bytes, 'identity')) output.result(row);
  } else {
    output.result(text);
  }
  output.result('');
}

/**
 * What --curl and --dry-run print of each planned request (send's and replay's): a curl command, an
 * object (--json; `fields` first), or the request as text; every 256 it waits for the reader, so a
 * large run never holds its output. `curlOptions.headersAsGiven`: the command leaves out the headers
 * curl adds of its own (replay's, which re-sends a record's headers as they were); `maxTimeMs`: a
 * per-attempt timeout given, which the command carries as curl's --max-time.
 */
export function plannedPrinter(output: Output, curl: boolean, curlOptions: { headersAsGiven?: boolean; maxTimeMs?: number | undefined } = {}): (request: PreparedRequest, fields?: Record<string, unknown>) => Promise<void> {
  let printed = 0;
  let headSaid = false;
  return async (request, fields = {}) => {
    if (curl && isHeadWithBody(request) && !headSaid) {
      headSaid = true;
      const which = typeof fields['index'] === 'number' ? `#${fields['index']} is a HEAD with a body` : 'a HEAD with a body';
      output.info(`${which}: its command (and any like it) adds --ignore-content-length and Connection: close, so curl ends at the answer's headers (with -X HEAD alone it waits for a body no HEAD answer has; --head sends none)`);
    }
    if (curl) output.result(toCurl(request, curlOptions));
    else if (output.json) output.jsonLine({ ...fields, ...describeRequest(request) });
    else renderDryRun(output, request);
    if (++printed % 256 === 0) await output.drained();
  };
}

function inflated(body: Buffer): Buffer | undefined {
  try {
    return gunzipSync(body);
  } catch {
    return undefined;
  }
}
