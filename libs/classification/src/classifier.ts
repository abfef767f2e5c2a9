import { CpvCategory, CpvMap, CpvReading, IT_DIVISIONS_TEXT } from './cpv';
import { forRules, itNoun, itNounNear, notItWords, otherIctWords, RuleMatch, ruleMatches } from './keywords';
import { CatalogueProduct, ProductFound, ProductIndex } from './products';
import { CouncilCategories, CouncilCategoryReading, NOT_IT, OTHER_ICT, SERVICE_CATEGORIES, TaxonomyEntry } from './taxonomy';

export type { CatalogueProduct } from './products';
export type { CpvCategory } from './cpv';

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
  /**
   * A taxonomy label (data/catalogue/taxonomy.csv): an IT category, 'Not IT' for a contract that
   * is not IT or digital, or null when the evidence cannot tell.
   */
  serviceCategory: string | null;
  /** true for an IT category, false for 'Not IT', null when unclassified (see isItCategory). */
  isIt: boolean | null;
  /**
   * The register's own category as a key (councilCategoryKey), whether or not it maps onto the
   * taxonomy, so the analysis can group councils that name the same category; null when blank.
   */
  councilCategory: string | null;
  /** Why, in words an analyst can check: the product, category, CPV code or words that decided. */
  reason: string;
}

type Verdict = Omit<Classification, 'councilCategory'>;

/** The taxonomy's labels only, for callers that have not loaded taxonomy.csv: council categories then map onto nothing. */
const LABELS_ONLY: TaxonomyEntry[] = SERVICE_CATEGORIES.map((label) => ({ label, description: '', synonyms: [], serviceAreas: [], cpvPrefixes: [], source: '' }));

/** What the title says, worked out once. */
interface TitleReading {
  text: string;
  /** The first category rule whose condition holds. */
  category: (RuleMatch & { beside: string; itFrom: string }) | null;
  /** Words that say IT without a category ("software", "ICT"). */
  itWords: string | null;
  /** Words that put IT in general beside a kind of it ("hardware and software", "IT and cyber security"): a mixed contract, Other ICT. */
  mixed: string | null;
}

/**
 * A title that buys IT in general beside one kind of it: hardware with software, or "IT"/"ICT" in
 * capitals joined to another kind ("IT and Cyber Security Services", "ICT & Telephony Support").
 */
const MIXED_SCOPE = /\b(hardware,? (and|&) software|software,? (and|&) hardware)\b/i;
const IT_AND = /\b(IT|ICT) (and|&)(?= (?!communications?\b)\w)/;
/** Matches that name a kind of IT only loosely ("connectivity"): a later, more specific match in the same title wins. */
const LOOSE_MATCH = /^connectivity$/i;
/** A multi-supplier buying vehicle: its first CPV code names one of the many things it buys. */
const BUYING_VEHICLE = /\b(dynamic purchasing system|dps|framework|marketplace)\b/i;

const quote = (s: string) => `"${s.trim()}"`;
const cpvText = (r: { code: string; note: string }) => `CPV ${r.code} (${r.note})`;
/** "CPV 90500000 is" / "CPV 90500000, 90511000 are", for reasons. */
const codes = (cpv: CpvReading) => `CPV ${cpv.codes.join(', ')} ${cpv.codes.length > 1 ? 'are' : 'is'}`;

/**
 * Classifies a contract as IT (with a service category and, when named, a catalogue product),
 * 'Not IT', or unclassified (null) when the evidence cannot tell, saying why. Precision comes
 * first: a product only from a distinctive product name, or a generic one when the supplier is its
 * vendor; a category from a product in the title, the council's own category column, words in the
 * title, then the CPV code. Descriptions are mostly boilerplate: a product named there counts only
 * when its vendor supplies it or it agrees with the title's or council's category, and their words
 * never decide a category.
 * Example: "Open Revenues support and maintenance" from "CIVICA UK LIMITED" is product "Open
 * Revenues", category "Revenues & Benefits"; "Supply & Delivery of Fresh Meat" with CPV 15100000 is
 * "Not IT"; "Annual support" with no CPV code, category or product is unclassified (null).
 */
export class Classifier {
  private readonly products: ProductIndex;
  private readonly cpv: CpvMap;
  private readonly councilCategories: CouncilCategories;
  /** Results by input: registers repeat titles ("Annual support and maintenance") and pages read the same contracts again. */
  private readonly memo = new Map<string, Classification>();

  constructor(products: CatalogueProduct[], cpvCategories: CpvCategory[], taxonomy: TaxonomyEntry[] = LABELS_ONLY) {
    const labels = new Set(taxonomy.map((t) => t.label));
    const unknown = [
      ...taxonomy.filter((t) => !(SERVICE_CATEGORIES as readonly string[]).includes(t.label)).map((t) => `taxonomy label "${t.label}"`),
      ...products.filter((p) => !labels.has(p.category) || p.category === NOT_IT).map((p) => `product ${p.id} category "${p.category}"`),
      ...cpvCategories.filter((c) => !labels.has(c.category) || c.category === NOT_IT).map((c) => `CPV ${c.prefix} category "${c.category}"`),
    ];
    if (unknown.length > 0) throw new Error(`classification data names categories outside the taxonomy: ${unknown.join('; ')}`);
    this.products = new ProductIndex(products);
    this.cpv = new CpvMap(cpvCategories);
    this.councilCategories = new CouncilCategories(taxonomy);
  }

  classify(c: ContractToClassify): Classification {
    const key = `${c.title}\u0000${c.description}\u0000${c.supplierName}\u0000${c.cpv}\u0000${c.category}`;
    const memo = key.length <= 500; // long descriptions are rarely repeated: not worth the memory
    let result = memo ? this.memo.get(key) : undefined;
    if (!result) {
      const council = this.councilCategories.read(c.category);
      result = Object.freeze({ ...this.decide(c, council), councilCategory: council?.key ?? null });
      if (memo) {
        if (this.memo.size >= 10_000) this.memo.clear();
        this.memo.set(key, result);
      }
    }
    return result;
  }

  private decide(c: ContractToClassify, council: CouncilCategoryReading | null): Verdict {
    const cpv = this.cpv.read(c.cpv);
    const itElsewhere = council?.isIt === true ? `the council's category ${quote(c.category!)}` : cpv.verdict === 'it' ? cpvText(cpv.first!) : null;
    const title = readTitle(c.title, itElsewhere);
    const inTitle = this.products.find(c.title, 'title', c.supplierName);
    // A generic name ("Cloud", "Housing") is the vendor's product only when the title does not name another kind of thing ("Cloud GIS").
    // Hosting of a product ("Mosaic - hosting & support") is the product, not another kind of thing.
    if (inTitle && !(inTitle.generic && title.category && title.category.label !== inTitle.product.category && title.category.label !== 'Hosting')) return withProduct(inTitle, `${inTitle.why}; category of that product`);
    if (council?.isIt === true) return this.itContract(c, council, cpv, title);
    if (title.category || title.itWords) {
      // IT words against a non-IT code and non-IT words ("Collection and disposal of ICT equipment", CPV 90…): no call.
      const conflict = cpv.verdict === 'not-it' && !itNoun(title.text) ? notItWords(title.text) : null;
      if (!conflict) return this.itContract(c, council, cpv, title);
      const itWords = title.category?.text ?? title.itWords!;
      return unclassified(cpv, `the title has IT words (${quote(itWords)}) and non-IT ones (${quote(conflict)}), and ${codes(cpv)} outside the IT divisions`);
    }
    if (council?.isIt === false) return notIt(`the council's category ${quote(c.category!)}`);
    if (cpv.verdict === 'not-it') return notIt(`${codes(cpv)} outside the IT divisions (${IT_DIVISIONS_TEXT}) and the title has no IT words`);
    const words = notItWords(title.text);
    if (words) return notIt(`${quote(words)} in the title${cpv.first ? `, although ${cpvText(cpv.first)} is in an IT division` : ''}`);
    if (cpv.verdict === 'it') return this.itContract(c, council, cpv, title);
    const fromDescription = this.products.find(c.description, 'description', c.supplierName);
    if (fromDescription?.byVendor && !this.products.namesAnotherVendorsProduct(c.title, fromDescription.product)) return withProduct(fromDescription, `${fromDescription.why}; category of that product`);
    return unclassified(cpv);
  }

  /** An IT contract: the most specific category the evidence gives, strongest evidence first. */
  private itContract(c: ContractToClassify, council: CouncilCategoryReading | null, cpv: CpvReading, title: TitleReading): Verdict {
    const broad = council?.isIt && council.label && council.label !== OTHER_ICT ? council.label : null;
    // A broad council category ("Telecoms", "ICT Hardware") gives way to the title's narrower sibling ("Wi-Fi", "Managed print").
    const councilLabel = broad && title.category && title.category.label !== broad && siblings(broad, title.category.label) ? null : broad;
    const stated = councilLabel ?? title.category?.label ?? null;
    const product = this.products.find(c.description, 'description', c.supplierName);
    // A product in the description counts when it agrees with what the title or council says, or, when they say
    // nothing, when its vendor supplies it and the title names no other vendor's product.
    const agrees = product && (stated ? product.product.category === stated : product.byVendor && !this.products.namesAnotherVendorsProduct(c.title, product.product));
    if (product && agrees) return withProduct(product, `${product.why}; category of that product`);
    if (councilLabel) return it(councilLabel, `category from the council's category ${quote(c.category!)}`);
    if (title.mixed) return it(OTHER_ICT, `the title buys IT in general beside one kind of it (${quote(title.mixed)})`);
    if (title.category) return it(title.category.label, `category from ${quote(title.category.text)}${title.category.beside} in the title${title.category.itFrom}`);
    const vehicle = c.title ? BUYING_VEHICLE.exec(c.title)?.[0] : undefined;
    if (cpv.category && cpv.category.label !== OTHER_ICT && !vehicle) return it(cpv.category.label, `category from ${cpvText(cpv.category)}`);
    if (cpv.category && vehicle) return it(OTHER_ICT, `IT from ${cpvText(cpv.category)}; a ${quote(vehicle)} buys many kinds of IT, so its first code names no category`);
    const why = council?.isIt ? `the council's category ${quote(c.category!)}` : title.itWords ? `${quote(title.itWords)} in the title` : cpvText(cpv.first!);
    return it(OTHER_ICT, `IT from ${why}; nothing names a more specific category`);
  }
}

/**
 * Labels that one council category often covers as a whole: communications ("Telecoms" for phones,
 * mobiles and networks) and hardware ("ICT Hardware" for PCs and printers).
 */
const SIBLINGS: readonly (readonly string[])[] = [
  ['Telephony', 'Mobile', 'Network & WAN'],
  ['End-user devices', 'Print'],
];

function siblings(a: string, b: string): boolean {
  return SIBLINGS.some((g) => g.includes(a) && g.includes(b));
}

/** The title's category rule (the first whose condition holds) and its IT words. */
function readTitle(raw: string | null, itElsewhere: string | null): TitleReading {
  const text = raw ? forRules(raw) : '';
  if (!text) return { text, category: null, itWords: null, mixed: null };
  const mixed = MIXED_SCOPE.exec(text)?.[0] ?? IT_AND.exec(text)?.[0] ?? null;
  const itWords = otherIctWords(text) ?? mixed;
  let loose: TitleReading['category'] = null;
  for (const m of ruleMatches(text)) {
    const category = qualifies(text, m, itWords, itElsewhere);
    if (!category) continue;
    if (!LOOSE_MATCH.test(m.text)) return { text, category, itWords, mixed };
    loose ??= category;
  }
  return { text, category: loose, itWords, mixed };
}

/** A rule's match as the title's category, with what let it count, or null when it does not count. */
function qualifies(text: string, m: RuleMatch, itWords: string | null, itElsewhere: string | null): TitleReading['category'] {
  if (m.needs === 'self') return { ...m, beside: '', itFrom: '' };
  const noun = itNounNear(text, m);
  if (noun) return { ...m, beside: ` with ${quote(noun)}`, itFrom: '' };
  if (m.needs === 'it' && itWords) return { ...m, beside: ` with ${quote(itWords)}`, itFrom: '' };
  if (m.needs === 'it' && itElsewhere) return { ...m, beside: '', itFrom: `; IT from ${itElsewhere}` };
  return null;
}

function withProduct(found: ProductFound, reason: string): Verdict {
  return { productId: found.product.id, product: found.product.product, serviceCategory: found.product.category, isIt: true, reason };
}

function it(label: string, reason: string): Verdict {
  return { productId: null, product: null, serviceCategory: label, isIt: true, reason };
}

function notIt(why: string): Verdict {
  return { productId: null, product: null, serviceCategory: NOT_IT, isIt: false, reason: `not IT: ${why}` };
}

function unclassified(cpv: CpvReading, conflict?: string): Verdict {
  const why =
    conflict ? conflict
    : cpv.verdict === 'mixed' ? `IT codes are a minority of CPV ${cpv.codes.join(', ')} and the title says neither IT nor not IT`
    : cpv.verdict === 'weak' ? `${codes(cpv)} used for IT and non-IT purchases alike and the title does not say which`
    : 'no product, council category, CPV code or words that say what it is';
  return { productId: null, product: null, serviceCategory: null, isIt: null, reason: `not classified: ${why}` };
}
