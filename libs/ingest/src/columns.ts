export const CONTRACT_FIELDS = [
  'reference', 'title', 'description', 'supplier', 'companyNumber', 'startDate', 'endDate', 'durationMonths',
  'extensionText', 'noticePeriod', 'annualValue', 'totalValue', 'category', 'cpv', 'department', 'council',
] as const;
export type ContractField = (typeof CONTRACT_FIELDS)[number];

/** Header text → field. `null` keeps the column as an extra attribute. */
export type ColumnMapping = Record<string, ContractField | null>;

// Names councils really give each column, in normalised form (see normaliseHeader).
const ALIASES: Record<ContractField, string[]> = {
  reference: ['contract reference', 'contract ref', 'reference', 'ref', 'ref no', 'reference no', 'reference number', 'contract no', 'contract number', 'contract id', 'id', 'notice identifier', 'contract code', 'our ref', 'register ref'],
  title: ['title', 'contract title', 'contract name', 'name', 'contract', 'subject', 'contract subject', 'service contract', 'goods services works', 'short description'],
  description: ['description', 'contract description', 'details', 'scope', 'contract details', 'summary'],
  supplier: ['supplier', 'supplier name', 'suppliers', 'supplier s', 'contractor', 'contractor name', 'awarded supplier', 'awarded to', 'vendor', 'provider', 'service provider', 'supplier details', 'name of supplier', 'successful supplier'],
  companyNumber: ['companies house', 'companies house number', 'companies house no', 'company number', 'company no', 'company reg no', 'company registration number', 'crn', 'registered company number'],
  startDate: ['start date', 'commencement date', 'contract start date', 'award date', 'start', 'contract start', 'date awarded', 'commencement', 'from', 'start of contract'],
  endDate: ['end date', 'expiry date', 'contract end date', 'end', 'expiry', 'contract expiry', 'contract expiry date', 'expires', 'contract end', 'current end date', 'to', 'end of contract', 'termination date'],
  durationMonths: ['duration months', 'duration', 'contract duration', 'term months', 'contract length months', 'contract length', 'term', 'contract term', 'length months', 'duration years', 'contract duration months', 'contract duration years', 'term years'],
  extensionText: ['extension options', 'possible extensions', 'extension period', 'extensions', 'extension', 'option to extend', 'extension available', 'extension options available', 'options to extend', 'extension details'],
  noticePeriod: ['notice period', 'notice', 'termination notice', 'notice period months'],
  annualValue: ['annual value', 'value per annum', 'estimated annual value', 'annual contract value', 'yearly value', 'value pa', 'value p a', 'annual spend', 'value per year', 'annual cost', 'annual value gbp'],
  totalValue: ['total', 'whole life value', 'contract value', 'total value', 'total contract value', 'estimated value', 'value', 'awarded value', 'estimated total value', 'whole life cost', 'total contract value gbp', 'contract value gbp', 'estimated contract value', 'value gbp'],
  category: ['category', 'commodity', 'procurement category', 'service category', 'commodity category', 'category of spend', 'spend category'],
  cpv: ['cpv', 'cpv code', 'cpv codes', 'cpv classification'],
  department: ['department', 'service area', 'directorate', 'service', 'dept', 'department service area', 'business unit', 'team', 'responsible department'],
  council: ['council', 'organisation', 'organisation name', 'authority', 'local authority', 'buyer', 'buyer name', 'contracting authority', 'council name', 'gss code'],
};

const LOOKUP = new Map<string, ContractField>();
for (const field of CONTRACT_FIELDS) for (const alias of ALIASES[field]) LOOKUP.set(alias, field);

/** `"Duration (months)"` → `"duration months"`; `"Value (£)"` → `"value"`. */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/£/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

export function fieldForHeader(header: string): ContractField | null {
  return LOOKUP.get(normaliseHeader(header)) ?? null;
}

export interface MappedColumn {
  index: number;
  header: string;
  field: ContractField | null;
  /** Where the mapping came from: a saved mapping for the council, or the built-in names. */
  source: 'saved' | 'auto' | 'unmapped';
}

/**
 * Maps each header cell to a field. A saved mapping wins over the built-in names; a field
 * is taken by its first column only (a second "Value" column becomes an extra attribute).
 * Example: `mapColumns(['Ref No.', 'Contractor', 'Expiry Date'])` maps reference, supplier, endDate.
 */
export function mapColumns(headers: string[], saved: ColumnMapping = {}): MappedColumn[] {
  const savedByKey = new Map(Object.entries(saved).map(([k, v]) => [normaliseHeader(k), v]));
  const taken = new Set<ContractField>();
  return headers.map((header, index) => {
    const key = normaliseHeader(header);
    let field: ContractField | null = null;
    let source: MappedColumn['source'] = 'unmapped';
    if (savedByKey.has(key)) {
      field = savedByKey.get(key) ?? null;
      source = 'saved';
    } else if (LOOKUP.has(key)) {
      field = LOOKUP.get(key)!;
      source = 'auto';
    }
    if (field && taken.has(field)) {
      field = null;
      source = 'unmapped';
    }
    if (field) taken.add(field);
    return { index, header, field, source };
  });
}

/** How many cells of a candidate header row name a known field. */
export function headerScore(cells: string[], saved: ColumnMapping = {}): number {
  const savedKeys = new Set(Object.keys(saved).map(normaliseHeader));
  const fields = new Set<string>();
  for (const cell of cells) {
    const key = normaliseHeader(cell);
    if (!key) continue;
    if (savedKeys.has(key)) fields.add(`saved:${key}`);
    else if (LOOKUP.has(key)) fields.add(LOOKUP.get(key)!);
  }
  return fields.size;
}
