// Why a request got no response, in plain words (connection refused, DNS, TLS, timeout), for the
// sender's attempts and the receiver's forwarding alike.

const REFUSED = 'connection refused by ';

/** A description (describeNetworkError's) of a connection refused: nothing listens on the port. */
export function isConnectionRefused(description: string): boolean {
  return description.startsWith(REFUSED);
}

const DNS_FAILED = 'DNS lookup failed for ';

/** A description (describeNetworkError's) of a host name that did not resolve. */
export function isDnsFailure(description: string): boolean {
  return description.startsWith(DNS_FAILED);
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL)/;

/**
 * A plain one-line description of why a request got no response. `answered`: the status of an
 * answer whose headers had arrived when the connection failed (its body was cut short).
 */
export function describeNetworkError(error: unknown, url: string, answered?: number): string {
  const { host, hostname } = new URL(url);
  const code = findCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `${REFUSED}${host}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `${DNS_FAILED}${hostname}`;
    case 'ECONNRESET':
      return closedBefore(host, answered);
    case 'EPIPE':
      // The receiver closed the connection while the body was still going out (one that refuses a large
      // body may answer first and close); whatever it answered is lost with the connection.
      return `connection closed by ${host} while the request was still being sent`;
    case 'UND_ERR_SOCKET':
      return socketClosed(error, host, answered);
    case 'UND_ERR_HEADERS_OVERFLOW':
      return `${host} answered headers larger than whk's HTTP client (undici) reads (16 KiB)`;
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return lengthMismatch(host, answered);
    case 'ERR_ASSERTION':
      // undici asserts what its parser cannot take (a status below 100): the answer is at fault.
      return `${host} answered something that is not HTTP/1.1 (${notHttp(/assert\((.*)\)/.exec(firstMessage(error))?.[1])})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} is unreachable`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `timed out connecting to ${host}`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `timed out waiting for ${host}`;
    case 'EMFILE':
    case 'ENFILE':
      // Each connection holds a file descriptor: a --concurrency past the process's limit runs out of them.
      return `could not connect to ${host}: whk has too many files open (each connection is one; lower --concurrency, or raise ulimit -n)`;
  }
  const message = firstMessage(error).trim().split('\n')[0] ?? '';
  if ((error as { name?: unknown } | null)?.name === 'HTTPParserError') {
    // undici's 'Response does not match the HTTP/1.1 protocol (<the parser's reason>)': the reason is the news.
    return `${host} answered something that is not HTTP/1.1 (${/\((.*)\)$/.exec(message)?.[1] ?? message})`;
  }
  if ((code && TLS_CODE.test(code)) || /\b(ssl|tls|certificate)\b/i.test(message)) {
    // OpenSSL messages carry a library trace; the reason after 'SSL routines:<function>:' is the useful part.
    const reason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message;
    const hint = code === 'ERR_SSL_WRONG_VERSION_NUMBER' ? ' (is it a plain http endpoint?)' : '';
    return `TLS error with ${host}: ${reason}${hint}`;
  }
  return message || 'request failed';
}

// undici closes the connection itself on answers it will not read past, and says which in the message.
function socketClosed(error: unknown, host: string, answered: number | undefined): string {
  switch (firstMessage(error)) {
    case 'bad response':
      // A client must read past an unasked 100 Continue (RFC 9110, 15.2); undici drops the connection.
      return `${host} answered 100 Continue unasked, and whk's HTTP client (undici) cannot read past it to the final answer`;
    case 'bad upgrade':
      return `${host} answered 101 Switching Protocols to a request that asked for no upgrade`;
    default:
      return closedBefore(host, answered);
  }
}

// undici says 'does not match content-length' for any parser error once a Content-Length header has
// been read, so the answer's stage tells what went wrong: before the headers were done, a header
// after it (a second Content-Length, a Transfer-Encoding, a malformed line); a 204 or 304, which has
// no body, announcing one; or a connection the receiver closed (Connection: close) with the body short.
function lengthMismatch(host: string, answered: number | undefined): string {
  if (answered === undefined) return `${host} answered something that is not HTTP/1.1 (after its Content-Length, another Content-Length, a Transfer-Encoding or a malformed header)`;
  if (answered === 204 || answered === 304) return `${host} answered ${answered} with a Content-Length above 0, which whk's HTTP client (undici) refuses: a ${answered} has no body`;
  return closedBefore(host, answered);
}

function notHttp(assertion: string | undefined): string {
  return assertion === 'statusCode >= 100' ? 'a status below 100' : `undici: ${assertion ?? 'refused'}`;
}

function closedBefore(host: string, answered: number | undefined): string {
  return answered === undefined ? `connection closed by ${host} before it answered` : `connection closed by ${host} in the middle of its answer (status ${answered}, body cut short)`;
}

function findCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    const inner = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      current = inner[0];
      continue;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function firstMessage(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
    current = (current as { cause?: unknown }).cause;
  }
  return String(error ?? '');
}
