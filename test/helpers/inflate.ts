// Counts what gunzip streams in this process hand out while some work runs, until each of them
// has closed: the proof that a decoder stopped inflating at its limit (a decoder that merely
// ignored the rest would inflate it all before closing), where a stopwatch could only suggest it.
import { once } from 'node:events';
import { Gunzip } from 'node:zlib';

export async function inflatedDuring<T>(work: () => Promise<T>): Promise<{ result: T; bytes: number }> {
  const proto = Gunzip.prototype as unknown as { push: (chunk: Buffer | null) => boolean };
  const push = proto.push;
  const streams = new Set<Gunzip>();
  let bytes = 0;
  proto.push = function (this: Gunzip, chunk: Buffer | null): boolean {
    streams.add(this);
    if (chunk) bytes += chunk.length;
    return push.call(this, chunk);
  };
  try {
    const result = await work();
    await Promise.all([...streams].map((stream) => (stream.closed ? undefined : once(stream, 'close'))));
    return { result, bytes };
  } finally {
    // The counter was an own property over the inherited push: removing it restores the original.
    delete (proto as { push?: unknown }).push;
  }
}
