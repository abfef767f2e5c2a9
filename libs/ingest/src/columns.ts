export const CONTRACT_FIELDS = [
  'reference', 'title', 'description', 'supplier', 'companyNumber', 'startDate', 'endDate', 'durationMonths',
  'extensionText', 'noticePeriod', 'annualValue', 'totalValue', 'valueLow', 'valueHigh', 'category', 'cpv', 'department', 'council',
  'contractPeriod',
] as const;
export type ContractField = (typeof CONTRACT_FIELDS)[number];

/** Header text → field. `null` keeps the column as an extra attribute. */
export type ColumnMapping = Record<string, ContractField | null>;

// Names councils really give each column, in normalised form (see normaliseHeader). A header
// that is exactly one of these is read as that field with the most confidence.
const ALIASES: Record<ContractField, string[]> = {
  reference: ['contract reference', 'contract ref', 'reference', 'ref', 'ref no', 'reference no', 'reference number', 'contract no', 'contract number', 'contract id', 'id', 'notice identifier', 'contract code', 'our ref', 'register ref', 'release id', 'ocid', 'contract ref no', 'unique reference', 'tender reference', 'notice id'],
  title: ['title', 'contract title', 'contract name', 'name', 'contract', 'subject', 'contract subject', 'service contract', 'goods services works', 'short description', 'tender title', 'contract title description', 'title of contract', 'name of contract', 'award title', 'project title', 'project name', 'requirement', 'goods services', 'goods or services', 'goods and services', 'service provided', 'services provided', 'supplies services', 'contract requirement', 'item', 'items', 'purchase', 'what is being bought'],
  description: ['description', 'contract description', 'details', 'scope', 'contract details', 'summary', 'tender description', 'award description', 'description of contract', 'scope of contract'],
  supplier: ['supplier', 'supplier name', 'suppliers', 'supplier s', 'contractor', 'contractor name', 'awarded supplier', 'awarded to', 'vendor', 'provider', 'service provider', 'supplier details', 'name of supplier', 'successful supplier', 'supplier name and address', 'awarded supplier name', 'supplier names', 'suppliers name', 'contractor supplier', 'supplier contractor', 'successful tenderer', 'successful bidder', 'vendor name', 'provider name'],
  companyNumber: ['companies house', 'companies house number', 'companies house no', 'company number', 'company no', 'company reg no', 'company registration number', 'crn', 'registered company number', 'supplier company number', 'company registration no', 'companies house reg no'],
  // An award date is read as the start only where no column says start (it is matched by its words, below).
  startDate: ['start date', 'commencement date', 'contract start date', 'start', 'contract start', 'commencement', 'from', 'start of contract', 'date from', 'from date', 'contract period start date', 'contract commencement date', 'effective date', 'contract from', 'period start', 'start date of contract', 'valid from'],
  endDate: ['end date', 'expiry date', 'contract end date', 'end', 'expiry', 'contract expiry', 'contract expiry date', 'expires', 'contract end', 'current end date', 'to', 'end of contract', 'termination date', 'date to', 'to date', 'contract period end date', 'end date current', 'current expiry date', 'contract to', 'period end', 'valid to', 'expiration date', 'finish date', 'end date of contract', 'renewal date', 'contract renewal date', 'due for renewal'],
  durationMonths: ['duration months', 'duration', 'contract duration', 'term months', 'contract length months', 'contract length', 'term', 'contract term', 'length months', 'duration years', 'contract duration months', 'contract duration years', 'term years', 'initial term', 'contract period', 'length of contract', 'period', 'period of contract', 'term of contract', 'contract length days'],
  extensionText: ['extension options', 'possible extensions', 'extension period', 'extensions', 'extension', 'option to extend', 'extension available', 'extension options available', 'options to extend', 'extension details', 'ext', 'extension months', 'extension years', 'extension option', 'extension periods', 'renewal options', 'optional extensions', 'extensions available', 'extension terms', 'ext options', 'ext option', 'renewal description', 'renewal', 'renewals', 'options'],
  noticePeriod: ['notice period', 'notice', 'termination notice', 'notice period months', 'notice required'],
  annualValue: ['annual value', 'value per annum', 'estimated annual value', 'annual contract value', 'yearly value', 'value pa', 'value p a', 'annual spend', 'value per year', 'annual cost', 'annual value gbp', 'annual amount', 'cost per annum', 'cost pa', 'cost p a', 'annualised value', 'estimated annual spend'],
  totalValue: ['total', 'whole life value', 'contract value', 'total value', 'total contract value', 'estimated value', 'value', 'awarded value', 'estimated total value', 'whole life cost', 'total contract value gbp', 'contract value gbp', 'estimated contract value', 'value gbp', 'value amount', 'award value', 'total cost', 'lifetime value', 'contract sum', 'value human', 'total estimated value', 'whole life contract value', 'value of contract', 'amount'],
  valueLow: ['value low', 'minimum value', 'min value', 'value min', 'value minimum', 'lowest value', 'value from', 'estimated value low'],
  valueHigh: ['value high', 'maximum value', 'max value', 'value max', 'value maximum', 'highest value', 'value to', 'estimated value high'],
  category: ['category', 'commodity', 'procurement category', 'service category', 'commodity category', 'category of spend', 'spend category', 'contract category', 'sub category', 'category name', 'commodity code description', 'procurement type'],
  cpv: ['cpv', 'cpv code', 'cpv codes', 'cpv classification', 'classification id', 'cpv code s', 'main cpv code'],
  department: ['department', 'service area', 'directorate', 'service', 'dept', 'department service area', 'business unit', 'team', 'responsible department', 'service department', 'division', 'portfolio'],
  contractPeriod: ['contract period from to', 'period from to', 'term from to', 'dates', 'contract dates', 'start end', 'start end date', 'start end dates', 'from to', 'contract term dates', 'period of contract from to', 'contract dates from to', 'start and end date', 'start and end dates'],
  council: ['council', 'organisation', 'organisation name', 'authority', 'local authority', 'buyer', 'buyer name', 'contracting authority', 'council name', 'gss code', 'organization name', 'organization', 'buying organisation', 'contracting body', 'authority name', 'publisher'],
};

const LOOKUP = new Map<string, ContractField>();
for (const field of CONTRACT_FIELDS) for (const alias of ALIASES[field]) LOOKUP.set(alias, field);

/**
 * Words that say what a header is about when it is not one of the names above. Tried in this
 * order; each is a rule over the header's words, so it cannot fire on part of a word. Headers
 * about contacts, addresses, notices' own dates and the like are excluded first.
 */
const NOT_A_FIELD = /\b(contact|email|e mail|telephone|phone|address|postcode|post code|website|url|link|attachment|published|publication|closing|deadline|is sme|is vcse|sme|vco|vcse|status|notice type|procedure|route|lot|manager|officer|owner|notes?|comments?|days from now|months from now|time remaining|fraction|currency|payment|invoice|bids|tenders received|review|signed|approved|approval|(supplier|vendor|creditor|contractor) (no|number|id|code|ref|reference|type|size))\b/;
const KEYWORD_RULES: [ContractField, RegExp][] = [
  ['companyNumber', /\b(companies house|company (reg(istration)? )?(number|no)|registration number)\b/],
  ['extensionText', /\b(extensions?|extend|extendable|ext|renewals?|renewal options?|options? to (extend|renew))\b/],
  ['noticePeriod', /\bnotice (period|required|months)\b|\btermination notice\b/],
  ['valueLow', /\b(value|cost|amount|price)\b.*\b(low|min|minimum|lowest)\b|\b(low|min|minimum|lowest)\b.*\b(value|cost|amount)\b/],
  ['valueHigh', /\b(value|cost|amount|price)\b.*\b(high|max|maximum|highest)\b|\b(high|max|maximum|highest)\b.*\b(value|cost|amount)\b/],
  ['annualValue', /\b(annual|annually|annualised|yearly|per annum|p a|pa|per year|per yr)\b/],
  ['totalValue', /\b(value|cost|amount|sum|spend|price|worth)\b/],
  // An award date alone is not the start: it is read as the start only where the header says start too ("Award Date / Start").
  ['startDate', /\b(start|starts|started|commence|commences|commenced|commencement|from)\b/],
  ['endDate', /\b(end|ends|ending|expiry|expires|expiration|expire|finish|until|termination date|to)\b/],
  // A period may hold a length ("3 years") or the dates themselves ("27/07/23-26/07/26"): each cell says which.
  ['durationMonths', /\b(duration|term|length|period)\b/],
  ['council', /\b(buyer|council|authority|organisation|organization|contracting body)\b/],
  ['supplier', /\b(supplier|suppliers|contractor|vendor|provider|awarded to|successful (bidder|tenderer))\b/],
  ['cpv', /\bcpv\b/],
  ['category', /\b(category|commodity|classification)\b/],
  ['department', /\b(department|directorate|service area|business unit)\b/],
  ['description', /\b(description|details|scope|summary)\b/],
  ['title', /\b(title|subject)\b/],
  ['reference', /\b(ref|reference|identifier)\b|^(id|no|number)$|\b(contract|notice|tender|agreement|project|procurement|unique|register|release|award) (id|no|number|code)\b/],
];

/** What a header says about the unit of its values: `Extension (months)`, `Value (£k)`. */
export interface HeaderUnits {
  unit?: 'months' | 'years';
  /** Multiply bare figures by this (1000 for £k, 1,000,000 for £m). */
  scale?: number;
}

/** `"Duration (months)"` → `"duration months"`; `"Value (£)"` → `"value"`; `"contractPeriod_startDate"` → `"contract period start date"`. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/£/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

function unitsOf(header: string): HeaderUnits {
  // extension_period_months: underscores separate words too.
  const h = header.toLowerCase().replace(/_+/g, ' ');
  const out: HeaderUnits = {};
  if (/\b(months?|mths?|mnths?)\b/.test(h)) out.unit = 'months';
  else if (/\b(years?|yrs?)\b/.test(h)) out.unit = 'years';
  if (/£\s*k\b|\(k\)|£\s*000|£\s*'000|'000|\bthousands?\b|\bgbp\s*k\b|\bk£/.test(h)) out.scale = 1000;
  else if (/£\s*m\b|\(m\)|£\s*mn?\b|\bmillions?\b|\bgbp\s*m\b/.test(h)) out.scale = 1_000_000;
  return out;
}

/** A header with its bracketed notes and format hints taken out: `"Start (award) date"` → `"Start  date"`. */
function withoutBrackets(header: string): string {
  return header.replace(/\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g, ' ');
}

/** The format and unit words that decorate a header and say nothing about the field. */
const DECORATION = /\b(dd mm yyyy|dd mm yy|yyyy mm dd|dd mmm yy|dd mmm yyyy|gbp|inc vat|incl vat|ex vat|excl vat|exc vat|excluding vat|including vat|net|gross|if known|if applicable|where known|est|estimated|approx|current|months?|mths?|years?|yrs?|k|m|optional|actual|original)\b/g;

interface Match {
  field: ContractField;
  /** 3: a known name; 2: a known name once decorations are taken out, or one part of a compound header; 1: words in it. */
  strength: number;
  /** Words in the name matched: the more, the more specific. */
  words: number;
  reason: string;
}

function exact(key: string): ContractField | undefined {
  return LOOKUP.get(key);
}

function matchHeader(header: string): Match | null {
  const key = normaliseHeader(header);
  if (!key) return null;
  const known = exact(key);
  if (known) return { field: known, strength: 3, words: key.split(' ').length, reason: `the name "${header}" is a known name for it` };
  // A header naming both ends ("Term (from - to)", "Start / End Date") is one column holding the whole period.
  if (/\b(from|start|commencement|commence)\b.*\b(to|end|until|expiry|finish)\b/.test(key) && !/\b(value|cost|amount|price|spend|extension|notice)\b/.test(key)) {
    return { field: 'contractPeriod', strength: exact(key) === 'contractPeriod' ? 3 : 2, words: key.split(' ').length, reason: `it names both the start and the end ("${header}"), so each cell is read as a period "start – end"` };
  }
  const bare = normaliseHeader(withoutBrackets(header));
  const undecorated = bare.replace(DECORATION, ' ').replace(/\s+/g, ' ').trim();
  for (const candidate of [bare, undecorated]) {
    const f = candidate ? exact(candidate) : undefined;
    if (f) return { field: f, strength: 2, words: candidate.split(' ').length, reason: `"${candidate}" is a known name for it, once the notes in the header are set aside` };
  }
  // Compound headers ("Award Date / Start", "Contract Title / Description"): the first part that names a field.
  const parts = withoutBrackets(header).split(/\s*(?:\/|\||\\|;| or | - )\s*/i).map(normaliseHeader).filter(Boolean);
  if (parts.length > 1) {
    for (const part of parts) {
      const f = exact(part) ?? exact(part.replace(DECORATION, ' ').replace(/\s+/g, ' ').trim());
      if (f) return { field: f, strength: 2, words: part.split(' ').length, reason: `its part "${part}" is a known name for it` };
    }
  }
  const words = bare || key;
  if (NOT_A_FIELD.test(words)) return null;
  // "Max expiry (all options)", "End date including extensions": the end with every option taken, not the current end.
  if (/\b(end|expiry|expires|finish)\b/.test(key) && /\b(max|maximum|all options|incl|including|inc|final|latest|longstop|with extensions|after extensions)\b/.test(key)) return null;
  // A header about a date is a start or an end, never a value, an extension or a reference.
  const isDate = /\bdate\b/.test(words);
  for (const [field, rule] of KEYWORD_RULES) {
    if (isDate && field !== 'startDate' && field !== 'endDate') continue;
    const m = rule.exec(words);
    if (m) return { field, strength: 1, words: 1, reason: `the word "${m[0]}" in it` };
  }
  return null;
}

export interface MappedColumn {
  index: number;
  header: string;
  field: ContractField | null;
  /** Where the mapping came from: a saved mapping for the council, the built-in names, or neither. */
  source: 'saved' | 'auto' | 'unmapped';
  /** Why the column was read as its field, or kept as an extra attribute, in words. */
  reason: string;
  /** A second column naming a field already taken: read for that field when the first is blank. */
  fallbackFor?: ContractField;
  /** Unit the header gives (`Extension (months)`). */
  unit?: 'months' | 'years';
  /** Scale the header gives to bare figures (`Value (£k)` → 1000). */
  scale?: number;
  /** Cells hold several parts, of which this one is the field (`Supplier [Name|Address|…]`). */
  part?: { separator: string; index: number };
}

/** The field a header names, or null. Example: `fieldForHeader('Award Date / Start')` is `'startDate'`. */
export function fieldForHeader(header: string): ContractField | null {
  return matchHeader(header)?.field ?? null;
}

const FIELD_WORDS: Record<ContractField, string> = {
  reference: 'contract reference', title: 'title', description: 'description', supplier: 'supplier', companyNumber: 'company number',
  startDate: 'start date', endDate: 'end date', durationMonths: 'duration', extensionText: 'extension options', noticePeriod: 'notice period',
  annualValue: 'annual value', totalValue: 'total value', valueLow: 'lowest value of a range', valueHigh: 'highest value of a range',
  category: 'category', cpv: 'CPV code', department: 'department', council: 'council', contractPeriod: 'contract period (start – end)',
};

/** The plain words for a field, as the import report names it. */
export function fieldLabel(field: ContractField): string {
  return FIELD_WORDS[field];
}

/** `Supplier [Name|Address|Ref type|…]`: cells are the listed parts joined by `|`; the field is the named part. */
function partOf(header: string, field: ContractField): MappedColumn['part'] {
  const list = /\[([^\]]*\|[^\]]*)\]/.exec(header);
  if (!list) return undefined;
  const names = list[1].split('|').map((n) => n.trim().toLowerCase());
  const wanted = field === 'supplier' ? names.indexOf('name') : -1;
  return wanted >= 0 ? { separator: '|', index: wanted } : undefined;
}

/**
 * Maps each header cell to a field, by meaning. A saved mapping wins over everything. Otherwise a
 * header is read as a field when it is a known name (3), a known name once notes such as
 * "(dd/mm/yyyy)" or "(£k)" are set aside or one part of a compound header such as
 * "Award Date / Start" (2), or holds a word that only that field's headers use (1). When two
 * columns name the same field, the stated rule decides: the stronger reading, then the more
 * specific name (more words: "Contract start date" over "Start Date"), then the leftmost. The
 * other column is kept as an extra attribute and read for the field only where the chosen one is blank.
 * Example: `mapColumns(['Ref No.', 'Contractor', 'Expiry Date'])` maps reference, supplier, endDate.
 */
export function mapColumns(headers: string[], saved: ColumnMapping = {}): MappedColumn[] {
  const savedByKey = new Map(Object.entries(saved).map(([k, v]) => [normaliseHeader(k), v]));
  const out: MappedColumn[] = [];
  const claims: { column: MappedColumn; strength: number; words: number }[] = [];
  headers.forEach((header, index) => {
    const key = normaliseHeader(header);
    const units = unitsOf(header);
    if (savedByKey.has(key)) {
      const field = savedByKey.get(key) ?? null;
      const column: MappedColumn = {
        index, header, field, source: 'saved',
        reason: field ? `the council's saved mapping reads it as ${fieldLabel(field)}` : "the council's saved mapping keeps it as an extra attribute",
        ...units,
      };
      out.push(column);
      if (field) claims.push({ column, strength: 4, words: 9, });
      return;
    }
    const match = matchHeader(header);
    if (!match) {
      const award = /\b(award|awarded)\b/.test(key) && /\bdate\b/.test(key);
      out.push({
        index, header, field: null, source: 'unmapped',
        reason: award
          ? 'kept as an extra attribute: an award date is not the start date (save a mapping that reads it as the start date if your register means that)'
          : key ? 'kept as an extra attribute: it names no field the register reads' : 'kept as an extra attribute: the header is blank',
      });
      return;
    }
    const column: MappedColumn = { index, header, field: match.field, source: 'auto', reason: `read as ${fieldLabel(match.field)}: ${match.reason}` };
    if (units.unit && (match.field === 'durationMonths' || match.field === 'extensionText' || match.field === 'noticePeriod')) column.unit = units.unit;
    if (units.scale && (match.field === 'annualValue' || match.field === 'totalValue' || match.field === 'valueLow' || match.field === 'valueHigh')) column.scale = units.scale;
    const part = partOf(header, match.field);
    if (part) column.part = part;
    out.push(column);
    claims.push({ column, strength: match.strength, words: match.words });
  });
  const byField = new Map<ContractField, typeof claims>();
  for (const c of claims) {
    const list = byField.get(c.column.field!) ?? [];
    list.push(c);
    byField.set(c.column.field!, list);
  }
  for (const [field, list] of byField) {
    if (list.length < 2) continue;
    const ranked = [...list].sort((a, b) => b.strength - a.strength || b.words - a.words || a.column.index - b.column.index);
    const [winner, ...rest] = ranked;
    for (const r of rest) {
      r.column.field = null;
      if (r.column.source === 'auto') r.column.source = 'unmapped';
      // A date column named less clearly than the chosen one ("Awarded Date" beside "Contract start date")
      // is another date, not the same one: a blank start stays blank rather than taking it.
      if ((field === 'startDate' || field === 'endDate') && r.strength < winner.strength) {
        r.column.reason = `kept as an extra attribute: "${winner.column.header}" is read as ${fieldLabel(field)}, and this column names a different date`;
        continue;
      }
      r.column.fallbackFor = field;
      r.column.reason = `kept as an extra attribute: "${winner.column.header}" is read as ${fieldLabel(field)} (the rule: the clearer name, then the more specific, then the leftmost); this column is read for ${fieldLabel(field)} where that one is blank`;
    }
  }
  // No title column but two description columns ("Description", "Details"): the first names the contract.
  if (!out.some((c) => c.field === 'title')) {
    const described = out.filter((c) => c.field === 'description' || c.fallbackFor === 'description');
    if (described.length >= 2) {
      const first = described[0];
      const second = described[1];
      first.field = 'title';
      first.fallbackFor = undefined;
      first.source = first.source === 'saved' ? 'saved' : 'auto';
      first.reason = `read as title: no column names a title, and it is the first of two description columns ("${second.header}" is read as the description)`;
      second.field = 'description';
      second.fallbackFor = undefined;
      second.source = second.source === 'saved' ? 'saved' : 'auto';
      second.reason = `read as description: "${first.header}" before it is read as the title`;
    }
  }
  return out;
}

/** How many cells of a candidate header row name a known field (a word alone counts only beside known names). */
export function headerScore(cells: string[], saved: ColumnMapping = {}): number {
  const savedKeys = new Set(Object.keys(saved).map(normaliseHeader));
  const strong = new Set<string>();
  const weak = new Set<string>();
  for (const cell of cells) {
    if (!cell || cell.length > 80) continue;
    const key = normaliseHeader(cell);
    if (!key) continue;
    if (savedKeys.has(key)) {
      strong.add(`saved:${key}`);
      continue;
    }
    // Data rows hold dates and amounts; header rows do not.
    if (/^\d/.test(key)) continue;
    const match = matchHeader(cell);
    if (!match) continue;
    if (match.strength >= 2) strong.add(match.field);
    else weak.add(match.field);
  }
  if (strong.size === 0) return 0;
  for (const f of weak) strong.add(f);
  return strong.size;
}

/** Fields of which a register needs at least one to tell its contracts apart. */
export const IDENTIFYING_FIELDS: readonly ContractField[] = ['reference', 'title', 'description', 'supplier'];

/** Columns only a contract register has: a file with none of them (only names or descriptions) is some other list. */
export const CONTRACT_SHAPED_FIELDS: readonly ContractField[] = ['reference', 'supplier', 'companyNumber', 'startDate', 'endDate', 'durationMonths', 'contractPeriod', 'annualValue', 'totalValue', 'valueLow', 'valueHigh', 'cpv', 'extensionText', 'noticePeriod'];
