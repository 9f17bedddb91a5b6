// The order in which a Java java.util.HashMap<String, ?> iterates its keys, for senders whose
// payload writes a HashMap in iteration order (Jackson, FreeMarker's <#list>). The order is
// deterministic: JDK 8 and later (HashMap.hash, putVal, resize) put a key in the bucket
// (h ^ (h >>> 16)) & (capacity - 1) of its String.hashCode h, keep a bucket's keys in the order they
// came in (resize splits a bucket into two without reordering), and iterate the buckets by index.
// test/unit/java-hashmap.test.ts checks it against what the JDK printed.

/** String.hashCode: s[0]*31^(n-1) + … + s[n-1] over UTF-16 code units, in 32-bit overflow. */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** HashMap.hash: the high half of the hash folded into the low one, as bucket indexes use only low bits. */
function spread(hash: number): number {
  return hash ^ (hash >>> 16);
}

/**
 * The iteration order of a HashMap whose keys were put in `keys`' order (a repeated key keeps its
 * first place) into a table of `capacity` buckets (a power of two: what the constructor's argument
 * rounds up to, 16 by default). The table doubles when a put takes the size past 0.75 of it.
 * Buckets holding 8 or more keys become trees, which this does not model: none of whk's key sets
 * come near.
 */
export function javaHashMapOrder(keys: readonly string[], capacity = 16): string[] {
  const unique = [...new Set(keys)];
  let table = capacity;
  for (let size = 1; size <= unique.length; size++) if (size > table * 0.75) table *= 2;
  const bucket = (key: string) => spread(javaStringHash(key)) & (table - 1);
  // Array.prototype.sort is stable: within a bucket, keys keep the order they were put in.
  return unique.map((key) => ({ key, index: bucket(key) })).sort((a, b) => a.index - b.index).map(({ key }) => key);
}

/** The keys of `record` as a HashMap of `capacity` buckets iterates them, with their values. */
export function inJavaHashMapOrder<V>(record: Readonly<Record<string, V>>, capacity = 16): Record<string, V> {
  return Object.fromEntries(javaHashMapOrder(Object.keys(record), capacity).map((key) => [key, record[key] as V]));
}
