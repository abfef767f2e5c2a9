import { supplierKey } from '@app/suppliers';

/** One product of the catalogue shipped in data/catalogue/products.csv. */
export interface CatalogueProduct {
  id: string;
  vendor: string;
  companyNumber: string | null;
  product: string;
  category: string;
  /** Names distinctive enough to identify the product wherever a title or description uses them. */
  matchTerms: string[];
  /** Generic names ("Housing", "Financials") that identify it only when the supplier is its vendor. */
  vendorOnlyTerms: string[];
}

/** A CPV code prefix and the service category it stands for (data/catalogue/cpv-categories.csv). */
export interface CpvCategory {
  prefix: string;
  category: string;
  note: string;
}

export interface ContractToClassify {
  title: string | null;
  description: string | null;
  supplierName: string | null;
  cpv: string | null;
  /** The register's own category column, as written. */
  category: string | null;
}

export interface Classification {
  productId: string | null;
  product: string | null;
  serviceCategory: string | null;
  /** Why, in words an analyst can check: which rule or match decided. Null when nothing did. */
  reason: string | null;
}

/** Words in titles, descriptions and registers' own categories that say what service a contract is for. */
const KEYWORD_RULES: [string, RegExp][] = [
  ['Revenues & Benefits', /\b(revenues?( and| &) benefits|council tax|business rates|non-domestic rates|nndr|housing benefit)\b/i],
  ['Social care case management', /\b(social (work|care)|care management|children'?s services case|adult care system|case management system for (adults|children))\b/i],
  ['Education MIS', /\b(school (mis|management information)|education management|pupil (records|tracking)|management information system for schools)\b/i],
  ['HR & Payroll', /\b(payroll|hr system|human resources|recruitment (system|portal)|e-?recruitment)\b/i],
  ['Finance & ERP', /\b(erp|enterprise resource planning|financial (management )?system|finance system|general ledger|accounts payable|income management|e-?payments?)\b/i],
  ['Planning & Building Standards', /\b(planning (system|portal|application)|building (standards|control)|development management|land charges)\b/i],
  ['Housing', /\b(housing (management|system|repairs)|choice[- ]based lettings|homelessness)\b/i],
  ['CRM', /\b(crm|customer relationship|customer (service|contact) platform|citizen portal|web ?forms?|website (cms|content management))\b/i],
  ['Productivity licensing', /\b(microsoft (licen[cs]|enterprise agreement|365)|office 365|m365|o365|licen[cs]es? (renewal|for) (microsoft|adobe|oracle)|adobe creative cloud|enterprise agreement)\b/i],
  ['Network & WAN', /\b(wan|wide area network|lan|network (services|connectivity|infrastructure|equipment)|swan|broadband|firewalls?|switches and routers)\b/i],
  ['Telephony', /\b(telephony|telephone|phone system|unified communications|mobile (phones?|voice|telephony)|contact centre|sip trunks?)\b/i],
  ['Hosting', /\b(hosting|data ?cent(re|er)|colocation|cloud (services|platform|infrastructure)|iaas|paas)\b/i],
];

function escape(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regular expression finding any of the terms as a whole word or phrase, longest first. */
function termsPattern(terms: string[]): RegExp | null {
  const unique = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length >= 2))].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return null;
  return new RegExp(`(?<![A-Za-z0-9])(${unique.map(escape).join('|')})(?![A-Za-z0-9])`, 'gi');
}

/**
 * Classifies contracts to a product (from the catalogue) and a service category, saying why.
 * Order of evidence: a distinctive product name in the title or description; a generic
 * product name when the supplier is that product's vendor; then the category from the
 * product, else from the CPV code (longest prefix), else from keywords.
 * Example: a contract titled "Open Revenues support and maintenance" with supplier
 * "CIVICA UK LIMITED" is product "Open Revenues", category "Revenues & Benefits".
 */
export class Classifier {
  private readonly byTerm = new Map<string, CatalogueProduct[]>();
  private readonly byVendorTerm = new Map<string, CatalogueProduct[]>();
  private readonly distinctive: RegExp | null;
  private readonly generic: RegExp | null;
  private readonly cpv: CpvCategory[];
  private readonly vendorKeys = new Map<string, string>();

  constructor(products: CatalogueProduct[], cpvCategories: CpvCategory[]) {
    for (const p of products) {
      for (const t of p.matchTerms) this.add(this.byTerm, t, p);
      for (const t of p.vendorOnlyTerms) this.add(this.byVendorTerm, t, p);
      this.vendorKeys.set(p.id, supplierKey(p.vendor));
    }
    this.distinctive = termsPattern([...this.byTerm.keys()]);
    this.generic = termsPattern([...this.byVendorTerm.keys()]);
    this.cpv = [...cpvCategories].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  private add(map: Map<string, CatalogueProduct[]>, term: string, p: CatalogueProduct): void {
    const key = term.trim().toLowerCase();
    if (!key) return;
    map.set(key, [...(map.get(key) ?? []), p]);
  }

  /** Whether the supplier as written is the product's vendor (by key, so "CIVICA UK LIMITED" is "Civica UK"). */
  private suppliedByVendor(p: CatalogueProduct, supplierName: string | null): boolean {
    if (!supplierName) return false;
    const vendor = this.vendorKeys.get(p.id)!.split(' ');
    const supplier = new Set(supplierKey(supplierName).split(' '));
    return vendor.every((t) => supplier.has(t));
  }

  private findProduct(c: ContractToClassify): { product: CatalogueProduct; why: string } | null {
    for (const [field, text] of [['title', c.title], ['description', c.description]] as const) {
      if (!text) continue;
      if (this.distinctive) {
        for (const m of text.matchAll(this.distinctive)) {
          const candidates = this.byTerm.get(m[1].toLowerCase()) ?? [];
          // Two vendors' products may share a name: the supplier decides, else the first listed.
          const product = candidates.find((p) => this.suppliedByVendor(p, c.supplierName)) ?? candidates[0];
          if (product) return { product, why: `product name "${m[1]}" in the ${field}` };
        }
      }
      if (this.generic) {
        for (const m of text.matchAll(this.generic)) {
          const product = (this.byVendorTerm.get(m[1].toLowerCase()) ?? []).find((p) => this.suppliedByVendor(p, c.supplierName));
          if (product) return { product, why: `"${m[1]}" in the ${field}, supplied by its vendor ${product.vendor}` };
        }
      }
    }
    return null;
  }

  private cpvCategory(cpv: string | null): { category: string; why: string } | null {
    if (!cpv) return null;
    for (const code of cpv.split(/\s+/)) {
      const match = this.cpv.find((c) => code.startsWith(c.prefix));
      if (match) return { category: match.category, why: `CPV ${code} (${match.note})` };
    }
    return null;
  }

  classify(c: ContractToClassify): Classification {
    const found = this.findProduct(c);
    if (found) {
      return { productId: found.product.id, product: found.product.product, serviceCategory: found.product.category, reason: `${found.why}; category of that product` };
    }
    const byCpv = this.cpvCategory(c.cpv);
    // A specific CPV code beats keywords; the bare division (48…, 72…) only says "ICT".
    if (byCpv && byCpv.category !== 'Other ICT') return { productId: null, product: null, serviceCategory: byCpv.category, reason: `category from ${byCpv.why}` };
    for (const [field, text] of [['title', c.title], ['description', c.description], ['register category', c.category]] as const) {
      if (!text) continue;
      for (const [category, pattern] of KEYWORD_RULES) {
        const m = pattern.exec(text);
        if (m) return { productId: null, product: null, serviceCategory: category, reason: `category from "${m[0]}" in the ${field}` };
      }
    }
    if (byCpv) return { productId: null, product: null, serviceCategory: byCpv.category, reason: `category from ${byCpv.why}` };
    return { productId: null, product: null, serviceCategory: null, reason: null };
  }
}
