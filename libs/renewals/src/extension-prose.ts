/**
 * Extension wording in prose, as notices and some registers write it: "an initial term of three
 * years with the option to extend for two further periods of twelve months". Read sentence by
 * sentence: the initial term from what comes before the first extension word, the options from
 * the first rule below that matches what follows. Every rule comes from published wording (see
 * extension-notices.spec.ts); wording no rule reads is left unread, never guessed.
 */

/** What a sentence (or a register's cell) says about extension options. */
export interface ExtensionReading {
  /** Months each option adds, in order; "up to N" is one option of N with `upTo`. */
  options: number[];
  upTo: boolean;
  rolling: boolean;
  /** Says in so many words that there are none ("no breaks or extensions"). */
  none: boolean;
  /** The initial term the wording states, in months. */
  initialMonths: number | null;
  /** False when the reading rests on a guess (which part of "3+1+1" is the term). */
  certain: boolean;
  note: string;
}

/** How bare numbers ("2+1", "2 x 12") are read: the unit the register's header gives, or years. */
export interface BareUnit {
  unit: 'months' | 'years';
  /** The header gave the unit; without it a bare number over 10 is not taken as years. */
  hinted: boolean;
}

/** Longest whole-years figure read as years when no header gives the unit: "24" is not 24 years. */
const MAX_BARE_YEARS = 10;
/** Longest single option believed (20 years): anything longer is a misreading of something else. */
const MAX_OPTION_MONTHS = 240;

const WORDS: [RegExp, string][] = [
  [/\btwenty[- ]four\b/g, '24'], [/\bthirty[- ]six\b/g, '36'], [/\bforty[- ]eight\b/g, '48'], [/\beighteen\b/g, '18'],
  [/\bsixty\b/g, '60'], [/\btwelve\b/g, '12'], [/\beleven\b/g, '11'], [/\bten\b/g, '10'], [/\bnine\b/g, '9'], [/\beight\b/g, '8'],
  [/\bseven\b/g, '7'], [/\bsix\b/g, '6'], [/\bfive\b/g, '5'], [/\bfour\b/g, '4'], [/\bthree\b/g, '3'], [/\btwo\b/g, '2'], [/\bone\b/g, '1'],
];

const UNIT = '(years?|months?)';
const NUM = '(\\d+(?:\\.\\d+)?)';
const D = `${NUM} ${UNIT}`;

/**
 * Lower case, numbers as digits, units spelt one way, restatements dropped. Example:
 * `"for Four (4) years (48 months) with two twelve-month options"` → `"for 4 years with 2 12 month options"`.
 */
export function normaliseWording(text: string): string {
  let s = text.toLowerCase().replace(/&nbsp;|\u00a0/g, ' ').replace(/[\u2013\u2014]/g, '-').replace(/[\u2018\u2019]/g, "'");
  s = s.replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*\((\d+)\)/g, '$2');
  for (const [word, digits] of WORDS) s = s.replace(word, digits);
  s = s
    .replace(/\byear\(s\)/g, 'years').replace(/\bmonth\(s\)/g, 'months')
    .replace(/(\d)\s*-\s*(?=(?:years?|months?|yrs?|mths?)\b)/g, '$1 ')
    .replace(/(\d)\s*(?=(?:years?|months?|yrs?|mths?|mos?)\b)/g, '$1 ')
    .replace(/(?<![\d.])(\d+(?:\.\d+)?) (?:yrs?)\b/g, '$1 years').replace(/(?<![\d.])(\d+(?:\.\d+)?) (?:mths?|mos?)\b/g, '$1 months')
    .replace(/\b(\d+) monthly\b/g, '$1 month')
    .replace(/\b(\d+(?:\.\d+)?) (?:full|whole|calendar|additional|further|more|extra) (years?|months?)\b/g, '$1 $2')
    .replace(/\b(\d+(?:\.\d+)? years?) \(\d+ months?\)/g, '$1')
    .replace(/\b(a|an|another) ((?:further |additional |extra )?)(year|month)\b/g, '$1 $21 $3')
    .replace(/,? plus (?=(?:optional |possible )?\d)/g, ' + ')
    .replace(/ then (?:a further |another )?(?=\d)/g, ' + ')
    .replace(/,? (?:followed by|and then) (?:a |an )?(?:further |additional |another )?(?=\d+ (?:years?|months?)\b)/g, ' + ')
    .replace(/\s+/g, ' ')
    .trim();
  return s;
}

function toMonths(n: number, unit: string): number {
  return n * (unit.startsWith('m') ? 1 : 12);
}

/** A bare number as months, or null when it cannot be read with confidence. */
export function bareMonths(n: number, bare: BareUnit): number | null {
  if (bare.unit === 'years' && !bare.hinted && n > MAX_BARE_YEARS) return null;
  const m = toMonths(n, bare.unit);
  return Number.isInteger(m) && m > 0 ? m : null;
}

function ofEach(count: number, each: number): number[] | null {
  return count >= 1 && count <= 10 && Number.isInteger(each) && each > 0 && each <= MAX_OPTION_MONTHS ? Array<number>(count).fill(each) : null;
}

/** "3 years in annual increments": the total in 12-month options. */
function yearly(total: number): number[] | null {
  return total % 12 === 0 ? ofEach(total / 12, 12) : null;
}

function reading(options: number[], note: string, extra: Partial<ExtensionReading> = {}): ExtensionReading {
  return { options, upTo: false, rolling: false, none: false, initialMonths: null, certain: true, note, ...extra };
}

function upTo(total: number, note: string): ExtensionReading | null {
  return Number.isInteger(total) && total > 0 && total <= MAX_OPTION_MONTHS ? reading([total], note, { upTo: true }) : null;
}

// --- the initial term -------------------------------------------------------------------------

// "renewable" only when it is about the contract ("renewable annually"), not energy.
const CUE = /\bextend|\bextension|\boption|\brenew(?:al|als|ed|s)?\b|\brenewable (?:annually|each|every|at|on)\b|\+|\bplus\b/;
const TERM_D = new RegExp(`${D}(?:,? (?:and )?(\\d+) (months?))?`, 'g');
const NOT_A_TERM_BEFORE = /(?:further|additional|another|extra|more|next|last|past|every|within|after|aged?|over the)\s+(?:up to\s+)?(?:an?\s+)?$/;

interface Term {
  months: number;
  end: number;
}

/** Words that make a figure just before a "+" the initial term ("contract term 4 years + …", "(36 months plus optional 24 months)"). */
const TERM_WORDS = /\b(?:term|period|duration|length|initial(?:ly)?|contract|agreement|framework|dps)\b/;

/**
 * The initial term stated before the extension wording (`s` up to `cueAt`): the duration just
 * before the "+"/"plus" that starts it, else one introduced by "initial", else the only one. A
 * figure just before a "+" with nothing calling it a term is the first option of a chain, not a term.
 */
function findTerm(s: string, cueAt: number, plusNext: boolean): Term | null {
  const before = s.slice(0, cueAt);
  const found: (Term & { initial: boolean })[] = [];
  for (const m of before.matchAll(TERM_D)) {
    const at = m.index ?? 0;
    if (NOT_A_TERM_BEFORE.test(before.slice(Math.max(0, at - 30), at))) continue;
    const months = toMonths(Number(m[1]), m[2]) + (m[3] ? Number(m[3]) : 0);
    if (!Number.isInteger(months) || months <= 0) continue;
    found.push({ months, end: at + m[0].length, initial: /\binitial/.test(before.slice(Math.max(0, at - 40), at)) });
  }
  const last = found[found.length - 1];
  if (plusNext && last && /^[\s(,]*$/.test(before.slice(last.end))) {
    if (TERM_WORDS.test(before.slice(0, last.end)) || /^(?:\+|plus) ?(?:optional|possible)\b/.test(s.slice(cueAt))) return { months: last.months, end: last.end };
    found.pop();
  }
  const pick = found.find((t) => t.initial) ?? (found.length === 1 ? found[0] : undefined);
  return pick ? { months: pick.months, end: pick.end } : null;
}

/** "with a 3 year extension": the clause starts at its figure, not at the word "extension". */
const FIGURE_BEFORE_CUE = new RegExp(`(?:\\b(?:an?|1|another|further|additional|optional|possible|potential|single) )*${D} (?:(?:possible|optional|potential) )?$`);

function startOfClause(s: string, at: number, cue: string): number {
  if (cue === '+' || cue === 'plus' || cue === 'extend') return at;
  const m = FIGURE_BEFORE_CUE.exec(s.slice(0, at));
  return m ? m.index : at;
}

// --- "N+N+N" ----------------------------------------------------------------------------------

const PART = `(?:(?:optional|possible) )?\\d+(?:\\.\\d+)?(?: ?(?:years?|months?))?`;
const CHAIN = new RegExp(`(?<![\\d.£,/])(?:\\+ ?)?${PART}(?: ?\\+ ?${PART})*`, 'g');
const TERM_CUE_BEFORE = /(?:term|length|period|duration)(?: is| of| will be| shall be)?:? ?\(?$/;

/**
 * "2+1+1", "+1+1 optional", "12 months + 12 months", "36 months + optional 24 months". The first
 * part is the initial term when the wording says so (a "contract term:" before it, "optional"
 * after it) or when it equals the known term; never when every part carries its own unit.
 */
export function readChain(text: string, from: number, termMonths: number | null, bare: BareUnit): ExtensionReading | null {
  CHAIN.lastIndex = from;
  for (let m = CHAIN.exec(text); m; m = CHAIN.exec(text)) {
    if (!m[0].includes('+')) continue;
    const raw = m[0].replace(/^\+ ?/, '');
    const leadingPlus = raw.length !== m[0].length;
    const parts = raw.split(/ ?\+ ?/).map((p) => /^(?:(optional|possible) )?(\d+(?:\.\d+)?)(?: ?(years?|months?))?$/.exec(p.trim()));
    if (parts.some((p) => !p)) continue;
    // "3 + 1 + 1 years", "+1+1 optional years": a unit after the last part is every bare part's.
    const lastUnit = parts[parts.length - 1]![3] ?? /^ ?(?:optional )?(years?|months?)\b/.exec(text.slice(m.index + m[0].length))?.[1];
    const values = parts.map((p) => (p![3] ? toMonths(Number(p![2]), p![3]) : lastUnit ? toMonths(Number(p![2]), lastUnit) : bareMonths(Number(p![2]), bare)));
    if (values.some((v) => v === null || !Number.isInteger(v) || v <= 0 || v > MAX_OPTION_MONTHS)) return null;
    const months = values as number[];
    if (leadingPlus || parts[0]![1]) return reading(months, `option(s) of ${months.join(', ')} months`);
    const everyUnit = parts.every((p) => p![3]);
    const saysTerm = parts.slice(1).some((p) => p![1]) || TERM_CUE_BEFORE.test(text.slice(0, m.index).trimEnd());
    // The first part is the term only where the chain reads as the classic "term + options" ("3+1+1"
    // on a three-year contract: three parts or more, the first longer than every option). "1 + 1" or
    // "2 + 1" in an extension column are options, whatever the term.
    const matchesTerm = termMonths !== null && Math.abs(months[0] - termMonths) <= 1 && !everyUnit && months.length >= 3 && months[0] > Math.max(...months.slice(1));
    if (saysTerm || matchesTerm) {
      const rest = months.slice(1);
      return reading(rest, `initial term of ${months[0]} months, then option(s) of ${rest.join(', ')} months`, { initialMonths: months[0] });
    }
    if (termMonths === null && months.length >= 3 && !everyUnit) {
      // "2+1+1" with no term known: read as the wording stands, every part an option (the reading
      // that needs no guess), but flagged, since the first part is often the initial term.
      return reading(months, `read as option(s) of ${months.join(', ')} months; if the first is the initial term, the contract's own term is not known to confirm it`, { certain: false });
    }
    return reading(months, `option(s) of ${months.join(', ')} months`);
  }
  return null;
}

// --- the option rules ---------------------------------------------------------------------------

const NONE_PROSE = /\bno (?:breaks or )?(?:extensions?|extension options?|options? to extend)\b|\bwithout (?:any )?(?:extensions?|options? to extend)\b|\bnot be extended\b|\bno provision (?:for|to) exten/;
const ROLLING_PROSE = /\brolling (?:basis|contract|annual|12 month|yearly|year)|\bon each occas|\bannual(?:ly)? renew(?:able|ed|s)?\b|\brenew(?:s|ed|able)? (?:annually|each year|yearly)\b|\byear[- ]on[- ]year\b/;
/** Wording that offers alternatives or no end ("either 2 or 8 years", "extended perpetually"): left for a person. */
const UNREADABLE = /\bperpetual|\bindefinite|\beither\b[^.;]*\bor\b|\d ?\+ ?\d[^.;]*\bor\b[^.;]*\d ?\+ ?\d/;

const TIMES = new RegExp(`\\b(\\d+) ?(?:x|×|\\*) ?(?:an? )?${D}`);
const COUNT_OF = new RegExp(
  `\\b(\\d+) (?:(?:further|more|additional|potential|possible|optional|annual|separate|individual|extension|renewal|subsequent) )*(?:periods?|options?|extensions?|terms?|renewals?)` +
    `(?: to extend(?: the \\w+)?)?(?: possible)?,?(?: with)?(?: each)?(?: (?:option|period|extension))?(?: (?:of|for|by|being|lasting))?(?: (?:an?|another))?(?: (?:further|additional|extra|more))?(?: up to)? ${D}`,
);
const COUNT_SIZE = new RegExp(`\\b(\\d+) (?:(?:further|more|additional|potential|possible|optional|separate|individual) )*${D} (?:(?:extension|renewal|option) )?(?:periods?|options?|extensions?|terms?|renewals?)\\b`);
const COUNT_COMMA = new RegExp(`\\b(\\d+), ${D} (?:periods?|terms?|extensions?|options?)\\b`);
const ANNUALLY = new RegExp(
  `\\bextend(?:ed)?(?: the \\w+(?: \\w+)?)? (?:annually|on an annual basis|each and every year|every year|year by year|yearly)(?: at the [a-z' ]*?discretion(?: of the \\w+)?)?,?(?: (?:for|by))?(?: up to)?(?: (?:an?))?(?: (?:further|additional|more))?(?: period of)? ${D}`,
);
const IN_INCREMENTS = new RegExp(`${D},? in (?:annual|yearly|12 months?|1 year) increments`);
const INDIVIDUALLY = /\b(\d+) years? (?:individually|separately|year by year)\b/;
const INCREMENTALLY = new RegExp(`\\bextend(?:ed)? incrementally(?: (?:for|by))?(?: a period of)?(?: up to)? ${D}`);
const UP_TO = new RegExp(`\\b(?:up to|not exceeding|totalling)(?: a total of)?(?: an?)?(?: maximum(?: of)?)?(?: (?:further|additional|more|extra))?(?: period of)? ${D}`);
const SINGLE = new RegExp(
  [
    `\\bextend(?:ed)? (?!term of|period of)(?:the (?:\\w+ ){0,3}?)?(?:(?:term|period|contract) )?(?:(?:for|by) )?(?:(?:an?|another|1|a single) )?(?:(?:single|further|additional|extra|optional|more) )*(?:(?:period|term) of )?${D}`,
    `\\b(?:(?:an?|1) )?(?:(?:single|further|additional|optional|possible|potential) )*${D} (?:(?:possible|optional|potential) )?(?:extension|renewal|option)s?\\b`,
    `\\b(?:extension|renewal)(?: (?:option|period))?s? of (?:an? )?(?:(?:further|additional) )?${D}`,
  ].join('|'),
  'g',
);
const MAX_TERM = new RegExp(`\\bextend\\w*\\b([^.;]*?)\\b(?:up )?to a maximum(?: total| extended)?(?: contract)?(?: (?:term|period|duration))?(?: of)? ${D}`);
/** "initial period of 10 years extendable up to 15 years": the figure is the whole term, not what is added. */
const EXTENDABLE_TO = new RegExp(`\\bextendable (?:up )?to ${D}`);

/** The options one sentence (from `from` on) offers, by the first rule that reads it. */
function readOptions(s: string, from: number, termMonths: number | null, bare: BareUnit): ExtensionReading | null {
  // From the end of the stated term on: "a 3-year extension option" puts its figure before the cue word.
  const t = s.slice(from);
  if (NONE_PROSE.test(t)) return reading([], 'no extension options', { none: true });
  if (ROLLING_PROSE.test(t)) return reading([], 'rolling: renews a year at a time with no fixed end', { rolling: true });
  let m = TIMES.exec(t);
  if (m) return fixed(ofEach(Number(m[1]), toMonths(Number(m[2]), m[3])));
  m = COUNT_OF.exec(t) ?? COUNT_SIZE.exec(t) ?? COUNT_COMMA.exec(t);
  if (m) return fixed(ofEach(Number(m[1]), toMonths(Number(m[2]), m[3])));
  const chain = readChain(s, from, termMonths, bare);
  if (chain) return chain;
  m = ANNUALLY.exec(t) ?? IN_INCREMENTS.exec(t);
  if (m) return fixed(yearly(toMonths(Number(m[1]), m[2])), 'a year at a time');
  m = INDIVIDUALLY.exec(t);
  if (m) return fixed(yearly(Number(m[1]) * 12), 'a year at a time');
  m = EXTENDABLE_TO.exec(t);
  if (m) return termMonths === null ? null : upToReading(toMonths(Number(m[1]), m[2]) - termMonths);
  m = INCREMENTALLY.exec(t) ?? UP_TO.exec(t);
  if (m) return upToReading(toMonths(Number(m[1]), m[2]));
  const singles = [...t.matchAll(SINGLE)].map((x) => {
    const n = x[1] ?? x[3] ?? x[5];
    const unit = x[2] ?? x[4] ?? x[6];
    return toMonths(Number(n), unit);
  });
  if (singles.length > 0) return fixed(singles.every((v) => Number.isInteger(v) && v > 0 && v <= MAX_OPTION_MONTHS) ? singles : null);
  m = MAX_TERM.exec(t);
  if (m) {
    const max = toMonths(Number(m[2]), m[3]);
    if (termMonths === null) return null;
    const total = max - termMonths;
    if (total <= 0) return null;
    return /\b(?:annual(?:ly)?|yearly)\b/.test(m[1]) ? fixed(yearly(total), 'a year at a time') : upToReading(total);
  }
  return null;
}

function fixed(options: number[] | null, how = ''): ExtensionReading | null {
  return options ? reading(options, `${options.length} option(s): ${options.join(', ')} months${how ? `, ${how}` : ''}`) : null;
}

function upToReading(total: number): ExtensionReading | null {
  if (total <= 0) return null;
  return upTo(total, `one option of up to ${total} months, taken in whole ${total % 12 === 0 ? 'years' : 'months'}`);
}

/**
 * Reads extension wording in prose, sentence by sentence: the first sentence that says what the
 * options are gives them; the initial term is the one that sentence states, else the first any
 * sentence states. Example: `"Contract term: 3 years (+1+1 optional)"` gives options [12, 12]
 * and initial term 36 months. Null when nothing was read (the term alone may still be known).
 */
export function readProse(text: string, termMonths: number | null, bare: BareUnit, wholeIsExtension = false): { reading: ExtensionReading | null; initialMonths: number | null } {
  let firstTerm: number | null = null;
  for (const sentence of text.split(/[.;](?:\s+|$)|\n+|\u2022/)) {
    const s = normaliseWording(sentence);
    if (!s) continue;
    const cue = CUE.exec(s);
    if (!cue && !wholeIsExtension) continue;
    const cueAt = cue ? startOfClause(s, cue.index, cue[0]) : 0;
    const term = findTerm(s, cueAt, cue !== null && /^(?:\+|plus)/.test(cue[0]));
    if (term && firstTerm === null) firstTerm = term.months;
    if (UNREADABLE.test(s.slice(Math.max(0, cueAt - 4)))) {
      return { reading: reading([], 'offers alternatives or no end; kept as written for review', { certain: false }), initialMonths: term?.months ?? firstTerm };
    }
    const r = readOptions(s, term ? term.end : 0, term?.months ?? termMonths, bare);
    if (r) return { reading: r, initialMonths: r.initialMonths ?? term?.months ?? firstTerm };
  }
  return { reading: null, initialMonths: firstTerm };
}
