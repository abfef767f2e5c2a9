/** A 53-bit hash of a string (two mixed 32-bit lanes). */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A fixed-size set of strings that may answer "seen" wrongly but never "not seen" wrongly,
 * so memory stays flat however long the register is; callers check a "seen" exactly.
 * Example: after `add('a')`, `has('a')` is true; `has('b')` is false unless a rare false positive.
 */
export class BloomFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(log2Bits = 26, private readonly hashes = 4) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  /** Adds `text`; returns whether it may have been added before. */
  add(text: string): boolean {
    const h = hash53(text);
    const a = h >>> 0;
    const b = Math.floor(h / 4294967296) | 1;
    let seen = true;
    for (let i = 0; i < this.hashes; i++) {
      const p = (a + Math.imul(i, b)) & this.mask;
      const word = p >>> 5;
      const bit = 1 << (p & 31);
      if ((this.bits[word] & bit) === 0) {
        seen = false;
        this.bits[word] |= bit;
      }
    }
    return seen;
  }
}
