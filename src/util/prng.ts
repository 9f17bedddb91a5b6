// A small seeded PRNG (mulberry32) so samples are reproducible: the same seed gives the same bytes.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  hex(length: number): string;
  uuid(): string;
  /**
   * A number in [0, 2^32) that no other seed of a run shares: a bijection of the seed's low 32 bits
   * and the salt, so any 2^32 seeds in a row (payload i uses seed + i) get 2^32 different ones. For
   * an event id that promises one payload, which draws collide in: 16 of 2,000 Octopus event ids
   * drawn from 100..99,999 were another payload's. Draws nothing: the draws after it stay.
   */
  serial(): number;
}

const HEX = '0123456789abcdef';
const HEX_CODES = Array.from(HEX, (c) => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
const FOUR = '4'.charCodeAt(0);
// Scratch space for uuid(): filled and read within one call, so one array serves every generator.
const UUID: number[] = new Array<number>(36).fill(0);

/**
 * mulberry32. A class, not an object of closures: samples are generated per delivery, each with a
 * source of its own, and one object is less to make than six closures and their context.
 */
class Mulberry32 implements Random {
  private state: number;
  private readonly origin: number;

  constructor(seed: number, salt: number) {
    // ToUint32: the seed modulo 2^32, for any safe integer.
    this.origin = (Math.trunc(seed) ^ salt) >>> 0;
    // The seed's bits above 32 are folded in (seeds below 2^32 keep their old state, so their bytes):
    // seed 2^32 sent the very payloads of seed 0.
    const high = Math.trunc(Math.trunc(seed) / 2 ** 32);
    this.state = (Math.trunc(seed) ^ 0x9e3779b9 ^ Math.imul(high, 0x85ebca6b) ^ salt) | 0;
  }

  /**
   * The next draw as an unsigned 32-bit integer: next() is it over 2^32. The state is kept as a
   * signed 32-bit integer (the same bits as mulberry32's unsigned one: every step below reads only
   * the bits), which V8 keeps unboxed; half the unsigned values would be a heap number each draw
   * (by hand: 4 against 7 ns a draw, 31 draws a uuid).
   */
  private draw(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  next(): number {
    return this.draw() / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /**
   * One hex digit, floor(next() * 16): the draw's top four bits (the draw over 2^28, exactly, in a
   * double), as an index into the digits.
   */
  private digit(): number {
    return this.draw() >>> 28;
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[this.digit()] as string;
    return out;
  }

  /**
   * The same draws as `${hex(8)}-${hex(4)}-4${hex(3)}-${8..b}${hex(3)}-${hex(12)}`, in that order,
   * written into one buffer of character codes; 8..b is 8 and the draw's top two bits.
   */
  uuid(): string {
    for (let k = 0; k < 36; k++) {
      UUID[k] = k === 8 || k === 13 || k === 18 || k === 23 ? DASH : k === 14 ? FOUR : (HEX_CODES[k === 19 ? 8 + (this.draw() >>> 30) : this.digit()] as number);
    }
    return String.fromCharCode.apply(null, UUID);
  }

  /** MurmurHash3's fmix32 of the origin: each step (xor-shift, odd multiply) undoes, so no two origins meet. */
  serial(): number {
    let h = this.origin;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }
}

/**
 * The draws of a seed; a `salt` (a variant's or an event's name) gives the seed other draws, so two sent
 * with one seed do not share the ids drawn first (an event id that promised one payload for both).
 */
export function createRandom(seed: number, salt?: string): Random {
  return new Mulberry32(seed, salt === undefined ? 0 : fnv1a(salt));
}

/** FNV-1a, 32 bits, of a text's UTF-16 code units: a name made a number, the same every run. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/**
 * A random source drawn from a text (an id, a payload's JSON): the same text gives the same draws,
 * so values derived from a payload (a delivery id, a later timestamp) stay the same across runs.
 */
export function randomFrom(text: string): Random {
  let hash = 7;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) >>> 0;
  return createRandom(hash);
}

/** A seed for when the user gave none: different on every run. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
