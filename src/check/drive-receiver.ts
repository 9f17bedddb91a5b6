// A receiver contract: send every variant of a kind (and byte-identical duplicates, for kinds
// delivered at-least-once) to the user's endpoint, and expect each delivery to be accepted.
import type { Dispatcher } from 'undici';
import type { DeliveryResult } from '../delivery/chains.js';
import { sendKind } from '../delivery/chains.js';
import { attemptNotes, attemptText } from '../delivery/attempt.js';
import { getKind } from '../kinds/index.js';
import type { Kind, SuccessRule } from '../kinds/types.js';
import { expectsDelivered, variantsOf, type SendCheck } from './contract.js';
import { SUCCESS_RULE_TEXT } from '../delivery/policy.js';
import type { CheckDelivery, CheckResult } from './result.js';
import { counted } from '../util/units.js';
import { receiverRequest } from './receiver-requests.js';
import { isConnectionRefused, isDnsFailure } from '../util/network-errors.js';

export interface CheckEnv {
  dispatcher?: Dispatcher | undefined;
  signal?: AbortSignal | undefined;
}

type Outcome = Omit<CheckResult, 'index' | 'name' | 'form' | 'ms'>;

export async function runReceiverCheck(check: SendCheck, env: CheckEnv = {}): Promise<Outcome> {
  const kind = getKind(check.kind);
  const deliveries: CheckDelivery[] = [];
  const problems: string[] = [];
  const variants = variantsOf(kind, check);
  const wanted = expectsDelivered(kind, check.expect);
  let sent = 0;
  for (const [i, variant] of variants.entries()) {
    if (env.signal?.aborted) break;
    sent++;
    const results = await sendKind(receiverRequest(kind, check, variant, i), { dispatcher: env.dispatcher, signal: env.signal });
    let stage = 0;
    for (const result of results) {
      if (!result.duplicate) stage++;
      const delivery = judge(result, variant, stage, wanted, check.expect.status);
      deliveries.push(delivery);
      if (!delivery.ok) problems.push(problemLine(delivery, wanted, check.expect.status, kind.delivery.success, stageNames(kind, check, variant)));
    }
  }
  const copies = deliveries.filter((d) => d.duplicate).length;
  // 3 variants came to 10 deliveries without a word on the resolved stages their lifecycles added.
  const laterStages = deliveries.filter((d) => !d.duplicate && d.stage > 1).length;
  // Cancelled part way, the variants not sent are not counted as if they had been.
  const variantsSent = sent < variants.length ? `${sent} of ${counted(variants.length, 'variant')} sent` : counted(variants.length, 'variant');
  const parts = [variantsSent, ...(laterStages ? [counted(laterStages, 'later lifecycle stage')] : []), ...(copies ? [counted(copies, 'duplicate')] : [])];
  const what = `${counted(deliveries.length, 'delivery', 'deliveries')} (${parts.join(', ')})`;
  const accepted = deliveries.filter((d) => d.delivered).length;
  // An expected status is counted as met by the deliveries that got it: counted as refused, a 401 to a check expecting 403 read as success.
  const expected = check.expect.status;
  const summary =
    expected !== undefined ? `${deliveries.filter((d) => d.ok).length} of ${what} answered ${expected}` : wanted ? `${accepted} of ${what} accepted` : `${deliveries.filter(refused).length} of ${what} refused`;
  // A cancelled check has no verdict, as a sender check has none: a delivery cut off in flight or
  // between its retries met no expectation and failed none.
  if (env.signal?.aborted) return { ok: false, summary, problems: ['cancelled'], deliveries, error: 'cancelled' };
  const unreached = unreachable(deliveries);
  return { ok: problems.length === 0 && deliveries.length > 0, summary, problems, deliveries, ...(unreached === undefined ? {} : { error: unreached }) };
}

function judge(result: DeliveryResult, variant: string, stage: number, wanted: boolean, status: number | undefined): CheckDelivery {
  const last = result.attempts.at(-1);
  const statusOk = status === undefined || last?.status === status;
  const delivery = {
    variant,
    stage,
    duplicate: result.duplicate,
    delivered: result.delivered,
    attempts: result.attempts,
    error: last?.error ?? null,
    answer: last?.answer ?? null,
    ...(last?.answerCut ? { answerCut: true as const } : {}),
  };
  const ok = (wanted ? delivery.delivered : refused(delivery)) && statusOk;
  return { ...delivery, ok, statuses: result.attempts.map((a) => a.status), errors: result.attempts.map((a) => a.error) };
}

/**
 * Why no delivery reached the receiver at all (connection refused, no such host), or undefined: the
 * check could not test it (JUnit's <error>). A receiver that answered some, or took the connection
 * and then failed, failed its check; so did one that answered with a redirect whose Location was
 * refused: that is its answer, not a receiver out of reach.
 */
function unreachable(deliveries: readonly CheckDelivery[]): string | undefined {
  const unreached = deliveries.every((d) => d.attempts.length > 0 && d.attempts.every(({ error, redirects }) => error !== null && redirects === undefined && (isConnectionRefused(error) || isDnsFailure(error))));
  return deliveries.length > 0 && unreached ? `the receiver could not be reached: ${deliveries[0]?.error}` : undefined;
}

/**
 * Refused means the receiver answered, with a status the kind's rule does not accept. A receiver
 * that is down or never answers refused nothing: "expect refused" must not pass against it.
 */
function refused(delivery: Pick<CheckDelivery, 'delivered' | 'attempts'>): boolean {
  return !delivery.delivered && delivery.attempts.at(-1)?.status != null;
}

/**
 * The names of the lifecycle stages the variant is sent through (Metaplane: opened, resolved), or
 * undefined when it is sent alone: without `lifecycle`, or a variant past the start (resolved).
 */
function stageNames(kind: Kind, check: SendCheck, variant: string): readonly string[] | undefined {
  if (!check.lifecycle || kind.lifecycle === undefined || !(kind.lifecycleFrom?.includes(variant) ?? true)) return undefined;
  return kind.lifecycleStages ?? [];
}

/**
 * The delivery a problem line is about: its variant, then its lifecycle stage by number and name, as
 * send names it ('opened (lifecycle stage 2: resolved, duplicate)'); 'opened stage 2' left unsaid
 * that stage 2 of opened's lifecycle is the incident resolved.
 */
function deliveryLabel(delivery: CheckDelivery, stages: readonly string[] | undefined): string {
  const stage = stages === undefined ? [] : [`lifecycle stage ${delivery.stage}${stages[delivery.stage - 1] === undefined ? '' : `: ${stages[delivery.stage - 1]}`}`];
  const said = [...stage, ...(delivery.duplicate ? ['duplicate'] : [])];
  return said.length === 0 ? delivery.variant : `${delivery.variant} (${said.join(', ')})`;
}

function problemLine(delivery: CheckDelivery, wanted: boolean, expectedStatus: number | undefined, rule: SuccessRule, stages: readonly string[] | undefined): string {
  const label = deliveryLabel(delivery, stages);
  const lastAt = delivery.attempts.length - 1;
  // Each attempt says its own outcome, as send's lines do: a refused connection is not a silent
  // receiver. The receiver's answer is said for the last attempt only. What the sender's client did
  // on the way is said too: a redirect's refused Location read as the receiver's own URL refusing.
  const answers = delivery.attempts.map((attempt, i) => {
    const { status, error, answer, answerCut } = attempt;
    const notes = attemptNotes(attempt);
    const text = attemptText({ status, error, ms: 0, ...(i === lastAt && answer !== undefined ? { answer, ...(answerCut ? { answerCut } : {}) } : {}) });
    return notes.length === 0 ? text : `${text} (${notes.join(', ')})`;
  });
  const tried = answers.length === 0 ? 'not sent' : `${answers.join(' → ')}${answers.length > 1 ? ` (${answers.length} attempts)` : ''}`;
  if (wanted && !delivery.delivered) return `${label}: ${tried}; expected it accepted (${SUCCESS_RULE_TEXT[rule]})`;
  if (!wanted && !refused(delivery)) return `${label}: ${tried}; expected it refused (its rule accepts ${SUCCESS_RULE_TEXT[rule]})`;
  return `${label}: ${tried}; expected status ${expectedStatus}`;
}
