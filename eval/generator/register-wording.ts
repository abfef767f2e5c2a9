/**
 * How registers word things: extension options, money, council names. Every renderer returns the
 * text and what the text truly means, so truth always follows what was written.
 */
import { Day, DateStyle, formatDate } from './calendar';
import { Rng } from './prng';
import { CouncilRef } from './reference-data';

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

export function numberWord(n: number): string {
  if (n === 24) return 'twenty-four';
  if (n === 36) return 'thirty-six';
  if (n === 18) return 'eighteen';
  return WORDS[n] ?? String(n);
}

function plural(n: number, word: string): string {
  return n === 1 ? `${n} ${word}` : `${n} ${word}s`;
}

const NONE_TEXTS = ['None', 'N/A', 'No', '0', '-', '', 'No extension options', 'Nil', 'n/a', 'None available', ''];

/** Extension column meaning as the header states it. */
export type ExtensionUnit = 'generic' | 'months' | 'years' | 'yesno';

function allEqual(xs: number[]): boolean {
  return xs.every((x) => x === xs[0]);
}

/** Short phrase for a non-empty list of options, never a bare number. */
function listPhrases(opts: number[]): string[] {
  const n = opts.length;
  const x = opts[0];
  const years = opts.every((m) => m % 12 === 0) ? opts.map((m) => m / 12) : null;
  if (allEqual(opts)) {
    if (years) {
      const y = years[0];
      if (n === 1) {
        return [plural(y, 'year'), `${x} months`, `Option to extend for a further ${x} months`, `+${y}`, `${y} yr`, `1 x ${x} months`, `Option to extend by ${numberWord(y)} ${y === 1 ? 'year' : 'years'}`];
      }
      return [
        years.join(' + '), years.join('+'), `${n} x ${x} months`, `up to ${n} x ${x} months`, `${n}x${y}yr`,
        years.map((v) => plural(v, 'year')).join(' + '), `${numberWord(n)} further periods of ${numberWord(x)} months`, `${n} x ${plural(y, 'year')}`,
      ];
    }
    if (n === 1) return [`${x} months`, `Option to extend for a further ${x} months`, `1 x ${x} months`];
    return [`${opts.join(' + ')} months`, `${n} x ${x} months`, `up to ${n} x ${x} months`];
  }
  if (years) {
    return [years.join(' + '), years.join('+'), `${years.join(' + ')} years`, `${opts.join(' + ')} months`,
      years.map((v) => plural(v, 'year')).join(' + '), `${years.map((v) => `${v}yr${v === 1 ? '' : 's'}`).join(' + ')}`];
  }
  return [`${opts.join(' + ')} months`];
}

function bareNumber(opts: number[]): string | null {
  if (opts.length === 1 && opts[0] % 12 === 0) return String(opts[0] / 12);
  return null;
}

function termWords(rng: Rng, termMonths: number): string {
  if (termMonths % 12 === 0) {
    const y = termMonths / 12;
    return rng.pick([`${numberWord(y)} years`, `${y} years`, `${numberWord(y)} (${y}) years`]).replace(/^one years|^1 years|one \(1\) years/, (m) => m.replace('years', 'year'));
  }
  return `${termMonths} months`;
}

/** A prose sentence about the extension options (or none), as tender descriptions write it. */
export function extensionProse(rng: Rng, opts: number[], termMonths: number | null): string {
  if (opts.length === 0) {
    return rng.pick(['', '', 'There is no option to extend.', 'No extension options are available.']);
  }
  const n = opts.length;
  const x = opts[0];
  let tail: string;
  if (allEqual(opts)) {
    if (n === 1) {
      tail = x % 12 === 0 ? rng.pick([`a further ${numberWord(x / 12)} ${x === 12 ? 'year' : 'years'}`, `a further ${x} months`, `a further period of ${numberWord(x)} months`]) : `a further ${numberWord(x)} months`;
    } else {
      const parts = [`${numberWord(n)} further periods of ${numberWord(x)} months`];
      if (x === 12 && n === 2) parts.push('a further 1 year then a further 1 year', 'up to 2 further years (1 year + a further 1 year)');
      if (x === 12) parts.push(`up to ${numberWord(n)} further periods of one year each`);
      tail = rng.pick(parts);
    }
  } else if (opts.every((m) => m % 12 === 0)) {
    tail = opts.map((m, i) => `${i === 0 ? 'a further' : 'a further'} ${numberWord(m / 12)} ${m === 12 ? 'year' : 'years'}`).join(' followed by ');
  } else {
    tail = opts.map((m) => `a further ${numberWord(m)} months`).join(' followed by ');
  }
  const term = termMonths ? termWords(rng, termMonths) : null;
  const forms = [
    term ? `The contract will be for an initial period of ${term} with the option to extend for ${tail}.` : `The contract includes the option to extend for ${tail}.`,
    term ? `An initial term of ${term} with the option to extend for ${tail}.` : `Option to extend for ${tail}.`,
    term ? `Contract term is ${term}, with the option to extend for ${tail} subject to satisfactory performance.` : `The Council may extend for ${tail}.`,
  ];
  if (n === 1 && x % 12 === 0 && termMonths && termMonths % 12 === 0) {
    forms.push(`${cap(numberWord(termMonths / 12))} year contract with possible ${numberWord(x / 12)} year extension.`);
    forms.push(`Contract term is for ${numberWord(termMonths / 12)} years with an optional ${numberWord(x / 12)} year extension.`);
  }
  return rng.pick(forms);
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

export interface ExtensionCell {
  text: string;
  /** Options still available according to the text, in months. */
  remaining: number[];
}

/**
 * The extension cell. `all` is every option the contract ever had, `taken` how many have been
 * exercised already (the shown end then includes them). Only some wordings can say that options
 * were taken; when the chosen wording cannot, the caller must pass taken = 0 and `all` = remaining.
 */
export function extensionCell(
  rng: Rng,
  all: number[],
  taken: number,
  unit: ExtensionUnit,
  ctx: { termMonths: number | null; shownEnd: Day | null; dateStyle: DateStyle; preferBare: boolean },
): ExtensionCell {
  const remaining = all.slice(taken);
  if (taken > 0) {
    const full = rng.pick(listPhrases(all).filter((p) => !p.includes('further periods')));
    const rem = rng.pick(listPhrases(remaining).filter((p) => !p.startsWith('Option') && !p.includes('further periods') && !p.startsWith('+')));
    const forms = [
      `${full} (${taken === 1 ? '1st extension' : `${taken} extensions`} taken)`,
      `${full} - ${taken === 1 ? 'first option' : 'first two options'} exercised`,
      `${rem} remaining`,
    ];
    if (ctx.shownEnd !== null) forms.push(`Extended to ${formatDate(ctx.shownEnd, ctx.dateStyle)}; ${rem} remaining`);
    const text = rng.pick(forms);
    return { text: unit === 'yesno' ? `Yes - ${text}` : text, remaining };
  }
  if (remaining.length === 0) {
    if (unit === 'yesno') return { text: rng.pick(['No', 'N', 'No', 'None']), remaining };
    if (unit === 'months' || unit === 'years') return { text: rng.pick(['0', '', '0', 'N/A', '-']), remaining };
    return { text: rng.pick(NONE_TEXTS), remaining };
  }
  switch (unit) {
    case 'months': {
      if (remaining.length === 1) return { text: String(remaining[0]), remaining };
      return { text: rng.pick([remaining.join('+'), remaining.join(' + '), `${remaining.length} x ${remaining[0]}`].slice(0, allEqual(remaining) ? 3 : 2)), remaining };
    }
    case 'years': {
      if (remaining.every((m) => m % 12 === 0)) {
        const ys = remaining.map((m) => m / 12);
        return { text: rng.pick([ys.join('+'), ys.join(' + ')]), remaining };
      }
      return { text: remaining.map((m) => `${m} months`).join(' + '), remaining };
    }
    case 'yesno': {
      const p = rng.pick(listPhrases(remaining).filter((x) => !x.startsWith('Option') && !x.startsWith('+')));
      return { text: rng.pick([`Yes - ${p}`, `Yes (${p})`, `Y - ${p}`]), remaining };
    }
    case 'generic': {
      const bare = bareNumber(remaining);
      if (bare !== null && (ctx.preferBare || rng.chance(0.2))) return { text: bare, remaining };
      if (ctx.termMonths !== null && rng.chance(0.12)) {
        return { text: extensionProse(rng, remaining, ctx.termMonths), remaining };
      }
      return { text: rng.pick(listPhrases(remaining)), remaining };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Money

export type MoneyUnit = 'gbp' | 'k' | 'm';
export type MoneyStyle = 'plain' | 'commas' | 'pound-commas' | 'pound-pence' | 'short' | 'pence-plain' | 'pound-space';

export const MONEY_PLACEHOLDERS = ['', '', 'TBC', 'Commercially sensitive', 'Not disclosed', 'n/a', 'Variable', 'Call-off dependent'];

function commas(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function withCommas(v: number, decimals: number): string {
  const fixed = v.toFixed(decimals);
  const [i, d] = fixed.split('.');
  return d !== undefined ? `${commas(i)}.${d}` : commas(i);
}

function trimNum(v: number, maxDecimals: number): string {
  return String(Number(v.toFixed(maxDecimals)));
}

/** Formats a money amount; returns the text and the amount the text states (what truth records). */
export function formatMoney(rng: Rng, value: number, unit: MoneyUnit, style: MoneyStyle): { text: string; value: number } {
  if (unit === 'k') {
    const k = value >= 100_000 ? Math.round(value / 1000) : Math.round(value / 100) / 10;
    const text = k >= 1000 && rng.chance(0.5) ? withCommas(k, k % 1 === 0 ? 0 : 1) : trimNum(k, 1);
    return { text, value: Math.round(k * 1000) };
  }
  if (unit === 'm') {
    const m = value >= 1_000_000 ? Math.round(value / 10_000) / 100 : Math.round(value / 1000) / 1000;
    return { text: trimNum(m, 3), value: Math.round(m * 1_000_000) };
  }
  const hasPence = Math.round(value * 100) % 100 !== 0;
  switch (style) {
    case 'plain': {
      const v = hasPence ? value : Math.round(value);
      return { text: hasPence ? value.toFixed(2) : String(v), value: v };
    }
    case 'pence-plain': return { text: value.toFixed(2), value: round2(value) };
    case 'commas': return { text: withCommas(value, hasPence ? 2 : 0), value: round2(value) };
    case 'pound-commas': return { text: `£${withCommas(value, hasPence ? 2 : 0)}`, value: round2(value) };
    case 'pound-space': return { text: `£ ${withCommas(value, hasPence ? 2 : 0)}`, value: round2(value) };
    case 'pound-pence': return { text: `£${withCommas(value, 2)}`, value: round2(value) };
    case 'short': {
      if (value >= 1_000_000) {
        const m = Math.round(value / 10_000) / 100;
        return { text: `£${trimNum(m, 2)}m`, value: Math.round(m * 1_000_000) };
      }
      if (value < 10_000) {
        const k = Math.round(value / 100) / 10;
        return { text: `£${trimNum(k, 1)}k`, value: Math.round(k * 1000) };
      }
      const k = Math.round(value / 1000);
      return { text: `£${k}k`, value: k * 1000 };
    }
  }
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Council names

export type CouncilNaming = 'gss' | 'official' | 'nice' | 'alt' | 'upper';

export function councilName(rng: Rng, c: CouncilRef, mode: CouncilNaming): string {
  switch (mode) {
    case 'gss': return c.gss;
    case 'official': return c.official;
    case 'nice': return c.nice;
    case 'upper': return rng.pick([c.official, c.nice]).toUpperCase();
    case 'alt': {
      // prefer the interesting spellings (misspellings, "edinburgh, city of", "Western Isles Council")
      const odd = c.alts.filter((a) => a !== c.nice && a.toLowerCase() !== c.nice.toLowerCase() && a.toLowerCase() !== c.official.toLowerCase());
      return odd.length > 0 && rng.chance(0.8) ? rng.pick(odd) : rng.pick(c.alts);
    }
  }
}

/** A cell naming a joint contract's councils (the first is the lead council). */
export function jointCouncilName(rng: Rng, councils: CouncilRef[], mode: CouncilNaming): string {
  if (mode === 'gss') return councils.map((c) => c.gss).join(rng.pick(['; ', ', ', ' / ']));
  const forms: string[] = [
    councils.map((c) => c.official).join(' and '),
    `${councils.slice(0, -1).map((c) => c.nice).join(', ')} & ${councils[councils.length - 1].nice} (joint)`,
    councils.map((c) => c.official).join(' / '),
    `${councils.slice(0, -1).map((c) => c.nice).join(', ')} and ${councils[councils.length - 1].nice} Councils`,
  ];
  const text = rng.pick(forms);
  return mode === 'upper' ? text.toUpperCase() : text;
}
