import { editDistance } from './distance';

/**
 * Supplier names as councils write them, reduced to keys that compare equal when two
 * spellings name the same company: case, accents, punctuation, `&`/`and`, spacing and legal
 * suffixes folded, the tokens sorted (OpenRefine's fingerprint keying, plus the suffixes).
 */

const ENTITIES: Record<string, string> = {
  amp: '&', apos: "'", quot: '"', lt: '<', gt: '>', nbsp: ' ', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  pound: '£', euro: '€', eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', ouml: 'ö', uuml: 'ü', auml: 'ä', ccedil: 'ç', oslash: 'ø',
};

/** Windows-1252 bytes 0x80–0x9F by the character they show as. */
const CP1252: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x2c6: 0x88, 0x2030: 0x89, 0x160: 0x8a,
  0x2039: 0x8b, 0x152: 0x8c, 0x17d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97,
  0x2dc: 0x98, 0x2122: 0x99, 0x161: 0x9a, 0x203a: 0x9b, 0x153: 0x9c, 0x17e: 0x9e, 0x178: 0x9f,
};
const MOJIBAKE = /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

/** UTF-8 that was read as Windows-1252 ("SociÃ©tÃ©" for "Société"), put back; anything else is left alone. */
function repairMojibake(text: string): string {
  if (!MOJIBAKE.test(text)) return text;
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x100) bytes.push(c);
    else if (CP1252[c] !== undefined) bytes.push(CP1252[c]);
    else return text;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return text;
  }
}

/**
 * Undoes the HTML entities that Contracts Finder exports leave in names (`&amp;`, `&#039;`, `&#xA3;`),
 * twice-encoded ones (`&amp;amp;`) too, and repairs UTF-8 read as Windows-1252.
 * Example: `decodeEntities('Ove Arup &amp;amp; Partners')` is `'Ove Arup & Partners'`.
 */
export function decodeEntities(text: string): string {
  let out = text;
  for (let pass = 0; pass < 3 && out.includes('&'); pass++) {
    const next = out.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
      if (body[0] === '#') {
        const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[body.toLowerCase()] ?? whole;
    });
    if (next === out) break;
    out = next;
  }
  return repairMojibake(out);
}

/** Words that only say what kind of legal entity it is; folded wherever they end a name. */
const LEGAL_SUFFIXES = new Set([
  'ltd', 'limited', 'plc', 'llp', 'lp', 'llc', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company',
  'cic', 'gmbh', 'ag', 'sa', 'sas', 'bv', 'nv', 'pty', 'uk', 'gb',
]);
/** Legal forms that never name anything, dropped wherever they stand ("Lawrence Vehicles Ltd (DAF Lancashire)"). */
const LEGAL_FORMS = new Set(['ltd', 'limited', 'plc', 'llp', 'llc', 'inc', 'gmbh', 'cic']);
/** "Ltd" as it is mistyped ("Lts", "Ldt"). */
const LTD_SLIPS = new Set(['lt', 'ld', 'lts', 'ldt', 'ltdd', 'ltda']);

/** A misspelt "limited" or "company" at the end of a name ("Limted", "Limitd", "Lmited", "Compnay") is still a suffix. */
function isLegalSuffix(token: string): boolean {
  if (LEGAL_SUFFIXES.has(token) || LTD_SLIPS.has(token)) return true;
  if (token.length < 6 || token.length > 8) return false;
  if (token[0] === 'l') return editDistance(token, 'limited', 1) <= 1;
  return token[0] === 'c' && editDistance(token, 'company', 1) <= 1;
}

/** Whether a word is a legal suffix such as "Ltd", "Limited", "PLC", or a slip of one. */
export function isLegalSuffixWord(word: string): boolean {
  const tokens = nameTokens(word);
  return tokens.length === 1 && isLegalSuffix(tokens[0]);
}

/** Words dropped wherever they are: articles and joiners carry no identity. */
const NOISE = new Set(['the', 'and']);

/** Letters that Unicode decomposition leaves whole. */
const LETTERS: Record<string, string> = { 'ø': 'o', 'æ': 'ae', 'œ': 'oe', 'ß': 'ss', 'đ': 'd', 'ł': 'l', 'þ': 'th', 'ð': 'd', 'ı': 'i' };

/** The words of a name: lower case, accents stripped, `&` and `+` read as "and", punctuation as spaces. */
export function nameTokens(raw: string): string[] {
  const text = decodeEntities(raw)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[øæœßđłþðı]/g, (c) => LETTERS[c])
    .replace(/\bpublic limited company\b/g, 'plc')
    .replace(/\blimited liability partnership\b/g, 'llp')
    .replace(/\bcommunity interest company\b/g, 'cic')
    .replace(/[&+]/g, ' and ')
    // An apostrophe, dot or hyphen inside a word joins it ("O'Brien", "J.D.", "Home-Start").
    .replace(/(\w)['’.-](?=\w)/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bu k\b/g, 'uk')
    .trim();
  if (!text) return [];
  // Initials written apart are the initials written together: "R A Edwards" is "R.A. Edwards" is "RA Edwards".
  const tokens: string[] = [];
  let initials = false;
  for (const t of text.split(' ')) {
    const letter = t.length === 1 && t >= 'a' && t <= 'z';
    if (letter && initials) tokens[tokens.length - 1] += t;
    else tokens.push(t);
    initials = letter;
  }
  return tokens;
}

/** Whether the last word is the initials of the words before it, with or without "the"/"and". */
function isTrailingAcronym(core: string[]): boolean {
  const last = core[core.length - 1];
  if (last.length < 2) return false;
  const before = core.slice(0, -1).filter((t) => !LEGAL_SUFFIXES.has(t));
  const initials = (words: string[]) => words.map((t) => t[0]).join('');
  return last === initials(before) || last === initials(before.filter((t) => !NOISE.has(t)));
}

/**
 * The tokens of a name with legal forms dropped and legal suffixes stripped from the end
 * (repeatedly: "Civica UK Limited" → civica). Example: `coreTokens('The Access Group Ltd')` is `['access', 'group']`.
 */
export function coreTokens(raw: string): string[] {
  return withoutNoise(spelledTokens(raw));
}

/** The core tokens from the spelled tokens: "the" and "and" dropped, unless nothing else is left. */
export function withoutNoise(spelled: string[]): string[] {
  const meaningful = spelled.filter((t) => !NOISE.has(t));
  return meaningful.length > 0 ? meaningful : spelled;
}

/** The key from the core tokens (see `supplierKey`). */
export function keyOfTokens(core: string[]): string {
  return [...new Set(core)].sort().join(' ');
}

/**
 * The core tokens with "the" and "and" kept where they stand, for comparing spellings whose spaces
 * moved ("TheOpen University", "Meachen andBevan"). Example: `spelledTokens('The Open University Ltd')` is `['the', 'open', 'university']`.
 */
export function spelledTokens(raw: string): string[] {
  const tokens = nameTokens(raw);
  let kept = tokens.filter((t) => !LEGAL_FORMS.has(t));
  if (kept.length === 0) kept = tokens;
  let end = kept.length;
  while (end > 1 && (isLegalSuffix(kept[end - 1]) || NOISE.has(kept[end - 1]))) end--;
  let core = kept.slice(0, end);
  // A trailing acronym of the words before it, "Conservation Contracts North West (CCNW)", says nothing new.
  if (core.length > 2 && isTrailingAcronym(core)) {
    core = core.slice(0, -1);
    while (core.length > 1 && LEGAL_SUFFIXES.has(core[core.length - 1])) core = core.slice(0, -1);
  }
  return core;
}

/**
 * The matching key of a supplier name. Example: `supplierKey('CIVICA UK LIMITED')`,
 * `supplierKey('Civica Uk Ltd')` and `supplierKey('Civica')` are all `'civica'`;
 * `supplierKey('Anderson &amp; Sons')` is `'anderson sons'`.
 */
export function supplierKey(raw: string): string {
  return keyOfTokens(coreTokens(raw));
}

/** The same folding with the words left in their order (for fuzzy comparison, where order helps). */
export function orderedKey(raw: string): string {
  return coreTokens(raw).join(' ');
}
