// A key taken from data (a header or query name, a payload's key) set on a plain object as its own
// entry. Assigned, as a descriptor made per key costs a wide object dearly; a key named __proto__ is
// defined as data, since assigned it would set the object's prototype instead (or be dropped).

export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
