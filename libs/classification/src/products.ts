import { supplierKey } from '@app/suppliers';

/** One product of the catalogue shipped in data/catalogue/products.csv. */
export interface CatalogueProduct {
  id: string;
  vendor: string;
  companyNumber: string | null;
  product: string;
  /** A taxonomy label (never 'Not IT'). */
  category: string;
  /** Names distinctive enough to identify the product wherever a title or description uses them. */
  matchTerms: string[];
  /** Generic names ("Housing", "Financials") that identify it only when the supplier is its vendor. */
  vendorOnlyTerms: string[];
}

/** A product named in a contract, in words for the reason. */
export interface ProductFound {
  product: CatalogueProduct;
  why: string;
  /** Whether the contract's supplier is the product's vendor. */
  byVendor: boolean;
  /** Found by a generic name ("Housing", "Cloud") that counts only from its vendor. */
  generic: boolean;
}

const WORD = /[A-Za-z0-9]+/g;
const LOWER_WORD = /[a-z0-9]+/g;

interface Term {
  /** As the catalogue writes it, for the reason. */
  text: string;
  words: string[];
  /**
   * An acronym written in capitals ("SIMS", "LCS", "SWAN") matches only in capitals: "SIMs" are
   * mobile SIM cards, "Swan Lane" is a street.
   */
  exact: string[] | null;
  products: CatalogueProduct[];
}

/** Catalogue terms by their first word, so a text is scanned once, word by word. */
class TermIndex {
  private readonly byFirst = new Map<string, Term[]>();

  add(text: string, product: CatalogueProduct): void {
    const raw = text.match(WORD) ?? [];
    this.addWords(text, raw, product);
    // Councils run a product's words together ("OpenRevenues", "ModernGov"): the joined name is the same name.
    const joined = raw.join('');
    if (raw.length > 1 && joined.length >= 8) this.addWords(text, [joined.toLowerCase()], product);
  }

  private addWords(text: string, raw: string[], product: CatalogueProduct): void {
    const w = raw.map((x) => x.toLowerCase());
    if (w.length === 0 || (w.length === 1 && w[0].length < 2)) return;
    const acronym = raw.length === 1 && raw[0].length <= 6 && /^[A-Z][A-Z0-9]+$/.test(raw[0]) && /[A-Z].*[A-Z]/.test(raw[0]);
    const list = this.byFirst.get(w[0]) ?? [];
    const same = list.find((t) => t.words.join(' ') === w.join(' ') && (t.exact !== null) === acronym);
    if (same) same.products.push(product);
    else list.push({ text: text.trim(), words: w, exact: acronym ? raw : null, products: [product] });
    list.sort((a, b) => b.words.length - a.words.length); // longest phrase first
    this.byFirst.set(w[0], list);
  }

  /** The first term (longest at its place) found in the words for which `accept` gives a result. */
  first<T>(raw: () => string[], w: string[], accept: (term: Term) => T | null): T | null {
    for (let i = 0; i < w.length; i++) {
      const list = this.byFirst.get(w[i]);
      if (!list) continue;
      for (const term of list) {
        let j = 1;
        while (j < term.words.length && w[i + j] === term.words[j]) j++;
        if (j < term.words.length || (term.exact && term.exact.some((x, k) => raw()[i + k] !== x))) continue;
        const result = accept(term);
        if (result !== null) return result;
        break;
      }
    }
    return null;
  }
}

/** The catalogue's products, found by name in titles and descriptions. */
/** Words in vendors' names that say what kind of company it is, not which. */
const VENDOR_FILLER = new Set(['software', 'solutions', 'services', 'systems', 'technology', 'technologies', 'group', 'holdings', 'international', 'digital', 'public', 'sector', 'business', 'it', 'computing', 'consulting']);

export class ProductIndex {
  private readonly distinctive = new TermIndex();
  private readonly generic = new TermIndex();
  private readonly vendorWords = new Map<string, string[]>();
  /** Supplier names already keyed (registers repeat a few hundred names over many rows). */
  private readonly supplierWords = new Map<string, Set<string>>();

  constructor(products: CatalogueProduct[]) {
    for (const p of products) {
      for (const t of p.matchTerms) this.distinctive.add(t, p);
      for (const t of p.vendorOnlyTerms) this.generic.add(t, p);
      // "Idox Software" is supplied by "idox plc": the words that only say what a company does are not needed.
      const words = supplierKey(p.vendor).split(' ');
      const distinctive = words.filter((w) => !VENDOR_FILLER.has(w));
      this.vendorWords.set(p.id, distinctive.length > 0 ? distinctive : words);
    }
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

  /**
   * The product a text names: a distinctive name (two vendors' products may share one: the
   * supplier decides, else the first listed), else a generic name when the supplier is its vendor.
   */
  find(text: string | null, field: string, supplierName: string | null): ProductFound | null {
    if (!text) return null;
    const decoded = text.includes('&') ? text.replace(/&amp;/g, '&') : text;
    const w = decoded.toLowerCase().match(LOWER_WORD) ?? [];
    // The words as written, only for acronyms, which match in capitals (same split when lower-casing keeps lengths).
    let rawWords: string[] | null = null;
    const raw = () => (rawWords ??= decoded.toLowerCase().length === decoded.length ? decoded.match(WORD) ?? [] : w);
    return (
      this.distinctive.first(raw, w, (term) => {
        const own = term.products.find((p) => this.suppliedByVendor(p, supplierName));
        return { product: own ?? term.products[0], why: `product name ${JSON.stringify(term.text)} in the ${field}`, byVendor: own !== undefined, generic: false };
      }) ??
      this.generic.first(raw, w, (term) => {
        const product = term.products.find((p) => this.suppliedByVendor(p, supplierName));
        return product ? { product, why: `"${term.text}" in the ${field}, supplied by its vendor ${product.vendor}`, byVendor: true, generic: true } : null;
      })
    );
  }

  /**
   * Whether a text names, by any of its names (generic ones included), a product none of whose
   * vendors is the given product's: "Jadu hosting & support" names another product than SEEMiS.
   */
  namesAnotherVendorsProduct(text: string | null, product: CatalogueProduct): boolean {
    if (!text) return false;
    const decoded = text.includes('&') ? text.replace(/&amp;/g, '&') : text;
    const w = decoded.toLowerCase().match(LOWER_WORD) ?? [];
    let rawWords: string[] | null = null;
    const raw = () => (rawWords ??= decoded.toLowerCase().length === decoded.length ? decoded.match(WORD) ?? [] : w);
    const vendor = supplierKey(product.vendor);
    const other = (term: Term) => (term.products.every((p) => p !== product && supplierKey(p.vendor) !== vendor) ? true : null);
    return (this.distinctive.first(raw, w, other) ?? this.generic.first(raw, w, other)) === true;
  }
}
