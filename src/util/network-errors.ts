// Why a request got no response, in plain words (connection refused, DNS, TLS, timeout), for the
// sender's attempts and the receiver's forwarding alike.

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** A plain one-line description of why a request got no response. */
export function describeNetworkError(error: unknown, url: string): string {
  const { host, hostname } = new URL(url);
  const code = findCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${host}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `DNS lookup failed for ${hostname}`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `connection closed by ${host} before it answered`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} is unreachable`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `timed out connecting to ${host}`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `timed out waiting for ${host}`;
  }
  const message = firstMessage(error).trim().split('\n')[0] ?? '';
  if ((code && TLS_CODE.test(code)) || /\b(ssl|tls|certificate)\b/i.test(message)) {
    // OpenSSL messages carry a library trace; the reason after 'SSL routines:<function>:' is the useful part.
    const reason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message;
    const hint = code === 'ERR_SSL_WRONG_VERSION_NUMBER' ? ' (is it a plain http endpoint?)' : '';
    return `TLS error with ${host}: ${reason}${hint}`;
  }
  return message || 'request failed';
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
