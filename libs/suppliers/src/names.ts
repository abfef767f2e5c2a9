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

const WHOLE_PLACEHOLDERS = new Set(
  [
    'na', 'n a', 'nil', 'none', 'null', 'void', 'x', 'xx', 'xxx', 'tbc', 'tbd', 'tba', 'unknown', 'not known', 'redacted', 'withheld', 'exempt',
    'undisclosed', 'confidential', 'commercially sensitive', 'commercial in confidence', 'various', 'multiple', 'several', 'numerous', 'supplier',
    'suppliers', 'framework', 'framework suppliers', 'in house', 'inhouse', 'internal', 'nobody', 'no supplier', 'no contractor', 'individual',
    'private individual', 'sole trader', 'pending', 'awaiting', 'awaiting award', 'cancelled', 'canceled', 'withdrawn', 'unsuccessful', 'test',
    'blank', 'empty', 'as above', 'as below', 'see above', 'see below', '0',
  ],
);
const PLACEHOLDER_PHRASES = [
  /\b(?:not|never) (?:yet )?(?:been )?(?:be )?awarded\b/,
  /^no (?:award|awards|bid|bids|tender|tenders|suitable|compliant|response|responses|submission|submissions|offers|contract awarded)\b/,
  /\bwithheld\b/,
  /\bredacted\b/,
  /\b(?:name|names|supplier|suppliers|details|identity) (?:not disclosed|not published|removed)\b/,
  /^(?:please )?see (?:the )?(?:attached|attachment|attachments|below|above|notes?|list|schedule|lots?|appendix|annex|documents?|framework|tender|award|contract|details|spreadsheet|separate|sheet|suppliers?|individual|each|comments?|tab|file|website|link)\b/,
  /^to be (?:confirmed|determined|advised|agreed|announced|appointed|awarded|decided|procured|tendered|allocated|selected)\b/,
  /^(?:the )?(?:contract|tender|procurement|lot|lots|award|process)s? (?:was |has been |is |were |have been )?(?:cancelled|canceled|withdrawn|abandoned|discontinued|terminated|not awarded|on hold|suspended)\b/,
  /^(?:awarded to )?(?:various|multiple|several|numerous) (?:suppliers|providers|contractors|companies|organisations|organizations|firms|bidders|framework suppliers)\b/,
  /^not (?:applicable|known|stated|specified|provided|available|disclosed|required|yet awarded)\b/,
];

/** Words that, with only the filler words below around them, say a cell names no supplier. */
const PLACEHOLDER_WORDS = new Set([
  'na', 'nil', 'none', 'null', 'tbc', 'tbd', 'tba', 'various', 'multiple', 'several', 'numerous', 'withheld', 'redacted', 'unknown',
  'confidential', 'undisclosed', 'pending', 'awaiting', 'cancelled', 'canceled', 'withdrawn', 'exempt', 'sensitive', 'applicable', 'inhouse',
]);
const FILLER_WORDS = new Set([
  'see', 'attached', 'attachment', 'list', 'schedule', 'below', 'above', 'lots', 'lot', 'framework', 'frameworks', 'supplier', 'suppliers',
  'provider', 'providers', 'contractor', 'contractors', 'companies', 'organisations', 'firms', 'bidders', 'as', 'per', 'on', 'under', 'via',
  'from', 'the', 'a', 'an', 'call', 'off', 'offs', 'agreement', 'refer', 'to', 'notes', 'note', 'award', 'awarded', 'dps', 'details', 'in',
  'of', 'for', 'at', 'this', 'time', 'yet', 'not', 'be', 'been', 'has', 'have', 'is', 'was', 'no', 'and', 'or', 'individual', 'individuals',
  'name', 'names', 'commercial', 'commercially', 'reasons', 'data', 'personal', 'protection', 'gdpr', 'separate', 'sheet', 'tab', 'document',
  'documents', 'appendix', 'annex', 'each', 'all', 'contract', 'contracts', 'tender', 'information', 'currently', 'still', 'review', 'known',
  'house', 'in-house', 'confirmed', 'sole', 'trader', 'private', 'person', 'n', 'x',
]);

/**
 * Whether a supplier cell names no supplier: "Contract not awarded", "Various", "Withheld",
 * "N/A", "TBC", "See attached" and the like. Such a name joins no cluster.
 * Example: `isNotASupplier('N/A - framework call-off')` is true; `isNotASupplier('N A Williams Ltd')` is false.
 */
export function isNotASupplier(raw: string): boolean {
  const text = decodeEntities(raw).trim().toLowerCase();
  if (/^n\s*\/\s*a\b/.test(text)) return true;
  const words = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
  if (words === '' || WHOLE_PLACEHOLDERS.has(words)) return true;
  if (PLACEHOLDER_PHRASES.some((re) => re.test(words))) return true;
  // "Various suppliers - see attached schedule", "TBC (framework call-off)": placeholder words and filler only.
  const tokens = words.split(' ');
  return tokens.some((t) => PLACEHOLDER_WORDS.has(t)) && tokens.every((t) => PLACEHOLDER_WORDS.has(t) || FILLER_WORDS.has(t));
}

/** Another name a cell gives for its supplier, and what it is. */
export interface SupplierAnnotation {
  /** `trading`: a trading name (t/a); `other`: a former or registered name (was, formerly, now, registered as); `parent`: the group it is part of. */
  kind: 'trading' | 'other' | 'parent';
  name: string;
}

export interface SupplierCell {
  /** The supplier the contract is with (the first named, when a cell names several); '' when the cell names no supplier. */
  primary: string;
  /** A trading name given with it (`X Ltd t/a Y`, `X trading as Y`). */
  tradingName: string | null;
  /** Other names of the same company: trading names and former names (`(Was …)`, `formerly …`, `registered as …`). */
  otherNames: string[];
  /** A group it is part of (`X (part of Y)`, `X, a subsidiary of Y`): the same family, not the same company. */
  parent: string | null;
  /** Every annotation, in order. */
  annotations: SupplierAnnotation[];
  /** The name whose end the register cut off (Contracts Finder keeps 64 characters), as read. */
  cutName: string | null;
  /** Every supplier the cell names, in order, when it names more than one. */
  several: string[];
  /** What was done to read the cell, for the record. */
  notes: string[];
}

const CARE_OF = /\s+c\/o\s+.*$/i;
/** Lengths at which registers and exports cut text (Contracts Finder: 64). */
const CUT_LENGTHS = new Set([50, 64, 100, 128, 255, 256]);
const ANNOTATION_WORDS =
  't\\/as?\\b|trading\\s+(?:as|under(?:\\s+the\\s+name)?)\\b|(?:formerly|previously)(?:\\s+(?:known\\s+as|called|trading\\s+as))?\\b|' +
  '(?:also\\s+)?known\\s+as\\b|a\\.?k\\.?a\\b\\.?|registered\\s+as\\b|(?:part|member)\\s+of(?:\\s+the)?\\b|' +
  '(?:wholly[\\s-]owned\\s+)?subsidiary\\s+of(?:\\s+the)?\\b|(?:trading\\s+)?division\\s+of(?:\\s+the)?\\b|was\\b|now(?:\\s+(?:known\\s+as|called|trading\\s+as))?\\b';
// "a" before the words only after a comma or bracket: "M&C Energy Group, a subsidiary of …", but "I & A part of CareTech".
const ANNOTATION = new RegExp(`(\\s*\\(\\s*(?:an?\\s+)?|\\s*,\\s*(?:an?\\s+)?|\\s+)(${ANNOTATION_WORDS})[.:]?\\s*`, 'gi');

function annotationKind(word: string): SupplierAnnotation['kind'] {
  const w = word.toLowerCase();
  if (/^(?:t\/|trading)/.test(w)) return 'trading';
  if (/(?:part|member|subsidiary|division) of/.test(w)) return 'parent';
  return 'other';
}

interface Piece {
  text: string;
  kind: SupplierAnnotation['kind'] | 'primary';
  /** Runs to the end of the cell (so a cut there cut it). */
  atEnd: boolean;
}

/** Splits "X (formerly Y) t/a Z" into X and its annotations. `was` and `now` count only in brackets ("Care Now Ltd"). */
function splitAnnotations(text: string, atEnd: boolean): Piece[] {
  ANNOTATION.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ANNOTATION.exec(text)) !== null) {
    const bracketed = m[1].includes('(');
    if (m.index === 0 && !bracketed) continue;
    if (/^(?:was|now)\b/i.test(m[2]) && !bracketed) continue;
    const before = text.slice(0, m.index).trim();
    if (!before) continue;
    const after = text.slice(m.index + m[0].length);
    const kind = annotationKind(m[2]);
    if (bracketed) {
      const close = after.indexOf(')');
      if (close >= 0) {
        const rest = `${before} ${after.slice(close + 1)}`.replace(/\s+/g, ' ').trim();
        const tailAtEnd = atEnd && after.slice(close + 1).trim() !== '';
        return [...splitAnnotations(rest, tailAtEnd), { text: after.slice(0, close).trim(), kind, atEnd: false }];
      }
      return [{ text: before, kind: 'primary', atEnd: false }, { text: after.trim(), kind, atEnd }];
    }
    const [head, ...more] = splitAnnotations(after, atEnd);
    return [{ text: before, kind: 'primary', atEnd: false }, { ...head, kind }, ...more];
  }
  return [{ text, kind: 'primary', atEnd }];
}

const LEGAL_WORDS = ['limited', 'ltd', 'plc', 'llp', 'company', 'corporation', 'incorporated'];

/** A piece of text the register cut: an unclosed bracket and a cut legal suffix or initial dropped; null when too little is left. */
function trimCut(text: string): { text: string; stillCut: boolean } | null {
  let t = text.replace(/\s*\([^)]*$/, '').trim();
  let stillCut = t === text.trim();
  const last = /(\S+)$/.exec(t)?.[1] ?? '';
  const word = last.toLowerCase().replace(/[^a-z0-9]/g, '');
  // A name ending in a whole legal suffix ended there.
  const partOfSuffix = LEGAL_WORDS.some((w) => w !== word && w.startsWith(word));
  if (stillCut && isLegalSuffixWord(word) && !partOfSuffix) stillCut = false;
  if (stillCut && (word.length <= 1 || partOfSuffix)) {
    t = t.slice(0, t.length - last.length).replace(/[\s,&(-]+$/, '').trim();
    stillCut = false;
  }
  if (nameTokens(t).length < 2 && t.replace(/[^a-z0-9]/gi, '').length < 6) return null;
  return { text: t, stillCut };
}

/**
 * Reads a supplier cell: several suppliers split (on `;`, `|`, line breaks, and commas with no
 * space after them, as Contracts Finder joins award lists), cells that name no supplier dropped,
 * trading, former and parent names separated (`t/a`, `trading as`, `(Was …)`, `formerly …`,
 * `registered as`, `part of …`), `c/o` parts and `Ltd - Division` tails dropped. A comma followed
 * by a space is kept: "Baker, Lomax & Shackley Limited" is one firm.
 * Example: `readSupplierCell('Intelligent Resource (Was Sopra Steria Recruitment Ltd)')` has primary
 * `'Intelligent Resource'` and other names `['Sopra Steria Recruitment Ltd']`.
 */
export function readSupplierCell(raw: string): SupplierCell {
  const text = decodeEntities(raw).trim();
  const notes: string[] = [];
  const empty = (): SupplierCell => ({ primary: '', tradingName: null, otherNames: [], parent: null, annotations: [], cutName: null, several: [], notes });
  let parts = text.split(/\s*(?:;|\||\r?\n|,(?!\s))\s*/).map((p) => p.trim()).filter(Boolean);
  const named = parts.filter((p) => !isNotASupplier(p));
  if (named.length < parts.length) notes.push(`${parts.length - named.length} part(s) of the cell name no supplier`);
  // Distinct names only: award lists repeat a supplier once per lot.
  parts = named.length > 1 ? [...new Map(named.map((p) => [supplierKey(p), p])).values()] : named;
  if (parts.length === 0) return empty();
  if (parts.length > 1) notes.push(`the cell names ${parts.length} suppliers; the first is taken as the contract's supplier`);
  const cut = parts.length === 1 && named.length === 1 && text.length >= 40 && (CUT_LENGTHS.has(raw.length) || CUT_LENGTHS.has(text.length));
  let primary = parts[0];
  if (CARE_OF.test(primary)) {
    primary = primary.replace(CARE_OF, '').trim();
    notes.push('"c/o" part dropped');
  }
  let atEnd = cut && primary === parts[0];
  // "Esland Group Limited - Esland North": a division after the legal name.
  const dash = /^(.+?)\s+[-–—]\s+\S.*$/.exec(primary);
  if (dash && isLegalSuffixWord(dash[1].split(/\s+/).pop() ?? '')) {
    primary = dash[1].trim();
    atEnd = false;
    notes.push('division after the legal name dropped');
  }
  const pieces = splitAnnotations(primary, atEnd);
  const annotations: SupplierAnnotation[] = [];
  let cutName: string | null = null;
  primary = '';
  for (const piece of pieces) {
    let name = piece.text.replace(/^[\s,;:(]+|[\s,;:)]+$/g, '').trim();
    if (piece.atEnd) {
      const trimmed = trimCut(name);
      if (!trimmed) {
        notes.push(`"${name}" was cut short by the register; dropped`);
        if (piece.kind !== 'primary') continue;
      } else {
        name = trimmed.text;
        if (trimmed.stillCut) cutName = name;
      }
    }
    if (!name) continue;
    if (piece.kind === 'primary') primary = name;
    else annotations.push({ kind: piece.kind, name });
  }
  if (!primary) return empty();
  if (annotations.length > 0) notes.push('other names of the supplier separated from its name');
  const tradingName = annotations.find((a) => a.kind === 'trading')?.name ?? null;
  return {
    primary,
    tradingName,
    otherNames: annotations.filter((a) => a.kind !== 'parent').map((a) => a.name),
    parent: annotations.find((a) => a.kind === 'parent')?.name ?? null,
    annotations,
    cutName,
    several: parts.length > 1 ? parts : [],
    notes,
  };
}

/**
 * A Companies House number as the register keeps it: text, 8 characters, leading zeros and
 * prefixes (`SC`, `NI`, `OC`, `SO`, `NC`, `R0`…) kept. Null when it is not one.
 * Example: `companyNumber('2366995')` is `'02366995'`; `companyNumber('sc 201416')` is `'SC201416'`.
 */
export function companyNumber(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const compact = raw.toUpperCase().replace(/[\s.-]+/g, '');
  if (/^\d{1,8}$/.test(compact)) return compact.padStart(8, '0');
  const m = /^([A-Z]{2})(\d{1,6})$/.exec(compact);
  if (m) return m[1] + m[2].padStart(6, '0');
  return null;
}
