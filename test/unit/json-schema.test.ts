// The JSON Schema `whk schema K` prints, checked by an independent validator (ajv, draft 2020-12),
// in strict mode with ajv-formats: an invented format name or an unknown keyword fails to compile.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { getKind, listKinds } from '../../src/kinds/index.js';
import { jsonSchemaOf } from '../../src/kinds/json-schema.js';
import { validatePayload } from '../../src/validate/payload.js';

function compile(kindId: string) {
  // Union types (`"type": ["string", "number"]`) are plain JSON Schema; strict Ajv asks for them by name.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv.compile(jsonSchemaOf(getKind(kindId)));
}

describe.each(listKinds().map((kind) => kind.id))('JSON Schema of %s', (kindId) => {
  const validate = compile(kindId);

  it('compiles under Ajv 2020 strict with ajv-formats (no invented formats)', () => {
    expect(validate).toBeTypeOf('function');
  });

  it('is draft 2020-12 with an id and title', () => {
    const schema = jsonSchemaOf(getKind(kindId));
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toBe(`https://whk.dev/schemas/${kindId}.json`);
  });

  it('accepts the samples of every variant (seeds 1..10)', () => {
    for (const variant of getKind(kindId).variants) {
      for (let seed = 1; seed <= 10; seed++) {
        const payload = getKind(kindId).sample({ seed, variant: variant.id });
        expect(validate(payload), `${variant.id} seed ${seed}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  });

  it('rejects a payload of the wrong shape', () => {
    expect(validate({ unrelated: true })).toBe(false);
  });
});

describe('JSON Schema rules that survive conversion', () => {
  it('impressions: properties given as an object is rejected', () => {
    const batch = getKind('impressions').sample({ seed: 1 }) as Record<string, unknown>[];
    (batch[0] as Record<string, unknown>)['properties'] = { plan: 'pro' };
    expect(compile('impressions')(batch)).toBe(false);
  });

  it('hertzbeat-alarm: priority 5 in the flat generation is rejected', () => {
    const flat = { ...(getKind('hertzbeat-alarm').sample({ seed: 1, variant: 'flat' }) as object), priority: 5 };
    expect(compile('hertzbeat-alarm')(flat)).toBe(false);
  });
});

describe('bitbucket: each event branch is tied to what tells the event in the body', () => {
  const validate = compile('bitbucket');
  const sample = (event: string) => getKind('bitbucket').sample({ seed: 1, event }) as Record<string, Record<string, unknown>>;

  it('accepts the sample of every event', () => {
    for (const event of getKind('bitbucket').events ?? []) expect(validate(sample(event.id)), `${event.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('rejects a broken comment or approval, as whk does, though the body has all a created pull request has', () => {
    const comment = sample('pullrequest:comment_created');
    (comment['comment'] as Record<string, unknown>)['id'] = 1.5;
    const approval = sample('pullrequest:approved');
    (approval['approval'] as Record<string, unknown>)['date'] = 5;
    for (const body of [comment, approval]) {
      expect(validatePayload(body, { kind: 'bitbucket' }).valid).toBe(false);
      expect(validate(body)).toBe(false);
    }
  });
});

describe('opsgenie: the checks by action are in the export', () => {
  const validate = compile('opsgenie');
  const sample = (event: string) => getKind('opsgenie').sample({ seed: 1, event }) as Record<string, Record<string, unknown>>;
  const verdicts = (body: unknown) => [validatePayload(body, { kind: 'opsgenie' }).valid, validate(body)];

  it('requires source but on Escalate, and the note on AddNote, as whk does', () => {
    const noSource = sample('Create');
    delete noSource['source'];
    const noNote = sample('AddNote');
    delete noNote['alert']?.['note'];
    const noMessage = sample('Close');
    delete noMessage['alert']?.['message'];
    for (const body of [noSource, noNote, noMessage]) expect(verdicts(body)).toEqual([false, false]);
    expect(verdicts({ ...noSource, action: 'Escalate' })).toEqual([true, true]);
    expect(verdicts(sample('AddNote'))).toEqual([true, true]);
  });
});

describe('formats', () => {
  it("cloudwatch-alarm's TopicArn is a pattern, not the invented format starts_with", () => {
    const topic = (jsonSchemaOf(getKind('cloudwatch-alarm'))['properties'] as Record<string, Record<string, unknown>>)['TopicArn'];
    expect(topic).toEqual({ type: 'string', pattern: '^arn:aws.*' });
  });
});
