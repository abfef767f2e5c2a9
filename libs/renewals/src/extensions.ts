/**
 * Extension wording as councils write it, read into options. Anything not read with
 * confidence is kept verbatim and marked low-confidence, never guessed.
 */
export interface ExtensionTerms {
  /** Months each option adds, in order. */
  options: number[];
  /** "Up to N years": any whole number of years (or months) up to the total, not only all of it. */
  upTo: boolean;
  /** Renews year by year with no fixed end. */
  rolling: boolean;
  /** The initial term the wording gave too ("5+2+2" with a five-year term), in months. */
  initialMonths: number | null;
  /** high: read with certainty; low: wording kept but not understood (flagged for review); none: no wording. */
  confidence: 'high' | 'low' | 'none';
  /** What was read, or why it could not be, in words. */
  note: string;
}

const NONE = /^(?:none|no|nil|n\/?a|not applicable|no extension(?:s| options?)?(?: available)?|no options?(?: to extend)?|0|-+|–|—)\.?$/i;
const ROLLING = /\b(?:rolling|annual(?:ly)? renew(?:able|ed|s)?|renews? (?:annually|each year|yearly)|year[- ]on[- ]year|12[- ]month rolling)\b/i;
const UNIT = '(years?|yrs?|months?|mths?)';
const TIMES = new RegExp(`^(?:up to )?(\\d+|one|two|three|four|five)\\s*(?:x|×|\\*|times)\\s*(\\d+(?:\\.\\d+)?)\\s*[- ]?${UNIT}?(?: (?:extensions?|options?|periods?))?$`, 'i');
const TIMES_WORDS = new RegExp(`^(\\d+|one|two|three|four|five)\\s+(\\d+(?:\\.\\d+)?)[- ]${UNIT}\\s+(?:extensions?|options?|periods?)$`, 'i');
const UP_TO = new RegExp(`^(?:(?:an? )?options? to extend(?: for)?|extension(?:s)? of|extendable(?: by| for)?|may be extended(?: by| for)?)?\\s*(?:a further |for a further )?(?:up to|a maximum of|max(?:imum)?\\.?)\\s*(\\d+(?:\\.\\d+)?)\\s*${UNIT}(?: in total| total)?\\.?$`, 'i');
const TRAILING_UNIT = new RegExp(`${UNIT}$`);
const PART = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*${UNIT}?$`);
const SINGLE = new RegExp(`^(?:(?:an? )?options? to extend(?: by| for)?|extension of|extendable by|plus|\\+)?\\s*(?:a further |further |one |an? )?(\\d+(?:\\.\\d+)?)\\s*${UNIT}(?: extension| option)?\\.?$`, 'i');

/** Registers repeat a handful of wordings ("None", "1+1") over thousands of rows: each is read once. */
const MEMO = new Map<string, ExtensionTerms>();
const MEMO_LIMIT = 10_000;

function months(n: number, unit: string | undefined, defaultUnit: 'years' | 'months'): number {
  const u = (unit ?? defaultUnit).toLowerCase();
  return Math.round(n * (u.startsWith('m') ? 1 : 12));
}

/**
 * Reads extension wording. `termMonths` is the contract's initial term where known: "2+1+1" on
 * a two-year contract is the term plus two one-year options; on a contract of another length,
 * three options. Examples: `2 x 12 months` → [12, 12]; `option to extend for up to 3 years` →
 * up to 36 months; `rolling annual` → rolling; `None` → no options.
 */
export function parseExtensions(raw: string | null | undefined, termMonths: number | null = null): ExtensionTerms {
  const key = `${termMonths ?? ''}|${raw ?? ''}`;
  const known = MEMO.get(key);
  if (known) return { ...known, options: [...known.options] };
  const result = readExtensions(raw, termMonths);
  if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
  MEMO.set(key, result);
  return { ...result, options: [...result.options] };
}

function readExtensions(raw: string | null | undefined, termMonths: number | null): ExtensionTerms {
  const text = (raw ?? '').trim().replace(/\s+/g, ' ');
  const base = { options: [] as number[], upTo: false, rolling: false, initialMonths: null as number | null };
  if (text === '') return { ...base, confidence: 'none', note: 'no extension wording' };
  if (NONE.test(text)) return { ...base, confidence: 'high', note: 'no extension options' };
  if (ROLLING.test(text)) return { ...base, rolling: true, confidence: 'high', note: 'rolling: renews a year at a time with no fixed end' };
  const lower = text.toLowerCase();

  // "2 x 12 months", "2 x 1 year", "two 12-month extensions"
  const times = TIMES.exec(lower) ?? TIMES_WORDS.exec(lower);
  if (times) {
    const count = wordNumber(times[1]);
    const each = months(Number(times[2]), times[3], 'years');
    if (count > 0 && count <= 10 && each > 0) return { ...base, options: Array(count).fill(each), confidence: 'high', note: `${count} option(s) of ${each} months` };
  }

  // "up to 24 months", "option to extend for up to 3 years", "extension of up to 2 years"
  const upTo = UP_TO.exec(lower);
  if (upTo) {
    const total = months(Number(upTo[1]), upTo[2], 'years');
    if (total > 0) return { ...base, options: [total], upTo: true, confidence: 'high', note: `up to ${total} months, in any whole number of ${total % 12 === 0 ? 'years' : 'months'}` };
  }

  // "2+1+1", "1 + 1", "1 year + 1 year", "36 months + 24 months", "5+2+2 years"
  const plusParts = lower.replace(/ and /g, ' + ').split(/\s*\+\s*/);
  if (plusParts.length >= 2) {
    const trailingUnit = TRAILING_UNIT.exec(plusParts[plusParts.length - 1])?.[1];
    const parsed = plusParts.map((p) => PART.exec(p.trim()));
    if (parsed.every(Boolean)) {
      const values = parsed.map((m) => months(Number(m![1]), m![2] ?? trailingUnit, 'years'));
      if (values.every((v) => v > 0 && v <= 120)) {
        if (termMonths !== null && Math.abs(values[0] - termMonths) <= 1) {
          return { ...base, options: values.slice(1), initialMonths: values[0], confidence: 'high', note: `initial term of ${values[0]} months, then option(s) of ${values.slice(1).join(', ')} months` };
        }
        if (termMonths === null && values.length >= 3) {
          // "2+1+1" with no term known: most likely the term and two options, but that is a guess.
          return { ...base, options: values.slice(1), initialMonths: values[0], confidence: 'low', note: `read as an initial term of ${values[0]} months then options of ${values.slice(1).join(', ')} months; the contract's own term is not known to confirm it` };
        }
        return { ...base, options: values, confidence: 'high', note: `option(s) of ${values.join(', ')} months` };
      }
    }
  }

  // "1 year", "12 months", "a further 2 years", "option to extend by 1 year"
  const single = SINGLE.exec(lower);
  if (single) {
    const m = months(Number(single[1]), single[2], 'years');
    if (m > 0) return { ...base, options: [m], confidence: 'high', note: `one option of ${m} months` };
  }
  return { ...base, confidence: 'low', note: `extension wording not understood; kept as written for review: "${text}"` };
}

function wordNumber(w: string): number {
  const words: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };
  return words[w] ?? Number(w);
}

/**
 * A notice period as months or days. Example: `parseNotice('3 months')` is `{ months: 3 }`;
 * `parseNotice("90 days' notice")` is `{ days: 90 }`.
 */
export function parseNotice(raw: string | null | undefined): { months: number } | { days: number } | null {
  const text = (raw ?? '').trim().toLowerCase();
  if (!text) return null;
  const m = /(\d+)\s*(months?|mths?|weeks?|wks?|days?)/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2].startsWith('m')) return { months: n };
  if (m[2].startsWith('w')) return { days: n * 7 };
  return { days: n };
}
