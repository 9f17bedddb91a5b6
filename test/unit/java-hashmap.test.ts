// java.util.HashMap's iteration order (src/kinds/java-hashmap.ts). The vectors are what the JDK printed:
// `java test/fixtures/java/HashMapOrder.java` (OpenJDK 17.0.15; Temurin 25.0.3 printed the same vectors),
// its lines pasted as they came. Each is [keys put in this order, new HashMap<>(capacity), the order
// keySet() iterates]; they include a resize past 12 keys, keys sharing a bucket ("Aa", "BB" and "C#"
// have one hashCode) and keys outside ASCII (UTF-16 code units, a surrogate pair).
import { describe, expect, it } from 'vitest';
import { inJavaHashMapOrder, javaHashMapOrder, javaStringHash } from '../../src/kinds/java-hashmap.js';

const VECTORS: readonly [string[], number, string[]][] = [
  [['alertname', 'defineid', 'instance', 'instancename', 'severity'], 16, ['severity', 'defineid', 'instance', 'instancename', 'alertname']],
  [['defineid', 'alertname', 'instancename', 'instance', 'severity'], 8, ['severity', 'defineid', 'instancename', 'instance', 'alertname']],
  [['instance', 'alertname', 'instancename', 'instancehost', 'severity'], 8, ['severity', 'instance', 'instancename', 'instancehost', 'alertname']],
  [['instance', 'defineid', 'alertname', 'instancename', 'instancehost', 'severity'], 8, ['severity', 'defineid', 'instance', 'instancename', 'instancehost', 'alertname']],
  [['instance', 'defineid', 'alertname', 'instancename', 'instancehost', 'severity'], 16, ['severity', 'defineid', 'instance', 'instancename', 'alertname', 'instancehost']],
  [['monitorId', 'app', 'thresholdId', 'monitorName', 'monitorHost'], 8, ['app', 'monitorHost', 'monitorId', 'thresholdId', 'monitorName']],
  [['a', 'b', 'c', 'd', 'e', 'f', 'g'], 8, ['a', 'b', 'c', 'd', 'e', 'f', 'g']],
  [['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'], 16, ['nine', 'six', 'four', 'one', 'twelve', 'seven', 'eleven', 'ten', 'two', 'three', 'five', 'eight']],
  [['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen'], 16, ['nine', 'six', 'one', 'seven', 'two', 'three', 'thirteen', 'eight', 'four', 'twelve', 'eleven', 'ten', 'five']],
  [['BB', 'Aa', 'C#', 'Bb', 'AaAa', 'BBBB', 'AaBB', 'BBAa'], 16, ['BB', 'Aa', 'C#', 'Bb', 'AaAa', 'BBBB', 'AaBB', 'BBAa']],
  [['x', 'Aa', 'severity', 'BB', 'app', 'C#'], 16, ['Aa', 'severity', 'BB', 'app', 'C#', 'x']],
  [['Aa', 'BB', 'x', 'y', 'z'], 4, ['Aa', 'BB', 'x', 'y', 'z']],
  [['zeta', 'alpha'], 1, ['zeta', 'alpha']],
  [['alpha', 'beta', 'alpha', 'gamma'], 16, ['alpha', 'beta', 'gamma']],
  [['\u00e9t\u00e9', '\u65e5\u672c', '\ud83d\ude00', 'a-very-long-label-name-that-overflows-int', ''], 16, ['', '\ud83d\ude00', '\u65e5\u672c', '\u00e9t\u00e9', 'a-very-long-label-name-that-overflows-int']],
];

describe('javaHashMapOrder: a HashMap<String, ?> as the JDK iterates it', () => {
  it.each(VECTORS)('%j in %i buckets', (keys, capacity, order) => {
    expect(javaHashMapOrder(keys, capacity)).toEqual(order);
  });

  it('String.hashCode over UTF-16 code units with 32-bit overflow', () => {
    expect([javaStringHash(''), javaStringHash('Aa'), javaStringHash('BB')]).toEqual([0, 2112, 2112]);
  });

  it('inJavaHashMapOrder keeps each key\'s value; instance and instancename share a bucket, so their order is the puts\'', () => {
    const labels = inJavaHashMapOrder({ defineid: '7', alertname: 'DiskFull', instancename: 'linux-db', instance: 'db:22', severity: 'warning' }, 8);
    expect(Object.entries(labels)).toEqual([['severity', 'warning'], ['defineid', '7'], ['instancename', 'linux-db'], ['instance', 'db:22'], ['alertname', 'DiskFull']]);
  });
});
