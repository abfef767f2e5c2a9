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

export function platformCommunities(contracts: ContractFacts[]): PlatformCommunity[] {
  const byProduct = new Map<string, ContractFacts[]>();
  for (const c of contracts) {
    if (!c.product) continue;
    const list = byProduct.get(c.product);
    if (list) list.push(c);
    else byProduct.set(c.product, [c]);
  }
  const out: PlatformCommunity[] = [];
  for (const [product, list] of byProduct) {
    const councils = [...new Set(list.map((c) => c.council))].sort();
    if (councils.length < 2) continue;
    const annualValue = round(list.reduce((s, c) => s + (c.annualValue ?? 0), 0));
    const suppliers = [...new Set(list.map((c) => c.supplier).filter((s): s is string => Boolean(s)))].sort();
    out.push({
      id: id(['common-platform', product]), kind: 'common-platform', product, serviceCategory: list[0].serviceCategory, councils, contracts: list.length, annualValue, suppliers,
      why: [`${councils.length} councils run ${product}`, `${list.length} current contracts, £${annualValue.toLocaleString('en-GB')} a year`, `bought from ${suppliers.join(', ') || 'suppliers not named'}`],
    });
  }
  return out.sort((a, b) => b.councils.length - a.councils.length || b.annualValue - a.annualValue || (a.product < b.product ? -1 : 1));
}

export function categoryLandscapes(contracts: ContractFacts[]): CategoryLandscape[] {
  const byCategory = new Map<string, ContractFacts[]>();
  for (const c of contracts) {
    if (!c.serviceCategory) continue;
    const list = byCategory.get(c.serviceCategory);
    if (list) list.push(c);
    else byCategory.set(c.serviceCategory, [c]);
  }
  const out: CategoryLandscape[] = [];
  for (const [category, list] of byCategory) {
    const councils = [...new Set(list.map((c) => c.council))].sort();
    if (councils.length < 2) continue;
    const products = new Map<string, Set<string>>();
    for (const c of list) if (c.product) products.set(c.product, (products.get(c.product) ?? new Set()).add(c.council));
    const classified = new Set(list.filter((c) => c.product).map((c) => c.council));
    const bySupplier = new Map<string, { supplierId: number | null; supplier: string; councils: Set<string>; value: number }>();
    for (const c of list) {
      const key = c.supplierId !== null ? `id:${c.supplierId}` : `name:${c.supplier ?? '(not named)'}`;
      const s = bySupplier.get(key) ?? { supplierId: c.supplierId, supplier: c.supplier ?? '(not named)', councils: new Set<string>(), value: 0 };
      s.councils.add(c.council);
      s.value += c.annualValue ?? 0;
      bySupplier.set(key, s);
    }
    const totalValue = [...bySupplier.values()].reduce((s, x) => s + x.value, 0);
    const suppliers = [...bySupplier.values()]
      .map((s) => ({
        supplierId: s.supplierId, supplier: s.supplier, councils: s.councils.size, councilShare: round(s.councils.size / councils.length, 4),
        annualValue: round(s.value), valueShare: totalValue > 0 ? round(s.value / totalValue, 4) : 0,
      }))
      .sort((a, b) => b.annualValue - a.annualValue || b.councils - a.councils || (a.supplier < b.supplier ? -1 : 1));
    const hhi = Math.round(suppliers.reduce((s, x) => s + (x.valueShare * 100) ** 2, 0));
    out.push({
      id: id(['fragmentation', category]), kind: 'fragmentation', category, councils,
      products: [...products.entries()].map(([product, set]) => ({ product, councils: [...set].sort() })).sort((a, b) => b.councils.length - a.councils.length || (a.product < b.product ? -1 : 1)),
      unclassifiedCouncils: councils.filter((c) => !classified.has(c)),
      suppliers, hhi,
      why: [
        `${councils.length} councils buy ${category} from ${suppliers.length} suppliers${products.size > 0 ? ` and run ${products.size} different products` : ''}`,
        `supplier concentration (HHI on annual value) ${hhi}: ${hhi > 2500 ? 'highly concentrated' : hhi > 1500 ? 'moderately concentrated' : 'fragmented'}`,
      ],
    });
  }
  return out.sort((a, b) => b.products.length - a.products.length || b.councils.length - a.councils.length || (a.category < b.category ? -1 : 1));
}
