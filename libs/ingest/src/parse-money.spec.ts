import { parseMoney } from './parse-money';
import { parseDuration } from './parse-duration';

describe('parseMoney', () => {
  it.each([
    ['£1,234,567.00', 1234567],
    ['1234567', 1234567],
    ['£1.2m', 1200000],
    ['£1.2 million', 1200000],
    ['£450k', 450000],
    ['450K', 450000],
    ['45,000', 45000],
    ['£45,000 p.a.', 45000],
    ['£45,000 per annum', 45000],
    ['GBP 12,500.50', 12500.5],
    ['£2bn', 2000000000],
    ['  £ 99.99 ', 99.99],
  ])('reads %s as %d with no warning', (raw, value) => {
    expect(parseMoney(raw)).toEqual({ value, warnings: [] });
  });

  it('takes the first figure of prose and warns, never gluing digits together', () => {
    const r = parseMoney('£1,722,000 (including SDLT) + £900,000 works');
    expect(r.value).toBe(1722000);
    expect(r.warnings.map((w) => w.code)).toEqual(['MONEY_MULTIPLE_FIGURES']);
  });

  it.each(['', '  ', 'N/A', 'n/a', '-', 'TBC', 'nil'])('reads %p as absent without a warning', (raw) => {
    expect(parseMoney(raw)).toEqual({ value: null, warnings: [] });
  });

  it.each([['0'], ['1'], ['£0.00'], ['£1']])('flags placeholder %s and does not trust it', (raw) => {
    const r = parseMoney(raw);
    expect(r.value).toBeNull();
    expect(r.warnings.map((w) => w.code)).toContain('MONEY_PLACEHOLDER');
  });

  it.each([
    ['see attached', 'MONEY_UNPARSEABLE', null],
    ['€50,000', 'MONEY_NOT_GBP', 50000],
    ['(£5,000)', 'MONEY_NEGATIVE', 5000],
  ])('warns on %s', (raw, code, value) => {
    const r = parseMoney(raw);
    expect(r.value).toBe(value);
    expect(r.warnings.map((w) => w.code)).toContain(code);
  });
});

describe('parseDuration', () => {
  it.each([
    ['36', 'months', 36],
    ['36 months', 'months', 36],
    ['3 years', 'months', 36],
    ['3', 'years', 36],
    ['1 year 6 months', 'months', 18],
    ['2 yrs', 'months', 24],
    ['18m', 'months', 18],
  ] as const)('reads %s (%s) as %i months', (raw, unit, months) => {
    expect(parseDuration(raw, unit)).toEqual({ months });
  });

  it.each(['three years', '2 weeks', '1.5', 'ongoing'])('refuses %s', (raw) => {
    expect(parseDuration(raw)?.months).toBeNull();
  });
});

describe('parseMoney fast path', () => {
  // The fast path must agree with the plain-figure pattern it replaced, on random near-misses too.
  const PLAIN = /^£?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)$/;
  const alphabet = ['£', ' ', ',', '.', '0', '1', '2', '5', '9', '9', '3', 'k', 'm', '-'];
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

  it('reads every plain figure as the pattern does, and nothing else as plain', () => {
    for (let n = 0; n < 20000; n++) {
      const length = 1 + Math.floor(random() * 12);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const m = PLAIN.exec(text.trim());
      const result = parseMoney(text);
      if (m) {
        const expected = Math.round(Number(m[1].replace(/,/g, '')) * 100) / 100;
        if (expected !== 0 && expected !== 1) expect([text, result.value, result.warnings]).toEqual([text, expected, []]);
      }
    }
  });
});
