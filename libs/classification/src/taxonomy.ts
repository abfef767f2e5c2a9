/**
 * The service-category taxonomy (data/catalogue/taxonomy.csv, sources in data/SOURCES.md) and
 * the reading of a council's own category column onto it.
 */

/** The result for a contract that is not an IT or digital contract: a label of its own, not "no label". */
export const NOT_IT = 'Not IT';
/** IT or digital work that fits no other label (also: "IT, but nothing says which kind"). */
export const OTHER_ICT = 'Other ICT';

/** Every label, in the taxonomy's order; `serviceCategory` is always one of these or null. */
export const SERVICE_CATEGORIES = [
  'Revenues & Benefits', 'Social care case management', 'Education MIS', 'HR & Payroll', 'Finance & ERP', 'Income management & payments',
  'Planning & Building Standards', 'Housing', 'CRM', 'Web CMS', 'Document & records management', 'GIS & property', 'Democracy & elections',
  'Libraries', 'Parking', 'Waste & environment', 'Regulatory & licensing', 'Highways & transport', 'Telephony', 'Mobile', 'Network & WAN',
  'Hosting', 'End-user devices', 'Print', 'Security', 'Productivity licensing', OTHER_ICT, NOT_IT,
] as const;

export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** One row of data/catalogue/taxonomy.csv. */
export interface TaxonomyEntry {
  label: string;
  description: string;
  /** Council category wording that alone names this label ("Revs & Bens", "ICT - Telecoms" once "ICT" is set aside). */
  synonyms: string[];
  /** Department or service names ("Social Work", "Housing") that name this label only beside an IT word ("Social Work IT"). */
  serviceAreas: string[];
  /** CPV prefixes filed under this label (the same as data/catalogue/cpv-categories.csv; a test keeps them equal). */
  cpvPrefixes: string[];
  source: string;
}

const list = (s: string | undefined) => (s ?? '').split(';').map((t) => t.trim()).filter(Boolean);

/** Taxonomy rows as parsed from taxonomy.csv (columns label, description, synonyms, service_areas, cpv_prefixes, source). */
export function taxonomyFromRows(rows: Record<string, string>[]): TaxonomyEntry[] {
  return rows.map((r) => ({
    label: r.label.trim(), description: r.description ?? '', synonyms: list(r.synonyms), serviceAreas: list(r.service_areas),
    cpvPrefixes: list(r.cpv_prefixes), source: r.source ?? '',
  }));
}

/** Whether a service category says IT: true for an IT label, false for 'Not IT', null when unclassified. */
export function isItCategory(serviceCategory: string | null): boolean | null {
  if (!serviceCategory) return null;
  return serviceCategory !== NOT_IT;
}

const PLACEHOLDER = /^(n a|na|nil|none|other|others|misc|miscellaneous|various|general|tbc|tbd|unknown|not known|not applicable|null|0)$/;

/**
 * A council's own category as a key for grouping across councils: case, accents, apostrophes,
 * punctuation and `&`/`+` folded; placeholders ("N/A", "Misc") give null.
 * Example: `councilCategoryKey('ICT – CCTV ')` is `'ict cctv'`; `'Revs & Bens'` is `'revs and bens'`.
 */
export function councilCategoryKey(category: string | null): string | null {
  if (!category) return null;
  const key = category
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&amp;/g, '&')
    .replace(/[&+]/g, ' and ')
    .replace(/['’‘]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return key.length >= 2 && !PLACEHOLDER.test(key) ? key : null;
}

/** Words that make a council category an IT one ("ICT - Telecoms", "Social Work IT", "Digital"). */
const IT_QUALIFIERS = new Set(['ict', 'it', 'digital', 'technology', 'technologies', 'software']);
/** Words that make a service area an IT one only when the rest names a service area ("Finance Systems"). */
const SYSTEM_QUALIFIERS = new Set(['system', 'systems', 'application', 'applications', 'solution', 'solutions']);
const JOINERS = new Set(['and', 'of', 'for', 'the']);

/** What a council's category says: a label (or none), whether it says IT, and in what words. */
export interface CouncilCategoryReading {
  key: string;
  label: string | null;
  /** True: an IT category (perhaps with no topic, "ICT"); false: a non-IT one ("Catering"); null: it does not say. */
  isIt: boolean | null;
}

/** Reads councils' category columns onto the taxonomy, by synonyms and service areas. */
export class CouncilCategories {
  private readonly synonyms = new Map<string, string>();
  private readonly areas = new Map<string, string>();
  private readonly memo = new Map<string, CouncilCategoryReading | null>();

  constructor(taxonomy: TaxonomyEntry[]) {
    for (const t of taxonomy) {
      // The label itself is not a synonym unless listed: "Housing" as a council category is a department.
      for (const s of t.synonyms) this.add(this.synonyms, s, t.label);
      for (const s of t.serviceAreas) this.add(this.areas, s, t.label);
    }
  }

  private add(map: Map<string, string>, text: string, label: string): void {
    const k = councilCategoryKey(text);
    if (k && !map.has(k)) map.set(k, label);
  }

  /** The reading of one category cell, memoised (registers repeat a few dozen categories over many rows). */
  read(category: string | null): CouncilCategoryReading | null {
    if (!category) return null;
    let r = this.memo.get(category);
    if (r === undefined) {
      r = this.readKey(councilCategoryKey(category));
      if (this.memo.size > 10_000) this.memo.clear();
      this.memo.set(category, r);
    }
    return r;
  }

  private readKey(key: string | null): CouncilCategoryReading | null {
    if (!key) return null;
    const whole = this.synonyms.get(key);
    if (whole) return { key, label: whole, isIt: whole !== NOT_IT };
    const words = key.split(' ');
    const it = words.some((w) => IT_QUALIFIERS.has(w));
    const system = words.some((w) => SYSTEM_QUALIFIERS.has(w));
    const core = words.filter((w) => !IT_QUALIFIERS.has(w) && !SYSTEM_QUALIFIERS.has(w)).join(' ');
    const label = (it || system) && core ? this.topic(core) : this.partsAgree(key, false);
    if (label) return { key, label, isIt: label !== NOT_IT };
    if (it) return { key, label: null, isIt: true };
    return { key, label: null, isIt: null };
  }

  /** The label a topic names once its IT word is set aside: a synonym, a service area, or its parts agreeing. */
  private topic(core: string): string | null {
    const label = this.synonyms.get(core) ?? this.areas.get(core) ?? this.partsAgree(core, true);
    return label === NOT_IT ? null : label;
  }

  /** "Telephony & Contact Centre": every part names the same label (service areas count only with `areas`, or beside a synonym). */
  private partsAgree(key: string, areas: boolean): string | null {
    const parts = key.split(' and ').map((p) => p.split(' ').filter((w) => !JOINERS.has(w)).join(' ')).filter(Boolean);
    if (parts.length < 2) return null;
    const bySynonym = parts.map((p) => this.synonyms.get(p) ?? null);
    const anchor = bySynonym.find((l) => l !== null) ?? null;
    if (!anchor && !areas) return null;
    const labels = parts.map((p, i) => bySynonym[i] ?? this.areas.get(p) ?? null);
    const first = labels[0];
    return first && labels.every((l) => l === first) ? first : null;
  }
}
