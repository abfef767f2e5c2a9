import { createHash } from 'node:crypto';
import { ContractFacts } from './collaborative';

/** Councils already on the same product: a user community that could share hosting, support or development. */
export interface PlatformCommunity {
  id: string;
  kind: 'common-platform';
  product: string;
  serviceCategory: string | null;
  councils: string[];
  contracts: number;
  annualValue: number;
  suppliers: string[];
  why: string[];
}

export interface SupplierShare {
  supplierId: number | null;
  supplier: string;
  councils: number;
  councilShare: number;
  annualValue: number;
  valueShare: number;
}

/** One category across councils: how many different products, and how concentrated its suppliers are. */
export interface CategoryLandscape {
  id: string;
  kind: 'fragmentation';
  category: string;
  councils: string[];
  products: { product: string; councils: string[] }[];
  /** Councils whose contracts in the category name no catalogue product. */
  unclassifiedCouncils: string[];
  suppliers: SupplierShare[];
  /** Herfindahl-Hirschman index of the suppliers' shares of annual value, 0-10,000 (over 2,500: highly concentrated). */
  hhi: number;
  why: string[];
}

const id = (parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/** Council codes numbered as met, so per-contract bookkeeping uses small integers, not strings. */
class CouncilNumbers {
  private readonly index = new Map<string, number>();
  readonly codes: string[] = [];

  of(code: string): number {
    let i = this.index.get(code);
    if (i === undefined) {
      this.index.set(code, (i = this.codes.length));
      this.codes.push(code);
    }
    return i;
  }

  sorted(set: Set<number>): string[] {
    return [...set].map((i) => this.codes[i]).sort();
  }
}

export function platformCommunities(contracts: ContractFacts[]): PlatformCommunity[] {
  const numbers = new CouncilNumbers();
  const byProduct = new Map<string, { councils: Set<number>; contracts: number; value: number; suppliers: Set<string>; serviceCategory: string | null }>();
  for (const c of contracts) {
    if (!c.product) continue;
    let p = byProduct.get(c.product);
    if (!p) byProduct.set(c.product, (p = { councils: new Set(), contracts: 0, value: 0, suppliers: new Set(), serviceCategory: c.serviceCategory }));
    p.councils.add(numbers.of(c.council));
    p.contracts++;
    p.value += c.annualValue ?? 0;
    if (c.supplier) p.suppliers.add(c.supplier);
  }
  const out: PlatformCommunity[] = [];
  for (const [product, p] of byProduct) {
    if (p.councils.size < 2) continue;
    const councils = numbers.sorted(p.councils);
    const annualValue = round(p.value);
    const suppliers = [...p.suppliers].sort();
    out.push({
      id: id(['common-platform', product]), kind: 'common-platform', product, serviceCategory: p.serviceCategory, councils, contracts: p.contracts, annualValue, suppliers,
      why: [`${councils.length} councils run ${product}`, `${p.contracts} current contracts, £${annualValue.toLocaleString('en-GB')} a year`, `bought from ${suppliers.join(', ') || 'suppliers not named'}`],
    });
  }
  return out.sort((a, b) => b.councils.length - a.councils.length || b.annualValue - a.annualValue || (a.product < b.product ? -1 : 1));
}

interface SupplierTally {
  supplierId: number | null;
  supplier: string;
  councils: Set<number>;
  value: number;
}

export function categoryLandscapes(contracts: ContractFacts[]): CategoryLandscape[] {
  const numbers = new CouncilNumbers();
  interface Tally {
    councils: Set<number>;
    classified: Set<number>;
    products: Map<string, Set<number>>;
    byId: Map<number, SupplierTally>;
    byName: Map<string, SupplierTally>;
    /** Suppliers in the order first met. */
    suppliers: SupplierTally[];
  }
  const byCategory = new Map<string, Tally>();
  for (const c of contracts) {
    // Contracts that are not IT have no place in an IT category landscape.
    if (!c.serviceCategory || c.serviceCategory === 'Not IT') continue;
    let t = byCategory.get(c.serviceCategory);
    if (!t) byCategory.set(c.serviceCategory, (t = { councils: new Set(), classified: new Set(), products: new Map(), byId: new Map(), byName: new Map(), suppliers: [] }));
    const council = numbers.of(c.council);
    t.councils.add(council);
    if (c.product) {
      t.classified.add(council);
      let set = t.products.get(c.product);
      if (!set) t.products.set(c.product, (set = new Set()));
      set.add(council);
    }
    const name = c.supplier ?? '(not named)';
    let s = c.supplierId !== null ? t.byId.get(c.supplierId) : t.byName.get(name);
    if (!s) {
      s = { supplierId: c.supplierId, supplier: name, councils: new Set(), value: 0 };
      if (c.supplierId !== null) t.byId.set(c.supplierId, s);
      else t.byName.set(name, s);
      t.suppliers.push(s);
    }
    s.councils.add(council);
    s.value += c.annualValue ?? 0;
  }
  const out: CategoryLandscape[] = [];
  for (const [category, t] of byCategory) {
    if (t.councils.size < 2) continue;
    const councils = numbers.sorted(t.councils);
    const totalValue = t.suppliers.reduce((s, x) => s + x.value, 0);
    const suppliers = t.suppliers
      .map((s) => ({
        supplierId: s.supplierId, supplier: s.supplier, councils: s.councils.size, councilShare: round(s.councils.size / councils.length, 4),
        annualValue: round(s.value), valueShare: totalValue > 0 ? round(s.value / totalValue, 4) : 0,
      }))
      .sort((a, b) => b.annualValue - a.annualValue || b.councils - a.councils || (a.supplier < b.supplier ? -1 : 1));
    const hhi = Math.round(suppliers.reduce((s, x) => s + (x.valueShare * 100) ** 2, 0));
    const classified = new Set(numbers.sorted(t.classified));
    out.push({
      id: id(['fragmentation', category]), kind: 'fragmentation', category, councils,
      products: [...t.products.entries()].map(([product, set]) => ({ product, councils: numbers.sorted(set) })).sort((a, b) => b.councils.length - a.councils.length || (a.product < b.product ? -1 : 1)),
      unclassifiedCouncils: councils.filter((c) => !classified.has(c)),
      suppliers, hhi,
      why: [
        `${councils.length} councils buy ${category} from ${suppliers.length} suppliers${t.products.size > 0 ? ` and run ${t.products.size} different products` : ''}`,
        `supplier concentration (HHI on annual value) ${hhi}: ${hhi > 2500 ? 'highly concentrated' : hhi > 1500 ? 'moderately concentrated' : 'fragmented'}`,
      ],
    });
  }
  return out.sort((a, b) => b.products.length - a.products.length || b.councils.length - a.councils.length || (a.category < b.category ? -1 : 1));
}
