import { editDistance } from './distance';
import { ORDINARY_WORDS } from './words';

/**
 * How two spellings of a supplier name differ:
 * - `spacing`: the same letters in the same order, only the spaces differ (`Sopr aSteria`, `SopraSteria`, `Sopra Steria`);
 * - `typo`: a typing slip a careful reader would overlook (a letter missed, added, changed or two swapped);
 * - `near`: alike, but the difference could be another name (`Capita` / `Capital`, `North` / `Forth`): for review;
 * - `different`: not alike, or a number differs (`Unit 4` / `Unit 5`).
 */
export type SlipVerdict = 'spacing' | 'typo' | 'near' | 'different';

export interface SlipComparison {
  verdict: SlipVerdict;
  /** 1 − edits ÷ length of the longer name, without spaces (1 = the same letters). */
  score: number;
}

const DIGITS = /\d+/g;

/** Edits allowed by the length of the shorter name without spaces: none under 5 letters, two from 16. */
function allowedEdits(letters: number): number {
  return letters >= 16 ? 2 : letters >= 5 ? 1 : 0;
}

/** The longer word is the shorter with one letter more at its end ("capita" / "capital"), or the last letter differs. */
function differsAtEnd(x: string, y: string): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (long.length === short.length + 1) return long.startsWith(short);
  return long.length === short.length && long.slice(0, -1) === short.slice(0, -1);
}

/** "service" / "services". */
function isPlural(x: string, y: string): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return long === `${short}s` || long === `${short}es`;
}

/** "abbot" / "abbott": the last letter typed twice. */
function isDoubled(x: string, y: string): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return long === short + short[short.length - 1];
}

/** Where each word starts in the name written without spaces. */
function wordStarts(tokens: readonly string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const t of tokens) {
    starts.push(at);
    at += t.length;
  }
  return starts;
}

/** Whether the letters that differ (between the common start and the common end) include the first letter of a word. */
function slipTouchesWordStart(ca: string, cb: string, a: readonly string[], b: readonly string[]): boolean {
  let p = 0;
  while (p < ca.length && p < cb.length && ca[p] === cb[p]) p++;
  let q = 0;
  while (q < ca.length - p && q < cb.length - p && ca[ca.length - 1 - q] === cb[cb.length - 1 - q]) q++;
  const touches = (starts: number[], end: number) => starts.some((s) => s >= p && s <= Math.max(p, end - 1));
  return touches(wordStarts(a), ca.length - q) || touches(wordStarts(b), cb.length - q);
}

/** "kompan" / "komapn": two neighbouring letters swapped. */
function isSwap(x: string, y: string): boolean {
  if (x.length !== y.length) return false;
  const at = [...x].findIndex((c, i) => c !== y[i]);
  return at >= 0 && at < x.length - 1 && x[at] === y[at + 1] && x[at + 1] === y[at] && x.slice(at + 2) === y.slice(at + 2);
}

/**
 * Compares two names given as their core tokens in order (see `coreTokens`). The distance is
 * Damerau-Levenshtein on the name without spaces, allowed to grow with its length; a slip must
 * stay inside distinctive words: a differing number, a differing short word (initials,
 * acronyms), a different first letter, two ordinary words ("north" / "south"), or a letter more
 * at the end of the leading word ("Capita" / "Capital") make the pair `near` at most.
 * Example: `compareNames(['comptuacenter'], ['computacenter']).verdict` is `'typo'`.
 */
export function compareNames(a: readonly string[], b: readonly string[]): SlipComparison {
  const ca = a.join('');
  const cb = b.join('');
  if ((ca.match(DIGITS) ?? []).join(' ') !== (cb.match(DIGITS) ?? []).join(' ')) return { verdict: 'different', score: 0 };
  const longer = Math.max(ca.length, cb.length);
  const shorter = Math.min(ca.length, cb.length);
  if (ca === cb) return { verdict: shorter >= 4 ? 'spacing' : 'near', score: 1 };
  const d = editDistance(ca, cb, 3);
  const score = Math.round((1 - d / longer) * 1000) / 1000;
  // Two different initials or acronyms in the same place are two names ("PA Consulting" / "RPS Consulting").
  if (a.length === b.length && a.some((x, i) => x !== b[i] && Math.max(x.length, b[i].length) < 4)) return { verdict: 'different', score };
  const near: SlipComparison = { verdict: d <= 3 && score >= 0.6 ? 'near' : 'different', score };
  if (d > allowedEdits(shorter)) return near;
  // Words differing in two places or more with few edits overall: a space moved ("Insigh tHealth"), judged on the whole name.
  if (a.length === b.length && a.filter((x, i) => x !== b[i]).length === 1) {
    for (let i = 0; i < a.length; i++) {
      const [x, y] = [a[i], b[i]];
      if (x === y) continue;
      if (Math.min(x.length, y.length) < 4 || x[0] !== y[0]) return near;
      if (isPlural(x, y) && i > 0) continue;
      if (ORDINARY_WORDS.has(x) && ORDINARY_WORDS.has(y)) return near;
      if (editDistance(x, y, 2) > (Math.max(x.length, y.length) >= 8 ? 2 : 1)) return near;
      if (differsAtEnd(x, y) && !isDoubled(x, y) && (i === 0 || x.length < 7)) return near;
      if (i === 0 && shorter < 10 && ca.slice(-2) !== cb.slice(-2) && !isSwap(x, y)) return near;
    }
    return { verdict: 'typo', score };
  }
  // A space lost, gained or moved as well as a slip: judged on the whole name, and the slip must not
  // touch the first letter of a word ("AvonForth" / "Avon North" are two names).
  if (Math.abs(a.length - b.length) > 1 || shorter < 8 || ca.slice(0, 3) !== cb.slice(0, 3) || ca.slice(-2) !== cb.slice(-2)) return near;
  if (slipTouchesWordStart(ca, cb, a, b)) return near;
  return { verdict: 'typo', score };
}

/**
 * Whether two names (core tokens joined by spaces) differ only by a typing slip or by spaces,
 * where that cannot be another word. Example: `isTypo('civica', 'civca')` is true,
 * `isTypo('capita', 'capital')` and `isTypo('unit 4', 'unit 5')` are false.
 */
export function isTypo(a: string, b: string): boolean {
  const { verdict } = compareNames(a.split(' ').filter(Boolean), b.split(' ').filter(Boolean));
  return verdict === 'typo' || verdict === 'spacing';
}
