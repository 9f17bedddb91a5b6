import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { applyAssignments, EVERY, formatPath, getPath, MAX_PATH_LENGTH, parseAssignment, parsePath, parseQuery, setPath } from '../../src/util/json-path.js';

/** What a call throws (undefined when it returns), for checking an error's hint as well as its message. */
function errorOf(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parsePath', () => {
  it('reads names and indexes', () => {
    expect(parsePath('data.metric.name')).toEqual(['data', 'metric', 'name']);
    expect(parsePath('alerts[0].labels.severity')).toEqual(['alerts', 0, 'labels', 'severity']);
    expect(parsePath('[2].treatment')).toEqual([2, 'treatment']);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the segment %s anywhere in the path', (segment) => {
    for (const path of [`${segment}.x`, `a.${segment}`, `a[0].${segment}.b`]) {
      expect(() => parsePath(path)).toThrow(UsageError);
      expect(() => parsePath(path)).toThrow(`the segment '${segment}' is not allowed`);
    }
  });

  it.each(['', '.a', 'a.', 'a..b', 'a[x]', 'a[0', 'a]'])('refuses the malformed path %j', (path) => {
    expect(() => parsePath(path)).toThrow(UsageError);
  });
});

describe('parseQuery (mapping paths)', () => {
  const pod = {
    metadata: { labels: { 'app.kubernetes.io/name': 'checkout', app: 'legacy' } },
    alerts: [{ labels: { instance: 'a:1', tags: ['x', 'y'] } }, { labels: { instance: 'b:2', tags: ['z'] } }, { labels: {} }],
  };

  it('reads a quoted key with dots and slashes as one segment, in double or single quotes', () => {
    expect(parseQuery('metadata.labels["app.kubernetes.io/name"]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parseQuery("metadata.labels['app.kubernetes.io/name']")).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parseQuery('a["say \\"hi\\""].b')).toEqual(['a', 'say "hi"', 'b']);
    expect(getPath(pod, parseQuery('metadata.labels["app.kubernetes.io/name"]'))).toBe('checkout');
    // Without the quotes the dots split the key and nothing is found.
    expect(getPath(pod, parseQuery('metadata.labels.app.kubernetes.io/name'))).toBeUndefined();
  });

  it('reads [*] as every element, giving an array of what the rest of the path finds (missing ones left out)', () => {
    expect(parseQuery('alerts[*].labels.instance')).toEqual(['alerts', EVERY, 'labels', 'instance']);
    expect(getPath(pod, parseQuery('alerts[*].labels.instance'))).toEqual(['a:1', 'b:2']);
    expect(getPath(pod, parseQuery('alerts[*].labels.tags[*]'))).toEqual(['x', 'y', 'z']);
    expect(getPath(pod, parseQuery('metadata.labels[*]'))).toEqual(['checkout', 'legacy']);
    expect(getPath(pod, parseQuery('alerts[*].nope'))).toEqual([]);
    expect(getPath(pod, parseQuery('metadata.labels.app[*]'))).toBeUndefined();
  });

  it.each(['a[*', 'a["x"', 'a["x"]b', "a['x]", '["__proto__"].x', 'a["\\q"]'])('refuses the malformed or forbidden path %j', (path) => {
    expect(() => parseQuery(path)).toThrow(UsageError);
  });

  it("reads a path as whk prints it ('$.a', '$[0]') as the same path without '$'; a key named $ is [\"$\"]", () => {
    expect(parseQuery('$.alerts[0].labels.alertname')).toEqual(parseQuery('alerts[0].labels.alertname'));
    expect(parseQuery('$.alerts[*].labels["app.kubernetes.io/name"]')).toEqual(['alerts', EVERY, 'labels', 'app.kubernetes.io/name']);
    expect(parseQuery('$[0].key')).toEqual([0, 'key']);
    expect(parseQuery('$[*]')).toEqual([EVERY]);
    expect(getPath(pod, parseQuery('$.alerts[*].labels.instance'))).toEqual(['a:1', 'b:2']);
    expect(parseQuery('["$"].a')).toEqual(['$', 'a']);
    expect(parseQuery('$ref.a')).toEqual(['$ref', 'a']);
    expect(() => parseQuery('$')).toThrow("invalid path '$': it is the whole body, not a field in it");
    expect(() => parseQuery('$.')).toThrow("invalid path '$.'");
    expect(() => parseQuery('$.__proto__.x')).toThrow("refused path '$.__proto__.x'");
  });

  it('refuses [*] where a path must name one place (--set), but takes quoted keys there', () => {
    expect(() => parsePath('alerts[*].labels')).toThrow(/\[\*\] reads every element/);
    expect(applyAssignments({}, ['labels["app.kubernetes.io/name"]="checkout"'])).toEqual({ labels: { 'app.kubernetes.io/name': 'checkout' } });
  });
});

describe('parseAssignment (--set)', () => {
  it('parses the value as JSON when it is JSON, else keeps the text', () => {
    expect(parseAssignment('data.pValue=0.01')).toEqual({ path: ['data', 'pValue'], value: 0.01 });
    expect(parseAssignment('data.alertPolicy=null')).toEqual({ path: ['data', 'alertPolicy'], value: null });
    expect(parseAssignment('source.name=my flag')).toEqual({ path: ['source', 'name'], value: 'my flag' });
    expect(parseAssignment('a=b=c')).toEqual({ path: ['a'], value: 'b=c' });
    expect(parseAssignment('a=')).toEqual({ path: ['a'], value: '' });
  });

  it('refuses a number past a double (JSON.parse reads it as Infinity, which a payload carries as null)', () => {
    expect(() => parseAssignment('data.baselineValue=1e400')).toThrow("invalid `set` 'data.baselineValue=1e400': 1e400 is past the largest number JSON carries here (a double, about 1.8e308)");
    expect(() => parseAssignment('x=-1e400')).toThrow(/is past the largest number/);
    expect(parseAssignment('x="1e400"')).toEqual({ path: ['x'], value: '1e400' });
  });

  it("reads a path as whk's messages print it ('$.status', '$[0].key') from the body's root, as send's and replay's --set both parse it", () => {
    expect(parseAssignment('$.status=resolved')).toEqual({ path: ['status'], value: 'resolved' });
    expect(parseAssignment('$[0].treatment=on')).toEqual({ path: [0, 'treatment'], value: 'on' });
    expect(parseAssignment('$["app.name"]=x')).toEqual({ path: ['app.name'], value: 'x' });
    expect(applyAssignments({ status: 'firing' }, ['$.status=resolved'])).toEqual({ status: 'resolved' });
    // A key named '$' is written as the quoted key; '$' alone names no field.
    expect(parseAssignment('["$"].x=1')).toEqual({ path: ['$', 'x'], value: 1 });
    expect(() => parseAssignment('$=1')).toThrow("invalid `set` '$=1': '$' is the whole body, not a field in it");
  });

  it.each(['novalue', '=value', ''])('refuses the malformed assignment %j', (raw) => {
    expect(() => parseAssignment(raw)).toThrow(/invalid `set`/);
  });

  it('refuses prototype-polluting paths and leaves Object.prototype alone', () => {
    expect(() => applyAssignments({}, ['__proto__.polluted=1'])).toThrow(UsageError);
    expect(() => applyAssignments({}, ['constructor.prototype.polluted=1'])).toThrow(UsageError);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('getPath / setPath / formatPath', () => {
  it('sets values, creating objects and arrays on the way', () => {
    const root = applyAssignments({ a: { b: 1 } } as Record<string, unknown>, ['a.b=2', 'x[0].y="z"', 'x[1]=3']);
    expect(root).toEqual({ a: { b: 2 }, x: [{ y: 'z' }, 3] });
    expect(getPath(root, ['x', 0, 'y'])).toBe('z');
    expect(getPath(root, ['nope', 'deeper'])).toBeUndefined();
  });

  it('follows own properties only', () => {
    expect(getPath({}, ['toString'])).toBeUndefined();
  });

  it('replaces null on the way (e.g. a null alertPolicy) but refuses a scalar root', () => {
    expect(setPath({ a: null }, ['a', 'b'], 2)).toEqual({ a: { b: 2 } });
    expect(() => setPath(1, ['a'], 2)).toThrow("cannot set '$.a': '$' is a number, not an object or array");
  });

  it('sets an index inside an array or exactly at its end, and refuses one past the end', () => {
    expect(applyAssignments([{ k: 1 }, { k: 2 }], ['[1].k=3', '[2]=4'])).toEqual([{ k: 1 }, { k: 3 }, 4]);
    expect(errorOf(() => applyAssignments([{ k: 1 }], ['[99999999]=1']))).toMatchObject({ message: "cannot set '$[99999999]': '$' has 1 element", hint: 'use an index from 0 to 1 (1 adds one at the end)' });
    expect(() => applyAssignments({}, ['x[1].y=1'])).toThrow("cannot set '$.x[1].y': '$.x' has 0 elements");
  });

  it('refuses a name on an array, even length (a JSON array has no names)', () => {
    for (const [raw, hint] of [['key=1', '[0].key'], ['length=0', '[0].length'], ['0.key=1', '[0].key']] as const) {
      const error = errorOf(() => applyAssignments([{ key: 'a' }], [raw]));
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toMatch(/^cannot set '.+': '\$' is an array, and '.+' is not an index$/);
      expect((error as UsageError).hint).toBe(`name an element by its index, e.g. ${hint}`);
    }
  });

  it('refuses an index on an object, pointing to the quoted key', () => {
    expect(errorOf(() => applyAssignments({ data: {} }, ['data[0]=1']))).toMatchObject({ message: "cannot set '$.data[0]': '$.data' is an object, and [0] indexes an array", hint: 'for a key named 0, write data["0"]' });
    expect(applyAssignments({ data: {} }, ['data["0"]=1'])).toEqual({ data: { '0': 1 } });
  });

  it.each([
    ['type.x=1', "'$.type' is a string"],
    ['n.x=1', "'$.n' is a number"],
    ['b[0]=1', "'$.b' is a boolean"],
  ])('refuses to step into a scalar (%s), rather than replacing it', (raw, what) => {
    const payload = { type: 'METRIC_ALERT', n: 1, b: true };
    expect(() => applyAssignments(payload, [raw])).toThrow(`${what}, not an object or array`);
    expect(payload).toEqual({ type: 'METRIC_ALERT', n: 1, b: true });
  });

  it(`refuses a path longer than ${MAX_PATH_LENGTH} characters (whk's bound: a set path of thousands of steps took seconds, quadratic)`, () => {
    const at = (length: number): string => 'a.'.repeat(length).slice(0, length - 1).concat('b');
    expect(parsePath(at(MAX_PATH_LENGTH))).toHaveLength(MAX_PATH_LENGTH / 2);
    expect(() => parsePath(at(MAX_PATH_LENGTH + 1))).toThrow(`longer than ${MAX_PATH_LENGTH} characters (whk's bound)`);
    expect(() => applyAssignments({}, [`${at(MAX_PATH_LENGTH + 1)}=1`])).toThrow(/whk's bound/);
  });

  it('formats paths as issues print them', () => {
    expect(formatPath(['alerts', 0, 'labels', 'severity'])).toBe('$.alerts[0].labels.severity');
    expect(formatPath([1, 'properties'])).toBe('$[1].properties');
    expect(formatPath(['labels', 'app.kubernetes.io/name'])).toBe('$.labels["app.kubernetes.io/name"]');
  });

  it('escapes what would print as nothing or reorder the line in a key (a terminal drops U+202E: "\\u202eevil" read "evil"), and reads it back', () => {
    const keys = ['\u202eevil', 'zero\u200bwidth', 'soft\u00adhyphen', 'del\u007f', 'bom\ufeff', 'line\u2028sep', 'ctl\u0001'];
    const paths = keys.map((key) => formatPath([key]));
    expect(paths).toEqual(['$["\\u202eevil"]', '$["zero\\u200bwidth"]', '$["soft\\u00adhyphen"]', '$["del\\u007f"]', '$["bom\\ufeff"]', '$["line\\u2028sep"]', '$["ctl\\u0001"]']);
    expect(paths.map((path) => parsePath(path.slice(1)))).toEqual(keys.map((key) => [key]));
  });
});
