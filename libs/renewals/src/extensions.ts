import { bareMonths, BareUnit, ExtensionReading, normaliseWording, readChain, readProse } from './extension-prose';

/**
 * Extension wording as councils write it, read into options. Anything not read with
 * confidence is kept verbatim and marked low-confidence, never guessed.
 */
export interface ExtensionTerms {
  /** Months each option adds, in order. */
  options: number[];
  /** "Up to N months": one option (options: [N]) that may be taken in any whole number of years (months when N is not whole years) up to N. */
  upTo: boolean;
  /** Renews year by year with no fixed end. */
  rolling: boolean;
  /**
   * The initial term the wording gave too, in months: "5+2+2" on a five-year contract, or prose's
   * own ("an initial term of three years …"), which an importer may use when the register gives no duration.
   */
  initialMonths: number | null;
  /** high: read with certainty; low: not understood, or read in a way that may be wrong (the note says which; flagged for review); none: no wording. */
  confidence: 'high' | 'low' | 'none';
  /** What was read, or why it could not be, in words. */
  note: string;
}

/** How to read a register's extension column: the unit its header gives to bare numbers. */
export interface ExtensionReadOptions {
  /** "Extension (months)" → 'months'. Without it a bare number ("2", "2+1") is years. */
  unitHint?: 'months' | 'years' | null;
}

const NONE = /^(?:none|no|n|nil|n\/?a|not applicable|no extension(?:s| options?)?(?: available)?|no options?(?: to extend)?|0|-+|–|—)\.?$/i;
const ROLLING = /\b(?:rolling|annual(?:ly)? renew(?:able|ed|s)?|renews? (?:annually|each year|yearly)|year[- ]on[- ]year|12[- ]month rolling)\b/i;
/** A register cell short enough to be all extension wording (longer text is read as prose), counted once numbers are digits ("twenty-four" is "24"). */
const SHORT_CELL = 40;
const UNIT = '(years?|months?)';
const BARE = /^(\d+(?:\.\d+)?)$/;
const CELL_CHAIN = /^(?:(?:optional |possible )?\d+(?:\.\d+)?(?: ?(?:years?|months?))?)(?: ?(?:\+|&|and) ?(?:optional |possible )?\d+(?:\.\d+)?(?: ?(?:years?|months?))?)+(?: (?:years?|months?))?(?: (?:options?|extensions?|optional))?$/;
const CELL_TIMES = new RegExp(`^(?:up to )?(?:an? (?:further )?|further )?(\\d+) ?(?:x|×|\\*|times) ?(?:an? )?(\\d+(?:\\.\\d+)?) ?${UNIT}?(?: (?:extensions?|options?|periods?))?$`);
const CELL_SINGLE = new RegExp(`^(?:plus |\\+ ?)?(?:(?:an?|1) )?(?:(?:single|further|additional|optional|possible) )*(\\d+(?:\\.\\d+)?) ${UNIT}(?: (?:extension|option|period))?s?$`);

/** Registers repeat a handful of wordings ("None", "1+1") over thousands of rows: each is read once. */
const MEMO = new Map<string, ExtensionTerms>();
const MEMO_LIMIT = 10_000;

/**
 * Reads extension wording, from a register's extension column or a notice's prose. `termMonths`
 * is the contract's initial term where known: "2+1+1" on a two-year contract is the term plus two
 * one-year options; on a contract of another length, three options; with no term known, three
 * options flagged low (the reading that needs no guess). A bare number is years unless
 * `unitHint` (from the column's header) says months. Examples: `2 x 12 months` → [12, 12];
 * `option to extend for up to 3 years` → one option of up to 36 months; `1 year + 1 year + 1 year`
 * → [12, 12, 12]; "an initial term of three years with the option to extend for two further
 * periods of twelve months" → [12, 12] with `initialMonths` 36; `None` → no options.
 */
export function parseExtensions(raw: string | null | undefined, termMonths: number | null = null, options: ExtensionReadOptions = {}): ExtensionTerms {
  const unit = options.unitHint ?? null;
  const key = `${termMonths ?? ''}|${unit ?? ''}|${raw ?? ''}`;
  const known = MEMO.get(key);
  if (known) return { ...known, options: [...known.options] };
  const result = readExtensions(raw, termMonths, { unit: unit ?? 'years', hinted: unit !== null });
  if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
  MEMO.set(key, result);
  return { ...result, options: [...result.options] };
}

/** "(1st extension taken)", "2 options used", "first extension exercised": how many options are already spent. */
const TAKEN = /\(?\b(\d+|first|second|third|one|two|three)(?:st|nd|rd|th)? (?:extension|option|renewal)s? (?:(?:has|have) been |already )?(?:taken|used|exercised|invoked|applied|enacted|utilised|utilized)\)?/i;
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, one: 1, two: 2, three: 3 };
/**
 * "12 months remaining", "Extended to 31/03/2028; 2 x 1 year remaining": what is left, worded as
 * options in its own right (the clause after the last ";", ":" or " - " before the word).
 */
const REMAINING = /^(?:.*(?:[;:]|\s[-\u2013\u2014]\s))?\s*(.+?)\s+(?:remaining|left|still available|available|outstanding)\b(?: ?\([^()]*\))?\.?$/i;
/** "Yes - 2 yr", "Y - 24 months", "Yes (12 months)": a Y/N column's "yes", then the options. */
const YES = /^y(?:es)?\b\s*(?:[-\u2013\u2014:,]\s*(.+)|\((.+)\))$/i;

function readExtensions(raw: string | null | undefined, termMonths: number | null, bare: BareUnit): ExtensionTerms {
  const whole = (raw ?? '').trim().replace(/\s+/g, ' ');
  const yes = YES.exec(whole);
  if (yes) {
    const rest = readExtensions(yes[1] ?? yes[2], termMonths, bare);
    return rest.confidence === 'high' ? { ...rest, note: `says yes: ${rest.note}` } : { ...rest, confidence: 'low', note: `says yes, but the options are not understood; kept as written for review: "${whole}"` };
  }
  const remaining = REMAINING.exec(whole);
  if (remaining) {
    const rest = readExtensions(remaining[1], termMonths, bare);
    if (rest.confidence === 'high' && !rest.rolling) return { ...rest, initialMonths: null, note: `what remains: ${rest.note}` };
  }
  const taken = TAKEN.exec(whole);
  if (taken) {
    const spent = ORDINALS[taken[1].toLowerCase()] ?? Number(taken[1]);
    const rest = readExtensions(whole.replace(taken[0], ' '), termMonths, bare);
    if (rest.options.length >= spent && spent > 0) {
      return { ...rest, options: rest.options.slice(spent), note: `${rest.note}; ${spent} already taken (the register's end includes ${spent === 1 ? 'it' : 'them'}), ${rest.options.length - spent} left` };
    }
    return { ...rest, confidence: 'low', note: `${rest.note}; says ${spent} taken, which does not fit; kept as written for review: "${whole}"` };
  }
  const text = whole;
  const base = { options: [] as number[], upTo: false, rolling: false, initialMonths: null as number | null };
  if (text === '') return { ...base, confidence: 'none', note: 'no extension wording' };
  if (NONE.test(text)) return { ...base, confidence: 'high', note: 'no extension options' };
  if (text.length <= SHORT_CELL && ROLLING.test(text)) return { ...base, rolling: true, confidence: 'high', note: 'rolling: renews a year at a time with no fixed end' };
  const s = normaliseWording(text);
  if (BARE.test(s) && bareMonths(Number(s), bare) === null) {
    return { ...base, confidence: 'low', note: `a bare ${s} in an extension column would be ${s} years, and the header gives no unit; kept as written for review: "${text}"` };
  }
  const cell = readCell(s, termMonths, bare);
  const { reading, initialMonths } = cell ? { reading: cell, initialMonths: cell.initialMonths } : readProse(text, termMonths, bare, s.length <= SHORT_CELL);
  if (!reading) {
    const term = initialMonths !== null ? ` (initial term of ${initialMonths} months read)` : '';
    return { ...base, initialMonths, confidence: 'low', note: `extension wording not understood${term}; kept as written for review: "${text}"` };
  }
  const confidence = reading.certain ? 'high' : 'low';
  const note = reading.certain ? reading.note : `${reading.note}; kept as written for review: "${text}"`;
  return { options: reading.options, upTo: reading.upTo, rolling: reading.rolling, initialMonths: reading.initialMonths ?? initialMonths, confidence, note };
}

/** The short forms registers use: "2", "2+1", "2 x 12", "12 months" (bare numbers in the header's unit). */
function readCell(s: string, termMonths: number | null, bare: BareUnit): ExtensionReading | null {
  let m = BARE.exec(s);
  if (m) {
    const months = bareMonths(Number(m[1]), bare);
    return months === null ? null : cellReading([months], `one option of ${months} months`);
  }
  if (CELL_CHAIN.test(s)) return readChain(s.replace(/ ?(?:&|\band\b) ?/g, ' + '), 0, termMonths, bare);
  m = CELL_TIMES.exec(s);
  if (m) {
    const count = Number(m[1]);
    const each = m[3] ? Number(m[2]) * (m[3].startsWith('m') ? 1 : 12) : bareMonths(Number(m[2]), bare);
    if (each !== null && Number.isInteger(each) && each > 0 && count >= 1 && count <= 10) return cellReading(Array<number>(count).fill(each), `${count} option(s) of ${each} months`);
    return null;
  }
  m = CELL_SINGLE.exec(s);
  if (m) {
    const months = Number(m[1]) * (m[2].startsWith('m') ? 1 : 12);
    return Number.isInteger(months) && months > 0 ? cellReading([months], `one option of ${months} months`) : null;
  }
  return null;
}

function cellReading(options: number[], note: string): ExtensionReading {
  return { options, upTo: false, rolling: false, none: false, initialMonths: null, certain: true, note };
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
