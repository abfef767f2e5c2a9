import { editDistance } from './distance';

/**
 * Supplier names as councils write them, reduced to keys that compare equal when two
 * spellings name the same company: case, accents, punctuation, `&`/`and`, spacing and legal
 * suffixes folded, the tokens sorted (OpenRefine's fingerprint keying, plus the suffixes).
 */

const ENTITIES: Record<string, string> = { amp: '&', apos: "'", quot: '"', lt: '<', gt: '>', nbsp: ' ' };

/** Undoes the HTML entities that Contracts Finder exports leave in names (`&amp;`, `&#039;`, `&#xA3;`). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Words that only say what kind of legal entity it is; folded wherever they end a name. */
const LEGAL_SUFFIXES = new Set([
  'ltd', 'limited', 'plc', 'llp', 'lp', 'llc', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company',
  'cic', 'gmbh', 'ag', 'sa', 'sas', 'bv', 'nv', 'pty', 'uk', 'gb',
]);
/** A misspelt "limited" or "company" at the end of a name ("Limted", "Limitd") is still a suffix. */
function isLegalSuffix(token: string): boolean {
  if (LEGAL_SUFFIXES.has(token)) return true;
  if (token.length < 6 || token.length > 8) return false;
  if (token[0] === 'l') return editDistance(token, 'limited', 1) <= 1;
  return token[0] === 'c' && editDistance(token, 'company', 1) <= 1;
}

/** Words dropped wherever they are: articles and joiners carry no identity. */
const NOISE = new Set(['the', 'and']);

/** The words of a name: lower case, accents stripped, `&` read as "and", punctuation as spaces. */
export function nameTokens(raw: string): string[] {
  const text = decodeEntities(raw)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\bpublic limited company\b/g, 'plc')
    .replace(/&/g, ' and ')
    // An apostrophe, dot or hyphen inside a word joins it ("O'Brien", "J.D.", "Home-Start").
    .replace(/(\w)['’.-](?=\w)/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return text ? text.split(' ') : [];
}

/** The tokens of a name with legal suffixes stripped from the end (repeatedly: "Civica UK Limited" → civica). */
export function coreTokens(raw: string): string[] {
  const tokens = nameTokens(raw);
  let end = tokens.length;
  while (end > 1 && (isLegalSuffix(tokens[end - 1]) || NOISE.has(tokens[end - 1]))) end--;
  let core = tokens.slice(0, end);
  // A trailing acronym of the words before it, "Conservation Contracts North West (CCNW)", says nothing new.
  if (core.length > 2) {
    const words = core.slice(0, -1).filter((t) => !NOISE.has(t) && !LEGAL_SUFFIXES.has(t));
    if (core[core.length - 1] === words.map((t) => t[0]).join('')) core = core.slice(0, -1);
    while (core.length > 1 && LEGAL_SUFFIXES.has(core[core.length - 1])) core = core.slice(0, -1);
  }
  const meaningful = core.filter((t) => !NOISE.has(t));
  return meaningful.length > 0 ? meaningful : core;
}

/**
 * The matching key of a supplier name. Example: `supplierKey('CIVICA UK LIMITED')`,
 * `supplierKey('Civica Uk Ltd')` and `supplierKey('Civica')` are all `'civica'`;
 * `supplierKey('Anderson &amp; Sons')` is `'anderson sons'`.
 */
export function supplierKey(raw: string): string {
  return [...new Set(coreTokens(raw))].sort().join(' ');
}

/** The same folding with the words left in their order (for fuzzy comparison, where order helps). */
export function orderedKey(raw: string): string {
  return coreTokens(raw).join(' ');
}

export interface SupplierCell {
  /** The supplier the contract is with (the first named, when a cell names several). */
  primary: string;
  /** A trading name given with it (`X Ltd t/a Y`, `X trading as Y`). */
  tradingName: string | null;
  /** Every supplier the cell names, in order, when it names more than one. */
  several: string[];
  /** What was done to read the cell, for the record. */
  notes: string[];
}

const TRADING = /\s*,?\s*\b(?:t\/a|t\/as|trading as|trading under)\b\.?\s*/i;
const CARE_OF = /\s+c\/o\s+.*$/i;

/**
 * Reads a supplier cell: several suppliers split (on `;`, `|`, line breaks, and commas with no
 * space after them, as Contracts Finder joins award lists), trading names separated, `c/o`
 * parts dropped. A comma followed by a space is kept: "Baker, Lomax & Shackley Limited" is one firm.
 */
export function readSupplierCell(raw: string): SupplierCell {
  const text = decodeEntities(raw).trim();
  const notes: string[] = [];
  let parts = text.split(/\s*(?:;|\||\r?\n|,(?!\s))\s*/).map((p) => p.trim()).filter(Boolean);
  // Distinct names only: award lists repeat a supplier once per lot.
  parts = [...new Map(parts.map((p) => [supplierKey(p), p])).values()];
  if (parts.length === 0) return { primary: '', tradingName: null, several: [], notes };
  if (parts.length > 1) notes.push(`the cell names ${parts.length} suppliers; the first is taken as the contract's supplier`);
  let primary = parts[0];
  let tradingName: string | null = null;
  const trading = TRADING.exec(primary);
  if (trading && trading.index > 0) {
    tradingName = primary.slice(trading.index + trading[0].length).trim() || null;
    primary = primary.slice(0, trading.index).trim();
    notes.push('trading name separated from the legal name');
  }
  if (CARE_OF.test(primary)) {
    primary = primary.replace(CARE_OF, '').trim();
    notes.push('"c/o" part dropped');
  }
  return { primary, tradingName, several: parts.length > 1 ? parts : [], notes };
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
