import { addMonths, CalendarDate } from '@app/ingest';
import { extendEnd } from '@app/renewals';
import { collaborativeOpportunities, ContractFacts } from './collaborative';
import { findingsOf, fitsOnePart, PartFindings, partitionPlan } from './partitions';

const TODAY = '2026-11-30';
const RULES = { minCouncils: 2, minAnnualValue: 10_000 };

/** A small deterministic generator (not tuned to the planner): every way a contract can link to another, mixed. */
function register(seed: number, n: number): ContractFacts[] {
  let s = seed;
  const rand = (k: number) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return (s >>> 8) % k;
  };
  const pick = <T>(list: readonly T[]): T => list[rand(list.length)];
  const councils = ['S12000033', 'S12000034', 'S12000041', 'S12000047', 'S12000049', 'S12000013', 'E06000009', 'W06000015'];
  const categories = ['Telephony', 'Finance & ERP', 'Hosting', 'Libraries', 'Not IT', null, null];
  const councilCategories = ['cctv', 'parking systems', null, null, null];
  // Products in their category; one sometimes recorded under another (an analyst's correction, a reseller's row), which joins the two.
  const products = [['Spydus', 'Libraries'], ['Open Revenues', 'Finance & ERP'], ['Gamma Horizon', 'Telephony'], ['Azure', 'Hosting'], ['Mosaic', null]] as const;
  const out: ContractFacts[] = [];
  for (let id = 1; id <= n; id++) {
    const kind = rand(10);
    const product = kind < 4 ? pick(products) : null;
    const serviceCategory = product ? (product[0] === 'Azure' && rand(8) === 0 ? 'Telephony' : product[1]) : pick(categories);
    const group = rand(7);
    const end = addMonths('2027-01-31', rand(48)) as CalendarDate;
    const possible: CalendarDate[] = [];
    let e = end;
    for (let o = rand(3); o > 0; o--) possible.push((e = extendEnd(e, 12)));
    out.push({
      id, council: pick(councils), reference: `R-${id}`, title: null, product: product ? product[0] : null, serviceCategory,
      councilCategory: serviceCategory ? null : pick(councilCategories),
      supplierId: group === 6 ? null : 100 + group * 3 + rand(3), supplier: group === 6 ? null : `Supplier ${group}`,
      supplierGroupId: group === 6 ? null : rand(5) === 0 ? null : group, supplierGroup: group === 6 ? null : `Group ${group}`,
      jointCouncils: rand(30) === 0 ? [pick(councils)] : [],
      annualValue: rand(6) === 0 ? null : (1 + rand(200)) * 1000,
      currentEndDate: rand(25) === 0 ? null : end, possibleEndDates: possible, leadMonths: 12, presumedOptionsTaken: rand(20) === 0 ? 1 : 0,
    });
  }
  return out;
}

/** The findings of every part, put together in the order a whole run gives them. */
function byParts(contracts: ContractFacts[], maxContracts: number): PartFindings & { parts: number } {
  const plan = partitionPlan(contracts, { maxContracts });
  const all: PartFindings = { kept: [], cut: 0, merged: 0, platforms: [], categories: [] };
  plan.sizes.forEach((_, part) => {
    const f = findingsOf(contracts.filter((_, k) => plan.partOf[k] === part), { today: TODAY }, RULES);
    all.kept.push(...f.kept);
    all.cut += f.cut;
    all.merged += f.merged;
    all.platforms.push(...f.platforms);
    all.categories.push(...f.categories);
  });
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { ...all, kept: byId(all.kept), platforms: byId(all.platforms), categories: byId(all.categories), parts: plan.sizes.length };
}

describe('the analysis in parts', () => {
  it.each([[1, 400], [2, 1500], [3, 3000]])('finds in parts exactly what it finds at once (register %i, %i contracts)', (seed, n) => {
    const contracts = register(seed, n);
    const whole = findingsOf(contracts, { today: TODAY }, RULES);
    const parts = byParts(contracts, Math.ceil(n / 6));
    expect(parts.parts).toBeGreaterThan(2);
    expect(whole.kept.length).toBeGreaterThan(3);
    const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(parts.kept).toEqual(byId(whole.kept));
    expect(parts.platforms).toEqual(byId(whole.platforms));
    expect(parts.categories).toEqual(byId(whole.categories));
    expect([parts.cut, parts.merged]).toEqual([whole.cut, whole.merged]);
  });

  it('never puts contracts that share a finding into different parts', () => {
    const contracts = register(7, 2000);
    const plan = partitionPlan(contracts, { maxContracts: 1 });
    const position = new Map(contracts.map((c, k) => [c.id, k]));
    for (const f of collaborativeOpportunities(contracts, { today: TODAY })) {
      expect(new Set(f.contractIds.map((id) => plan.partOf[position.get(id)!])).size).toBe(1);
    }
  });

  it('keeps each part within the limit unless one component is larger, and leaves out what can join nothing', () => {
    const contracts = register(11, 3000);
    const plan = partitionPlan(contracts, { maxContracts: 700 });
    const biggest = Math.max(...plan.sizes);
    expect(plan.sizes.filter((s) => s > 700).length).toBeLessThanOrEqual(1);
    if (biggest > 700) expect(plan.sizes.filter((s) => s === biggest)).toHaveLength(1);
    expect(plan.sizes.reduce((a, b) => a + b, 0)).toBe([...plan.partOf].filter((p) => p >= 0).length);
    // A contract with no product and not IT links to nothing.
    const notIt = contracts.findIndex((c) => !c.product && c.serviceCategory === 'Not IT');
    expect(plan.partOf[notIt]).toBe(-1);
  });

  it('spreads components over at least the parts asked for, when there are enough', () => {
    const plan = partitionPlan(register(5, 2000), { maxContracts: 1_000_000, minParts: 3 });
    expect(plan.sizes.length).toBeGreaterThanOrEqual(3);
    expect(plan.components).toBeGreaterThanOrEqual(3);
  });
  it('makes one part at most whenever fitsOnePart says the contracts fit in one (the analysis then makes no plan)', () => {
    for (const seed of [3, 17, 29]) {
      const contracts = register(seed, 400);
      for (const limits of [{ maxContracts: 400 }, { maxContracts: 1000 }, { maxContracts: 400, minParts: 1 }, { maxContracts: 399 }, { maxContracts: 400, minParts: 2 }]) {
        const one = fitsOnePart(contracts.length, limits);
        expect(one).toBe(limits.maxContracts >= 400 && (limits.minParts ?? 1) <= 1);
        if (one) expect(partitionPlan(contracts, limits).sizes.length).toBeLessThanOrEqual(1);
        else if (limits.minParts === 2) expect(partitionPlan(contracts, limits).sizes.length).toBeGreaterThan(1);
      }
    }
  });
});


describe('a supplier group’s contracts that give no category', () => {
  const base = { reference: null, title: null, product: null, councilCategory: null, supplier: 'Idox', supplierGroup: 'Idox', jointCouncils: [], possibleEndDates: [], leadMonths: 12, annualValue: 50_000 };
  const row = (id: number, council: string, serviceCategory: string | null, end: CalendarDate, supplierId = 1): ContractFacts =>
    ({ ...base, id, council, serviceCategory, supplierId, supplierGroupId: 9, currentEndDate: end });

  it('join a finding in the group’s main category, not in another', () => {
    const contracts = [
      row(1, 'S12000047', 'Planning', '2028-03-31'), row(2, 'S12000041', 'Planning', '2028-04-30'), row(3, 'S12000013', 'Planning', '2030-01-31'),
      row(4, 'S12000049', 'Document management', '2028-05-31'), row(5, 'S12000033', 'Document management', '2028-06-30'),
      row(6, 'S12000034', null, '2028-05-31'),
    ];
    const found = collaborativeOpportunities(contracts, { today: TODAY });
    const planning = found.find((f) => f.key.endsWith('|Planning'))!;
    const documents = found.find((f) => f.key.endsWith('|Document management'))!;
    expect(planning.contractIds).toContain(6);
    expect(documents.contractIds).not.toContain(6);
  });

  it('do not join when the register says they are not IT', () => {
    const contracts = [row(1, 'S12000047', 'Planning', '2028-03-31'), row(2, 'S12000041', 'Planning', '2028-04-30'), row(3, 'S12000034', 'Not IT', '2028-05-31')];
    const [f] = collaborativeOpportunities(contracts, { today: TODAY });
    expect([...f.contractIds].sort()).toEqual([1, 2]);
  });
});
