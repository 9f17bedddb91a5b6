// A list of values that come and go one at a time, each taken out through the node its add returned:
// adding and removing take constant time and make nothing but the node. A Set churned so (one entry
// a request or an attempt, gone a moment later) cost more. By hand: one add and delete on a small
// Set took 50 to 70 ns, on a Map 55, against the list's 14; in a sender (on-abort.ts,
// --trace-gc-nvp over 30,000 deliveries) what a Set had held outlived the young generation's
// collections and was promoted, 1,614 bytes a delivery against the list's 225, its scavenges 238 ms
// against 126 to 159.

/** One value's place in a list; `value` is null once it was removed. */
export interface ListNode<T> {
  value: T | null;
  /** null once removed (while listed, the neighbours: the list's own head at either end). */
  prev: ListNode<T> | null;
  next: ListNode<T> | null;
}

export class LinkedList<T> {
  // A ring through a head that holds no value: no end needs a case of its own.
  private readonly head: ListNode<T>;

  constructor() {
    const head: ListNode<T> = { value: null, prev: null, next: null };
    head.prev = head.next = head;
    this.head = head;
  }

  /** Lists `value` last; the node is what `remove` takes. */
  add(value: T): ListNode<T> {
    const last = this.head.prev as ListNode<T>;
    const node: ListNode<T> = { value, prev: last, next: this.head };
    last.next = node;
    this.head.prev = node;
    return node;
  }

  /** Takes the node out and lets go of its value; a node already out is left as it is. */
  remove(node: ListNode<T>): void {
    if (node.prev === null || node.next === null || node === this.head) return;
    node.prev.next = node.next;
    node.next.prev = node.prev;
    node.prev = node.next = node.value = null;
  }

  /** Whether no node is listed. */
  isEmpty(): boolean {
    return this.head.next === this.head;
  }

  /** Whether another node is listed after this one (false for a node removed). */
  hasAfter(node: ListNode<T>): boolean {
    return node.next !== null && node.next !== this.head;
  }

  /** The values listed now, first added first: a copy, so a caller may remove nodes as it goes through it. */
  values(): T[] {
    const values: T[] = [];
    for (let node = this.head.next as ListNode<T>; node !== this.head; node = node.next as ListNode<T>) values.push(node.value as T);
    return values;
  }
}
