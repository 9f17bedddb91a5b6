// The API validates what the caller shaped before anything goes, as the CLI does unless --no-validate:
// a payload `set` changed (sample, send, stream) and your own payload or body (send's --data).
// `validate: false` is --no-validate: the invalid payload on purpose.
import { describe, expect, it } from 'vitest';
import { CheckFailedError, InputError, listen, sample, send, stream, validate, type WhkError } from 'whk';
import { closedAfterEach } from '../helpers/server.js';

const started = closedAfterEach(() => listen());

/** The WhkError a call throws. */
async function thrown(call: () => unknown): Promise<WhkError> {
  try {
    await call();
  } catch (error) {
    return error as WhkError;
  }
  throw new Error('expected an error');
}

// metaplane-incident's status is "opened" or "resolved": any other makes an invalid payload.
const badStatus = ['status=paused'];
const statusIssue = '$.status: expected one of "opened", "resolved"';

describe('sample(): a set that makes an invalid payload', () => {
  it('is refused, naming `set` and the issue, as whk sample refuses it', async () => {
    const error = await thrown(() => sample('metaplane-incident', { seed: 1, set: badStatus }));
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(error).toMatchObject({ field: 'set', message: `\`set\` makes an invalid metaplane-incident payload: ${statusIssue}`, hint: 'change the value, or add `validate: false` to use it anyway' });
  });

  it('is returned with validate: false, and a set that keeps it valid is returned either way', () => {
    expect(sample('metaplane-incident', { seed: 1, set: badStatus, validate: false })).toMatchObject({ status: 'paused' });
    expect(sample('metaplane-incident', { seed: 1, set: ['status=resolved'] })).toMatchObject({ status: 'resolved' });
  });
});

describe('send() and stream(): what the caller shaped is refused before anything is sent, unless validate: false', () => {
  it('a set that makes an invalid payload', async () => {
    const listener = await started();
    const error = await thrown(() => send('metaplane-incident', { url: listener.url, seed: 1, count: 3, set: badStatus }));
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(error).toMatchObject({ field: 'set', message: `\`set\` makes an invalid metaplane-incident payload: ${statusIssue}` });
    expect(listener.count).toBe(0);
    const sent = await send('metaplane-incident', { url: listener.url, seed: 1, set: badStatus, validate: false });
    expect(sent.delivered).toBe(true);
    expect(listener.requests[0]).toMatchObject({ valid: false, body: { status: 'paused' } });
  });

  it('a set that makes an invalid payload of a stream (each event of a batch kind)', async () => {
    const listener = await started();
    const error = await thrown(() => stream('impressions', { url: listener.url, rate: 1000, total: 1, set: ['treatment=5'] }));
    expect(error).toMatchObject({ field: 'set', message: expect.stringMatching(/^`set` makes an invalid impressions payload: \$\[0\]\.treatment: /) });
    expect(listener.count).toBe(0);
  });

  it('your own payload that is not one of the kind (send --data)', async () => {
    const listener = await started();
    const error = await thrown(() => send('metaplane-incident', { url: listener.url, payload: { ...(sample('metaplane-incident', { seed: 1 }) as object), status: 'paused' } }));
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(error).toMatchObject({ field: 'payload', message: `\`payload\` is not a valid metaplane-incident payload: ${statusIssue}`, hint: 'nothing was sent; fix it, or give `validate: false` to send it anyway' });
    // Checked as given, then as `set` leaves it: a set cannot make a bad payload pass.
    expect(await thrown(() => send('metaplane-incident', { url: listener.url, payload: { status: 'paused' }, set: ['status=opened'] }))).toMatchObject({ field: 'payload' });
    expect(listener.count).toBe(0);
    await send('metaplane-incident', { url: listener.url, payload: { status: 'paused' }, validate: false });
    expect(listener.requests[0]).toMatchObject({ valid: false, body: { status: 'paused' } });
  });

  it('your own body that is not JSON, or JSON with a stray comma its sender never sends', async () => {
    const listener = await started();
    const notJson = await thrown(() => send('metric-alert', { url: listener.url, body: 'not json' }));
    expect(notJson).toBeInstanceOf(InputError);
    expect(notJson).toMatchObject({ field: 'body', message: expect.stringMatching(/^`body`: line 1: not valid JSON: Unexpected token/), hint: 'fix it, or give `validate: false` to send the bytes as they are' });
    const alert = JSON.stringify(sample('metric-alert', { seed: 1 }));
    const comma = await thrown(() => send('metric-alert', { url: listener.url, body: `${alert.slice(0, -1)},}` }));
    expect(comma).toMatchObject({ field: 'body', message: expect.stringMatching(/^`body` is not a valid metric-alert payload: \$: not valid JSON: line 1: a trailing comma/) });
    expect(listener.count).toBe(0);
    await send('metric-alert', { url: listener.url, body: alert });
    await send('metric-alert', { url: listener.url, body: 'not json', validate: false });
    expect(listener.requests.map((record) => record.bodyBase64)).toEqual([alert, 'not json'].map((text) => Buffer.from(text).toString('base64')));
  });

  it('a body with stray commas is read past them, as --data is, so `set` changes it: a HertzBeat body, or any with validate: false', async () => {
    const listener = await started();
    const alarm = JSON.stringify(sample('hertzbeat-alarm', { seed: 1, variant: 'flat' }));
    // HertzBeat's own template can leave a trailing comma: valid for its kind, and `set` applies.
    await send('hertzbeat-alarm', { url: listener.url, body: `${alarm.slice(0, -1)},}`, set: ['priority=0'] });
    const alert = JSON.stringify(sample('metric-alert', { seed: 1 }));
    await send('metric-alert', { url: listener.url, body: `${alert.slice(0, -1)},}`, set: ['data.environment.name="eu"'], validate: false });
    expect(listener.requests.map((record) => record.body)).toMatchObject([{ priority: 0, target: expect.any(String) }, { data: { environment: { name: 'eu' } } }]);
  });
});

// zod's and ajv's own words ("expected record", "Invalid ISO datetime", "expected string,null") read
// as whk's other messages: JSON's type names, what format was expected, a list of types with words.
describe('validate(): issues in words', () => {
  it.each([
    ['alertmanager', 'commonAnnotations=null', undefined, 'expected object, got null'],
    ['sentry-issue-alert', 'data.event.tags[1]="x"', undefined, 'expected array, got string'],
    ['cloudwatch-alarm', 'Timestamp="x"', undefined, 'expected an ISO 8601 date-time, e.g. 2026-03-04T10:15:30Z'],
    ['lacework', 'event_link="nope"', undefined, 'expected a URL'],
    ['github', 'pull_request.active_lock_reason=5', 'pull_request', 'expected string or null, got number'],
  ])('%s %s', (kind, set, event, message) => {
    const options = event === undefined ? {} : { event };
    const changed = sample(kind, { seed: 1, ...options, set: [set], validate: false });
    expect(validate(changed, { kind, ...options }).issues[0]?.message).toBe(message);
  });
});
