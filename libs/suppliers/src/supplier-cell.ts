import { decodeEntities, isLegalSuffixWord, nameTokens, supplierKey } from './names';

/**
 * A supplier cell as councils fill it: placeholders that name no supplier ("Various", "Withheld",
 * "See attached"), trading, former and parent names given beside the supplier, names the register
 * cut short, several suppliers in one cell, and company numbers.
 */

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
