// AWS CloudWatch alarm delivered through an SNS topic to an HTTP(S) subscription: SNS's notification
// envelope, whose Message is the alarm's state change as a JSON *string*.
import type { z } from 'zod';
import { sampleInstant } from './common.js';
import { jsonWithFloats, PythonFloat } from './python-format.js';
import { isRecord } from '../util/json.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type GenerateContext } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The alarm, the state change SNS carries in Message as a JSON string; built on first use (util/zod.ts). */
export const alarmMessageSchema = lazySchema((z) => {
  // CloudWatch prints times as 2026-03-04T10:15:30.123+0000 (no colon in the offset).
  const awsTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)$/, 'expected a timestamp like 2026-03-04T10:15:30.123+0000');
  const state = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);

  return z
    .object({
      AlarmName: z.string(),
      AlarmDescription: z.string().nullable(),
      AWSAccountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
      AlarmConfigurationUpdatedTimestamp: awsTime.optional(),
      NewStateValue: state,
      NewStateReason: z.string(),
      StateChangeTime: awsTime,
      Region: z.string(),
      AlarmArn: z.string().startsWith('arn:').optional(),
      OldStateValue: state,
      OKActions: z.array(z.string()).optional(),
      AlarmActions: z.array(z.string()).optional(),
      InsufficientDataActions: z.array(z.string()).optional(),
      // Metric alarms have a Trigger; composite alarms have an AlarmRule instead.
      Trigger: z
        .object({
          MetricName: z.string().optional(),
          Namespace: z.string().optional(),
          Statistic: z.string().optional(),
          Unit: z.string().nullable().optional(),
          Dimensions: z.array(z.object({ name: z.string(), value: z.string() }).loose()).optional(),
          Period: z.number().int(),
          EvaluationPeriods: z.number().int(),
          ComparisonOperator: z.string(),
          Threshold: z.number().optional(),
        })
        .loose()
        .optional(),
    })
    .loose();
});

/** SNS's notification envelope, built on first use (util/zod.ts). */
export const cloudwatchSchema = lazySchema((z) => {
  return z
    .object({
      Type: z.literal('Notification'),
      MessageId: z.string(),
      TopicArn: z.string().startsWith('arn:aws', 'expected an SNS topic ARN'),
      Subject: z.string().optional(),
      // The alarm, serialised: validated after parsing, its issues reported under $.Message.
      Message: z.string().superRefine((text, ctx) => {
        let alarm: unknown;
        try {
          alarm = JSON.parse(text);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not a JSON string (CloudWatch puts the alarm here as JSON)' });
          return;
        }
        const parsed = alarmMessageSchema().safeParse(alarm);
        if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
      }),
      Timestamp: z.iso.datetime(),
      SignatureVersion: z.enum(['1', '2']),
      Signature: z.string(),
      SigningCertURL: z.string(),
      UnsubscribeURL: z.string(),
      MessageAttributes: z.record(z.string(), z.unknown()).optional(),
    })
    .loose();
});

export type CloudwatchPayload = z.infer<Built<typeof cloudwatchSchema>>;

// The Region field's long names, as published notifications print them: "EU (Ireland)" still in 2024
// (an eu-west-1 WAF alarm), not the newer "Europe (Ireland)" AWS uses elsewhere; "US East
// (N. Virginia)" (2017-2026) and "Asia Pacific (Sydney)" (2021). AWS does not document the field.
const REGIONS = [
  { code: 'us-east-1', name: 'US East (N. Virginia)' },
  { code: 'eu-west-1', name: 'EU (Ireland)' },
  { code: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
];
const ALARMS = [
  { name: 'checkout-api-5xx-high', namespace: 'AWS/ApplicationELB', metric: 'HTTPCode_Target_5XX_Count', statistic: 'SUM', unit: null, op: 'GreaterThanThreshold', threshold: 50, dim: 'LoadBalancer', dimValue: 'app/checkout-prod/5f1c2a9be3d04b7a' },
  { name: 'orders-db-cpu-high', namespace: 'AWS/RDS', metric: 'CPUUtilization', statistic: 'AVERAGE', unit: 'Percent', op: 'GreaterThanOrEqualToThreshold', threshold: 80, dim: 'DBInstanceIdentifier', dimValue: 'orders-prod-1' },
  { name: 'billing-queue-backlog', namespace: 'AWS/SQS', metric: 'ApproximateAgeOfOldestMessage', statistic: 'MAXIMUM', unit: 'Seconds', op: 'GreaterThanThreshold', threshold: 900, dim: 'QueueName', dimValue: 'billing-events-prod' },
] as const;

/** 2026-03-04T10:15:30.123+0000, as CloudWatch writes it. */
function awsStamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** The samples' alarm period. */
const PERIOD_SECONDS = 60;

/**
 * Where the evaluated datapoint starts, given the state change: on a whole minute, one period before the
 * minute of the change. AWS's default sliding evaluation window is not aligned to the period ("Alarm
 * evaluation windows"); published notifications show datapoints at :00 seconds, usually exactly one
 * period before the change's minute (1-minute alarms: 12:16:45 -> 12:15:00; 5-minute: 17:19:14 ->
 * 17:14:00; daily billing: 14:13:14 -> 14:13:00 the day before), sometimes a period earlier.
 */
function datapointStart(changeMs: number, periodSeconds: number): number {
  return Math.floor(changeMs / 60_000) * 60_000 - periodSeconds * 1000;
}

function generate({ random, variant }: GenerateContext): CloudwatchPayload {
  const region = random.pick(REGIONS);
  const alarm = random.pick(ALARMS);
  const account = String(random.int(100_000_000_000, 999_999_999_999));
  const at = sampleInstant(random);
  const alarming = variant === 'alarm';
  const topic = `arn:aws:sns:${region.code}:${account}:${random.pick(['ops-alarms', 'cloudwatch-incidents'])}`;
  const observed = alarming ? alarm.threshold * (1.1 + random.next()) : alarm.threshold * (0.2 + random.next() * 0.5);
  const sampled = new Date(datapointStart(at, PERIOD_SECONDS)).toISOString();
  const datapoint = `${observed.toFixed(1)} (${sampled.slice(8, 10)}/${sampled.slice(5, 7)}/${sampled.slice(2, 4)} ${sampled.slice(11, 19)})`;
  const message = {
    AlarmName: alarm.name,
    AlarmDescription: `Pages on-call when ${alarm.metric} crosses ${alarm.threshold}`,
    AWSAccountId: account,
    // The alarm was last edited 2 to 90 days before, at a moment of its own (not on the change's milliseconds).
    AlarmConfigurationUpdatedTimestamp: awsStamp(at - random.int(2 * 86_400_000, 90 * 86_400_000)),
    NewStateValue: alarming ? 'ALARM' : 'OK',
    NewStateReason: alarming
      ? `Threshold Crossed: 1 out of the last 1 datapoints [${datapoint}] was ${alarm.op === 'GreaterThanThreshold' ? 'greater than' : 'greater than or equal to'} the threshold (${alarm.threshold.toFixed(1)}) (minimum 1 datapoint for OK -> ALARM transition).`
      : `Threshold Crossed: 1 out of the last 1 datapoints [${datapoint}] was not ${alarm.op === 'GreaterThanThreshold' ? 'greater than' : 'greater than or equal to'} the threshold (${alarm.threshold.toFixed(1)}) (minimum 1 datapoint for ALARM -> OK transition).`,
    StateChangeTime: awsStamp(at),
    Region: region.name,
    AlarmArn: `arn:aws:cloudwatch:${region.code}:${account}:alarm:${alarm.name}`,
    OldStateValue: alarming ? 'OK' : 'ALARM',
    OKActions: [topic],
    AlarmActions: [topic],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: alarm.metric,
      Namespace: alarm.namespace,
      StatisticType: 'Statistic',
      Statistic: alarm.statistic,
      Unit: alarm.unit,
      Dimensions: [{ value: alarm.dimValue, name: alarm.dim }],
      Period: PERIOD_SECONDS,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: alarm.op,
      // A float, ".0" when whole, as CloudWatch writes it: 15.0 (fixtures/cloudwatch-alarm/spaceone-ec2-cpu-alarm.json).
      Threshold: new PythonFloat(alarm.threshold),
      TreatMissingData: 'missing',
      EvaluateLowSampleCountPercentile: '',
    },
  };
  const messageId = random.uuid();
  const subscription = random.uuid();
  return {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: topic,
    Subject: `${alarming ? 'ALARM' : 'OK'}: "${alarm.name}" in ${region.name}`,
    Message: jsonWithFloats(message),
    Timestamp: new Date(at + random.int(100, 900)).toISOString(),
    SignatureVersion: '1',
    // Real signatures are RSA over the canonical fields with AWS's key; a sample cannot carry one.
    Signature: Buffer.from(Array.from({ length: 256 }, () => random.int(0, 255))).toString('base64'),
    SigningCertURL: `https://sns.${region.code}.amazonaws.com/SimpleNotificationService-${random.hex(32)}.pem`,
    UnsubscribeURL: `https://sns.${region.code}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topic}:${subscription}`,
  };
}

/**
 * The envelope's bytes as SNS writes them: one field a line, two spaces in, `"Name" : value`, and no
 * newline after the closing brace (the example requests of the SNS Developer Guide, "HTTP/HTTPS
 * notification JSON format" and "Step 1"). MessageAttributes, an object, opens a level of its own
 * whose attributes stay on one line each, compact, as a captured delivery shows them (a doubt).
 */
function snsBody(payload: unknown): string | undefined {
  if (!isRecord(payload)) return undefined;
  const field = (indent: string, [name, value]: [string, unknown]): string => {
    const key = `${indent}${JSON.stringify(name)} : `;
    if (name !== 'MessageAttributes' || !isRecord(value)) return `${key}${JSON.stringify(value)}`;
    const attributes = Object.entries(value);
    // An object with nothing in it, as Jackson's pretty printer writes one.
    return attributes.length === 0 ? `${key}{ }` : `${key}{\n${attributes.map(([n, v]) => `${indent}  ${JSON.stringify(n)} : ${JSON.stringify(v)}`).join(',\n')}\n${indent}}`;
  };
  return `{\n${Object.entries(payload).map((entry) => field('  ', entry)).join(',\n')}\n}`;
}

/**
 * The subscription's ARN, as SNS sends it in both places: the one the body's UnsubscribeURL names, else
 * (a body of the user's without one) the topic's with the AWS docs' example subscription id.
 */
function subscriptionArn(record: Record<string, unknown>, topic: string): string {
  const unsubscribe = typeof record['UnsubscribeURL'] === 'string' && URL.canParse(record['UnsubscribeURL']) ? new URL(record['UnsubscribeURL']).searchParams.get('SubscriptionArn') : null;
  return unsubscribe ?? `${topic}:c9135db0-26c4-47ec-8998-413945fb5a96`;
}

export const cloudwatch = defineKind<CloudwatchPayload>({
  id: 'cloudwatch-alarm',
  title: 'AWS CloudWatch alarm via SNS (HTTP/S subscription)',
  bodyOrigin: 'sender-code',
  template: 'Cloudwatch',
  integrationType: 'alert',
  follows:
    'Amazon SNS Developer Guide "HTTP/HTTPS notification JSON format", "Step 1: Make sure your endpoint is ready to process Amazon SNS messages" (awsdocs/amazon-sns-developer-guide doc_source/SendMessageToHttp.prepare.md: the example requests, the 15 s timeout, the default retries), "Fanout Amazon SNS notifications to HTTPS endpoints" (5xx and 429 retryable) and "Amazon SNS message delivery retries"; the Message is the CloudWatch alarm state-change JSON, its datapoint times, Region names and float Threshold (15.0, never 15) as published notifications show them (CloudWatch User Guide "Alarm evaluation windows": the default sliding window is not aligned to the period)',
  variants: [
    { id: 'alarm', description: 'OK → ALARM: the threshold was crossed' },
    { id: 'ok', description: 'ALARM → OK: the alarm recovered' },
  ],
  schema: cloudwatchSchema,
  claims: { keys: ['TopicArn'] },
  looksLike: (payload) =>
    isRecord(payload) && payload['Type'] === 'Notification' && typeof payload['TopicArn'] === 'string' && typeof payload['Message'] === 'string' && typeof payload['MessageId'] === 'string',
  generate,
  // SNS re-sends with the original MessageId on retry.
  idempotencyId: (payload) => (isRecord(payload) && typeof payload['MessageId'] === 'string' ? payload['MessageId'] : undefined),
  render: (payload) => snsBody(payload),
  requestHeaders: (payload) => {
    const record = isRecord(payload) ? payload : {};
    const topic = typeof record['TopicArn'] === 'string' ? record['TopicArn'] : '';
    return {
      'x-amz-sns-message-type': 'Notification',
      ...(typeof record['MessageId'] === 'string' ? { 'x-amz-sns-message-id': record['MessageId'] } : {}),
      ...(topic ? { 'x-amz-sns-topic-arn': topic, 'x-amz-sns-subscription-arn': subscriptionArn(record, topic) } : {}),
    };
  },
  delivery: {
    contentType: 'text/plain; charset=UTF-8',
    success: '2xx',
    retry: { maxAttempts: 4, initialDelayMs: 20_000, backoff: 'fixed', retryOn: 'server-errors' },
    timeoutMs: 15_000,
    atLeastOnce: true,
    auth: ['basic'],
    userAgent: 'Amazon Simple Notification Service Agent',
    // The 15 s timeout is AWS's ("The connection will time out in 15 seconds", SendMessageToHttp.prepare.md step 5).
    whkChoices: ['success'],
    provenance: {
      documented: [
        'POST with the JSON envelope; Content-Type text/plain; charset=UTF-8 unless the delivery policy sets headerContentType',
        'the envelope one field a line, `"Name" : value` two spaces in, no newline after the closing brace (the example requests of "HTTP/HTTPS notification JSON format" and "Step 1")',
        'headers x-amz-sns-message-type, x-amz-sns-message-id, x-amz-sns-topic-arn, x-amz-sns-subscription-arn',
        'no gzip: the example requests list every header they carry and none is a Content-Encoding ("HTTP/HTTPS headers", "Step 1")',
        'each attempt times out after 15 seconds, and a timeout is a failed attempt ("Step 1: Make sure your endpoint is ready", steps 5 and 6)',
        'default HTTP/S policy: up to 3 retries, 20 s apart; a retry keeps the original MessageId',
        '5xx and 429 answers are retryable, other errors are not retried ("Fanout Amazon SNS notifications to HTTPS endpoints")',
        'User-Agent: Amazon Simple Notification Service Agent',
        'Basic or Digest authentication with the user:password of the subscription URL, the endpoint able to answer 401 ("Fanout Amazon SNS notifications to HTTPS endpoints")',
        'the body is signed with AWS\'s RSA key (SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA), not with a shared secret',
      ],
      ours: [
        'success is any 2xx: AWS pages disagree on other 4xx (see doubts)',
        'the sample Signature is random bytes: it will not verify against AWS\'s certificate',
        'Authorization: Basic on every attempt, the first included, when a Basic token is given (SNS answers a 401 challenge, see doubts); no Digest',
        'the retries exactly 20 s apart (SNS adds jitter, see doubts)',
      ],
    },
  },
  doubts: [
    'SNS first sends a SubscriptionConfirmation message that must be confirmed; only Notification messages are covered.',
    'With raw message delivery enabled the body is the alarm JSON itself, not this envelope.',
    'Alarms carry no severity; the default mapping reads it from the alarm state.',
    'AWS documents neither the Region names nor the datapoint times of a notification. The names are those published notifications show ("EU (Ireland)" as late as 2024, not the newer "Europe (Ireland)" AWS uses elsewhere; notifications before about 2017 said "EU - Ireland"); whether AWS has since renamed them is unknown.',
    'A sample\'s datapoint starts on a whole minute one period before the minute of StateChangeTime, the usual case in published notifications; with the default sliding evaluation window it is not aligned to the period, and real ones are sometimes a period earlier (08:31:00 for a change at 08:41:06 with a 300 s period), which whk does not vary.',
    'SNS sends the subscription URL\'s credentials in answer to the endpoint\'s 401 challenge: its HTTPS page asks the endpoint to support a 401 answer, and published set-ups need a WWW-Authenticate with a realm (maxbeatty.com, "How to subscribe to AWS SNS using HTTPS with Basic Authentication", 2015), so SNS\'s first request carries no Authorization. whk sends it on the first attempt and answers no challenge.',
    'MessageAttributes (absent from AWS\'s examples and from samples) is written a level deeper with each attribute compact on its line, as one delivery captured in public code (an API Gateway proxy event) shows; AWS documents no layout for it.',
    'SNS applies jitter to its retries ("Amazon SNS message delivery retries"), so its waits are near 20 s, not exactly 20 s; whk waits 20 s each time.',
    'Whether a 4xx other than 429 counts as delivered is unsettled: "Step 1" calls only a status outside 200–4xx a failed attempt, the HTTPS fanout page calls such errors permanent failures; whk reports them as failed and does not retry them.',
  ],
  mapping: alertMapping({ title: 'Message.AlarmName', severity: 'Message.NewStateValue', status: 'Message.NewStateValue', service: 'Message.Trigger.Namespace', description: 'Message.NewStateReason', link: 'Message.AlarmArn', timestamp: 'Message.StateChangeTime' }),
});
