// The verdicts listen made of a captured request beyond its body, taken from the record as recorded:
// its signature (validate has no secret to check it again) and an idempotencyId that came before with
// other content (the request before it may be in no file validate reads). Validate judges the body
// again (captured.ts) and adds these, so it and listen agree on the record's valid or invalid.
import type { CaptureRecord } from '../capture/record.js';
import { CONFLICT_PATH, CONFLICT_WORDS } from '../receiver/duplicates.js';
import { isRecord } from '../util/json.js';
import type { Issue } from './issues.js';

const AS_RECORDED = 'as recorded by listen';
const NO_SECRET = 'validate has no secret to check it again';

/**
 * The request's issues listen recorded (of `recorded`, the record's issues as far as well formed):
 * `own`, the recorded ones they come from, which a body with no JSON must not carry again in their
 * first words; `issues`, the same said to be as recorded. None for a record of an older whk that
 * recorded no signature verdict or conflict: judged on its body alone, as before.
 */
export function recordedRequestIssues(record: CaptureRecord, recorded: readonly Issue[]): { own: Issue[]; issues: Issue[] } {
  const own: Issue[] = [];
  const issues: Issue[] = [];
  const verdict = failedSignature(record);
  if (verdict !== undefined) {
    // listen's words for it (every signature issue begins "signature "), else the verdict's own.
    const said = recorded.find((issue) => issue.path === '$' && issue.message.startsWith('signature '));
    if (said !== undefined) own.push(said);
    const words = said?.message ?? `signature ${verdict.header} ${verdict.verdict}${verdict.reason === undefined ? '' : `: ${verdict.reason}`}`;
    issues.push({ path: '$', message: `${words}, ${AS_RECORDED} (${NO_SECRET})` });
  }
  for (const issue of recorded) {
    if (issue.path !== CONFLICT_PATH || !issue.message.startsWith(CONFLICT_WORDS)) continue;
    own.push(issue);
    issues.push({ path: issue.path, message: `${issue.message}, ${AS_RECORDED}` });
  }
  return { own, issues };
}

/** The record's signature verdict when it is not valid (missing, invalid, expired, replayed). */
function failedSignature(record: CaptureRecord): { header: string; verdict: string; reason: string | undefined } | undefined {
  const signature: unknown = record.signature;
  if (!isRecord(signature) || typeof signature['verdict'] !== 'string' || signature['verdict'] === 'valid') return undefined;
  const reason = signature['reason'];
  return { header: String(signature['header']), verdict: signature['verdict'], reason: typeof reason === 'string' ? reason : undefined };
}
