export type MoneyWarning = 'MONEY_UNPARSEABLE' | 'MONEY_PLACEHOLDER' | 'MONEY_MULTIPLE_FIGURES' | 'MONEY_NOT_GBP' | 'MONEY_NEGATIVE';

export interface MoneyParse {
  /** Pounds, or null when absent or not trustworthy. */
  value: number | null;
  warnings: { code: MoneyWarning; message: string }[];
}

const ABSENT = /^(?:-+|–|—|n\/?a|nil|none|tbc|tbd|unknown|not known|various|see (?:notes|description)|\?)$/i;
// A figure: optional currency, digits with thousands separators or plain, optional decimals, optional scale.
const FIGURE = /([£$€]|gbp|eur|usd)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(bn|billion|m\b|mn\b|million|k\b|thousand)?/gi;
const SCALE: Record<string, number> = { bn: 1e9, billion: 1e9, m: 1e6, mn: 1e6, million: 1e6, k: 1e3, thousand: 1e3 };

function roundPence(value: number): number {
  return Math.round(value * 100) / 100;
}

const NO_WARNINGS: MoneyParse['warnings'] = Object.freeze([]) as unknown as MoneyParse['warnings'];

/**
 * The common forms, "£12,345.00", "12345" and "45,000", read without regular expressions:
 * an optional £ and space, digits in groups of three or plain, optional decimals. Anything
 * else (or 0 and 1, which need a warning) gives NaN and goes through the general reading.
 */
function plainPounds(text: string): number {
  const n = text.length;
  let i = 0;
  if (i < n && text.charCodeAt(i) === 0xa3) i++; // £
  if (i < n && text.charCodeAt(i) === 32) i++;
  const digitsStart = i;
  let whole = 0;
  let groupDigits = 0; // digits since the last comma (or since the start)
  let commas = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      groupDigits++;
    } else if (c === 44) {
      // A thousands separator: 1-3 digits before the first, exactly 3 between.
      if (commas === 0 ? groupDigits < 1 || groupDigits > 3 : groupDigits !== 3) return NaN;
      commas++;
      groupDigits = 0;
    } else break;
  }
  if (i === digitsStart || (commas > 0 && groupDigits !== 3)) return NaN;
  if (i === n) return whole;
  if (text.charCodeAt(i) !== 46) return NaN; // .
  i++;
  const fractionStart = i;
  let fraction = 0;
  let scale = 1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
    fraction = fraction * 10 + (c - 48);
    scale *= 10;
  }
  if (i === fractionStart) return NaN;
  return whole + fraction / scale;
}

/**
 * Reads a money cell as pounds. Example: `parseMoney('£1.2m')` gives `{ value: 1200000, warnings: [] }`;
 * `parseMoney('£1,722,000 (including SDLT) + £900,000 works')` gives 1722000 with a
 * MONEY_MULTIPLE_FIGURES warning rather than gluing the digits together.
 */
export function parseMoney(raw: string): MoneyParse {
  const text = raw.trim();
  const plain = text.length <= 15 ? plainPounds(text) : NaN;
  if (plain === plain) {
    // The common case, "£12,345.00" or "12345", without the general scan.
    const value = roundPence(plain);
    if (value !== 0 && value !== 1) return { value, warnings: NO_WARNINGS };
  }
  if (text === '' || ABSENT.test(text)) return { value: null, warnings: [] };

  const negative = /^\(.*\)$/.test(text) || /^-\s*[£$€]?\s*\d/.test(text);
  const figures = [...text.matchAll(FIGURE)].filter((f) => /\d/.test(f[2]));
  if (figures.length === 0) {
    return { value: null, warnings: [{ code: 'MONEY_UNPARSEABLE', message: 'no amount found' }] };
  }
  const warnings: MoneyParse['warnings'] = [];
  const [first] = figures;
  const currency = (first[1] ?? '').toLowerCase();
  let value = Number(first[2].replace(/,/g, ''));
  const scale = first[3]?.toLowerCase();
  if (scale) value *= SCALE[scale];
  value = roundPence(value);

  // Prose such as "£1,722,000 (including SDLT) + £900,000 works" holds more than one figure.
  const others = figures.slice(1).filter((f) => f[1] || f[3] || f[2].includes(',') || Number(f[2]) >= 100);
  if (others.length > 0) {
    warnings.push({ code: 'MONEY_MULTIPLE_FIGURES', message: `more than one figure in the cell; took the first (£${value.toLocaleString('en-GB')})` });
  }
  if (currency && currency !== '£' && currency !== 'gbp') {
    warnings.push({ code: 'MONEY_NOT_GBP', message: `amount is not in pounds (${first[1]}); kept as written` });
  }
  if (negative) {
    warnings.push({ code: 'MONEY_NEGATIVE', message: 'negative amount; kept as a positive figure' });
  }
  if (value === 0 || value === 1) {
    // 0 and 1 are what e-tendering systems put in mandatory value fields when the value is unknown.
    return { value: null, warnings: [...warnings, { code: 'MONEY_PLACEHOLDER', message: `£${value} looks like a placeholder, not a real value; not stored` }] };
  }
  return { value, warnings };
}
