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

const WORD = /[a-z0-9]+/g;

/** Lower-case words, split at anything that is not a letter or digit: how terms and texts are compared. */
function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

interface Term {
  /** As the catalogue writes it, for the reason. */
  text: string;
  words: string[];
  products: CatalogueProduct[];
}

/** Catalogue terms by their first word, so a title is scanned once, word by word. */
class TermIndex {
  private readonly byFirst = new Map<string, Term[]>();

  add(text: string, product: CatalogueProduct): void {
    const w = words(text);
    if (w.length === 0 || (w.length === 1 && w[0].length < 2)) return;
    const list = this.byFirst.get(w[0]) ?? [];
    const same = list.find((t) => t.words.join(' ') === w.join(' '));
    if (same) same.products.push(product);
    else list.push({ text: text.trim(), words: w, products: [product] });
    list.sort((a, b) => b.words.length - a.words.length); // longest phrase first
    this.byFirst.set(w[0], list);
  }

  /** The first term (longest at its place) found in the words for which `accept` gives a result. */
  first<T>(w: string[], accept: (term: Term) => T | null): T | null {
    for (let i = 0; i < w.length; i++) {
      const list = this.byFirst.get(w[i]);
      if (!list) continue;
      for (const term of list) {
        let j = 1;
        while (j < term.words.length && w[i + j] === term.words[j]) j++;
        if (j === term.words.length) {
          const result = accept(term);
          if (result !== null) return result;
          break;
        }
      }
    }
    return null;
  }
}

/** All keyword rules in one expression, so each text is scanned once; the group that matched names the category. */
const KEYWORDS = new RegExp(KEYWORD_RULES.map(([, pattern], i) => `(?<k${i}>${pattern.source})`).join('|'), 'i');

/** The category a text's keywords give: the earliest match wins; of rules matching there, the first listed. */
function keywordIn(text: string | null, field: string): { serviceCategory: string; reason: string } | null {
  if (!text) return null;
  const m = KEYWORDS.exec(text);
  if (!m?.groups) return null;
  const i = KEYWORD_RULES.findIndex((_, k) => m.groups![`k${k}`] !== undefined);
  return { serviceCategory: KEYWORD_RULES[i][0], reason: `category from "${m[0]}" in the ${field}` };
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
  private readonly distinctive = new TermIndex();
  private readonly generic = new TermIndex();
  private readonly cpv: CpvCategory[];
  private readonly vendorWords = new Map<string, string[]>();
  /** Supplier names already keyed (registers repeat a few hundred names over many rows). */
  private readonly supplierWords = new Map<string, Set<string>>();

  constructor(products: CatalogueProduct[], cpvCategories: CpvCategory[]) {
    for (const p of products) {
      for (const t of p.matchTerms) this.distinctive.add(t, p);
      for (const t of p.vendorOnlyTerms) this.generic.add(t, p);
      this.vendorWords.set(p.id, supplierKey(p.vendor).split(' '));
    }
    this.cpv = [...cpvCategories].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** Whether the supplier as written is the product's vendor (by key, so "CIVICA UK LIMITED" is "Civica UK"). */
  private suppliedByVendor(p: CatalogueProduct, supplierName: string | null): boolean {
    if (!supplierName) return false;
    let supplier = this.supplierWords.get(supplierName);
    if (!supplier) {
      supplier = new Set(supplierKey(supplierName).split(' '));
      if (this.supplierWords.size > 50_000) this.supplierWords.clear();
      this.supplierWords.set(supplierName, supplier);
    }
    return this.vendorWords.get(p.id)!.every((t) => supplier.has(t));
  }

  private productIn(text: string | null, field: string, supplierName: string | null): { product: CatalogueProduct; why: string } | null {
    if (!text) return null;
    const w = words(text);
    // Two vendors' products may share a name: the supplier decides, else the first listed.
    return (
      this.distinctive.first(w, (term) => ({ product: term.products.find((p) => this.suppliedByVendor(p, supplierName)) ?? term.products[0], why: `product name "${term.text}" in the ${field}` })) ??
      this.generic.first(w, (term) => {
        const product = term.products.find((p) => this.suppliedByVendor(p, supplierName));
        return product ? { product, why: `"${term.text}" in the ${field}, supplied by its vendor ${product.vendor}` } : null;
      })
    );
  }

  private findProduct(c: ContractToClassify): { product: CatalogueProduct; why: string } | null {
    return this.productIn(c.title, 'title', c.supplierName) ?? this.productIn(c.description, 'description', c.supplierName);
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
    const byKeyword = keywordIn(c.title, 'title') ?? keywordIn(c.description, 'description') ?? keywordIn(c.category, 'register category');
    if (byKeyword) return { productId: null, product: null, ...byKeyword };
    if (byCpv) return { productId: null, product: null, serviceCategory: byCpv.category, reason: `category from ${byCpv.why}` };
    return { productId: null, product: null, serviceCategory: null, reason: null };
  }
}
