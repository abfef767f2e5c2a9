import { BloomFilter } from './bloom-filter';

describe('BloomFilter', () => {
  it('never misses a repeat and rarely reports a false one', () => {
    const filter = new BloomFilter(20, 4);
    let falseRepeats = 0;
    for (let i = 0; i < 50_000; i++) if (filter.add(`S12000047\u0000REF-${i}`)) falseRepeats++;
    for (let i = 0; i < 50_000; i += 7) expect(filter.add(`S12000047\u0000REF-${i}`)).toBe(true);
    expect(falseRepeats).toBeLessThan(500);
  });
});
