import { describe, expect, it } from 'vitest';
import { prepareSend } from '../../src/delivery/plan.js';
import { loadKind } from '../../src/kinds/load.js';
import { assignedNumberTexts, textsOfEach } from '../../src/util/assigned-numbers.js';

// An integer past 2^53 (a snowflake, a Datadog id) is read by JSON.parse as the nearest double:
// whatever send writes again (a `set` on the user's JSON, a `set` value, a later lifecycle stage)
// carries the digits given, never 12345678901234567000 for 12345678901234567890.
const URL = 'http://127.0.0.1:9/hook';
const BIG = '12345678901234567890';
const bodiesOf = (planned: ReturnType<typeof prepareSend>): string[] => planned.map((delivery) => delivery.request.body.toString());

describe('integers past 2^53 in a send', () => {
  it("a `set` on the user's JSON leaves its other big integers as they were written", async () => {
    const kind = await loadKind('metric-alert');
    const body = `{"n": ${BIG}, "list": [1, -99999999999999999999]}`;
    const [sent] = bodiesOf(prepareSend({ kind, url: URL, body, payload: JSON.parse(body), set: ['y=1'], gzip: 'never' }));
    expect(sent).toBe(`{"n":${BIG},"list":[1,-99999999999999999999],"y":1}`);
  });

  it('a `set` value holding one goes with its digits, alone or inside an object', async () => {
    const kind = await loadKind('metric-alert');
    const [sent] = bodiesOf(prepareSend({ kind, url: URL, seed: 1, set: [`x=${BIG}`, `y={"id":${BIG},"a":[${BIG}]}`], gzip: 'never' }));
    expect(sent).toContain(`"x":${BIG}`);
    expect(sent).toContain(`"y":{"id":${BIG},"a":[${BIG}]}`);
  });

  it("a later lifecycle stage of the user's JSON keeps them too", async () => {
    const kind = await loadKind('metaplane-incident');
    const payload = { ...(kind.sample({ seed: 3 }) as object), big: 0 };
    const body = JSON.stringify(payload).replace('"big":0', `"big":${BIG}`);
    const sent = bodiesOf(prepareSend({ kind, url: URL, body, payload: JSON.parse(body), lifecycle: true, gzip: 'never' }));
    expect(sent).toHaveLength(2);
    expect(sent.every((text) => text.includes(`"big":${BIG}`))).toBe(true);
  });

  it("a payload its sender renders (Go's JSON) refuses one, saying why, before anything is planned", async () => {
    const kind = await loadKind('alertmanager');
    expect(() => prepareSend({ kind, url: URL, seed: 1, set: [`x=${BIG}`] })).toThrow(/past 2\^53.*nearest double/);
  });

  it('a batch (impressions) carries them in every record a field `set` reaches, and in the one record an index names', async () => {
    const kind = await loadKind('impressions');
    const times = (text: string | undefined): number => (text ?? '').split(`"splitVersionNumber":${BIG}`).length - 1;
    const [every] = bodiesOf(prepareSend({ kind, url: URL, seed: 1, count: 3, set: [`splitVersionNumber=${BIG}`], gzip: 'never' }));
    expect(times(every)).toBe(3);
    const [one] = bodiesOf(prepareSend({ kind, url: URL, seed: 1, count: 3, set: [`[1].splitVersionNumber=${BIG}`], gzip: 'never' }));
    expect(times(one)).toBe(1);
    const body = JSON.stringify(kind.sample({ seed: 1, count: 2 }));
    const [given] = bodiesOf(prepareSend({ kind, url: URL, body, payload: JSON.parse(body), set: [`$.splitVersionNumber=${BIG}`], gzip: 'never' }));
    expect(times(given)).toBe(2);
  });

  it('what an assignment replaces loses its digits; a batch holds them at each index', () => {
    const texts = assignedNumberTexts([`a={"b":${BIG}}`, 'a.c=1'], new Map([['$.a.old', '99999999999999999999']]));
    expect([...texts]).toEqual([['$.a.b', BIG]]);
    expect([...assignedNumberTexts(['a=2'], texts)]).toEqual([]);
    expect([...textsOfEach(new Map([['$.x', BIG]]), 2)]).toEqual([['$[0].x', BIG], ['$[1].x', BIG]]);
  });
});
