// Rendering of `whk sign` (header lines, ready for curl -H) and `whk verify` (the verdict and why).
import type { VerifyResult } from '../signing/index.js';
import { oneLine } from '../util/hex.js';
import type { Output } from './output.js';

const MASK = '********';

export interface Signed {
  scheme: string;
  headers: Record<string, string>;
  /** The URL to send to, when the scheme changed it (Twilio's bodySHA256). */
  url?: string | undefined;
  /** A header whose value is the secret itself: masked. */
  secretHeader?: string | undefined;
}

export function renderSigned(output: Output, signed: Signed): void {
  const headers = Object.fromEntries(
    Object.entries(signed.headers).map(([name, value]) => [name, name === signed.secretHeader ? MASK : value]),
  );
  if (output.json) {
    output.jsonLine({ scheme: signed.scheme, headers, ...(signed.url === undefined ? {} : { url: signed.url }) });
  } else {
    for (const [name, value] of Object.entries(headers)) output.result(`${name}: ${value}`);
  }
  if (signed.url !== undefined) output.info(`send it to ${signed.url} (the scheme signs the URL with bodySHA256 in it)`);
  if (signed.secretHeader !== undefined && signed.secretHeader in signed.headers) {
    output.info(`${signed.secretHeader} carries the secret itself, so it is not printed`);
  }
}

export function renderVerified(output: Output, result: VerifyResult & { scheme: string }): void {
  if (output.json) {
    output.jsonLine(result);
    return;
  }
  const c = output.paintResult;
  const verdict = result.verdict === 'valid' ? c.green(result.verdict) : c.red(result.verdict);
  // The reason quotes the header's value, which a capture file may hold with a newline in it.
  output.result(oneLine(`${verdict}: ${result.reason} (${result.scheme}, ${result.header})`));
}
