// A Map that remembers at most so many entries: past the bound the oldest set goes first (a Map keeps
// insertion order, so its first key is the oldest). Setting a key already held keeps its place.

export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): void {
  map.set(key, value);
  if (map.size > capacity) map.delete(map.keys().next().value as K);
}
