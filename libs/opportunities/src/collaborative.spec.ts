import { addMonths, CalendarDate } from '@app/ingest';
import { extendEnd } from '@app/renewals';
import { collaborativeOpportunities, ContractFacts } from './collaborative';
import { categoryLandscapes, platformCommunities } from './platform';

const TODAY = '2026-11-22';
let nextId = 1;

function contract(council: string, product: string | null, end: CalendarDate, options: number[] = [], extra: Partial<ContractFacts> = {}): ContractFacts {
  const possible: CalendarDate[] = [];
  let e = end;
  for (const o of options) possible.push((e = extendEnd(e, o)));
  return {
    id: nextId++, council, reference: `R-${nextId}`, title: product, product, serviceCategory: 'Finance & ERP', supplierId: 1, supplier: 'Supplier',
    annualValue: 10_000, currentEndDate: end, possibleEndDates: possible, leadMonths: 12, ...extra,
  };
}

describe('collaborativeOpportunities', () => {
  it('brings ends together with the options each council still has, and says how', () => {
    const fife = contract('S12000047', 'Open Revenues', '2027-03-31', [12]);
    const angus = contract('S12000041', 'Open Revenues', '2028-02-29');
    const [o] = collaborativeOpportunities([fife, angus], { today: TODAY, councilNames: { S12000047: 'Fife', S12000041: 'Angus' } });
    expect(o).toMatchObject({ basis: 'product', key: 'Open Revenues', councils: ['S12000041', 'S12000047'], annualValue: 20_000 });
    expect(o.plan.map((p) => p.action)).toEqual(['S12000041 Angus: end as planned on 29/02/2028', 'S12000047 Fife: take the next extension option to 31/03/2028']);
    expect(o.earliestDecisionDate).toBe('2027-03-01');
    expect(o.why.join(' ')).toMatch(/using extension options/);
  });

  it('finds nothing when the ends cannot be brought within the window', () => {
    expect(collaborativeOpportunities([contract('S12000047', 'Mosaic', '2027-03-31'), contract('S12000041', 'Mosaic', '2029-06-30')], { today: TODAY })).toEqual([]);
  });

  it('ignores ends already past', () => {
    expect(collaborativeOpportunities([contract('S12000047', 'Mosaic', '2025-03-31'), contract('S12000041', 'Mosaic', '2025-06-30')], { today: TODAY })).toEqual([]);
  });

  it('keeps ids stable while membership is, and changes them when it changes', () => {
    const a = contract('S12000047', 'Mosaic', '2027-03-31');
    const b = contract('S12000041', 'Mosaic', '2027-06-30');
    const c = contract('S12000049', 'Mosaic', '2027-09-30');
    const first = collaborativeOpportunities([a, b], { today: TODAY })[0].id;
    expect(collaborativeOpportunities([b, a], { today: '2026-12-01' })[0].id).toBe(first);
    expect(collaborativeOpportunities([a, b, c], { today: TODAY })[0].id).not.toBe(first);
  });

  it('finds every planted group among thousands of contracts, each in one opportunity of its own product', () => {
    nextId = 1;
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const councils = Array.from({ length: 32 }, (_, i) => `S12${String(i).padStart(6, '0')}`);
    const products = Array.from({ length: 60 }, (_, i) => `Noise product ${i}`);
    const all: ContractFacts[] = [];
    // Noise: 4,000 contracts with random products, councils and ends over six years.
    for (let i = 0; i < 4000; i++) {
      const end = addMonths('2026-12-31', Math.floor(random() * 72));
      all.push(contract(councils[Math.floor(random() * 32)], products[Math.floor(random() * 60)], end, random() < 0.5 ? [12, 12] : [], {
        serviceCategory: ['Finance & ERP', 'Housing', 'CRM', 'Telephony'][Math.floor(random() * 4)], supplierId: 100 + Math.floor(random() * 40),
      }));
    }
    // Six planted products, each for 3-7 councils whose contracts end within six months of each other,
    // some only by taking an option.
    const planted = new Map<string, number[]>();
    for (let p = 0; p < 6; p++) {
      const product = `Planted platform ${p}`;
      const size = 3 + p % 5;
      const base = addMonths('2027-06-30', p * 7);
      const ids: number[] = [];
      for (let k = 0; k < size; k++) {
        const council = councils[(p * 5 + k * 3) % 32];
        const viaOption = k % 3 === 2;
        const end = viaOption ? addMonths(base, -12 + (k % 4)) : addMonths(base, k % 4);
        // Each product from its own supplier, as products are.
        const c = contract(council, product, end, viaOption ? [12] : [], { annualValue: 50_000 + k * 1000, supplierId: 200 + p });
        all.push(c);
        ids.push(c.id);
      }
      planted.set(product, ids);
    }
    const found = collaborativeOpportunities(all, { today: TODAY });
    // The same findings whatever order the contracts come in (ties are broken by contract id, not position).
    const shuffled = [...all].sort((a, b) => ((a.id * 7919) % 4099) - ((b.id * 7919) % 4099) || a.id - b.id);
    expect(collaborativeOpportunities(shuffled, { today: TODAY })).toEqual(found);
    expect(categoryLandscapes(shuffled).map((l) => [l.category, l.hhi, l.councils])).toEqual(categoryLandscapes(all).map((l) => [l.category, l.hhi, l.councils]));
    for (const [product, ids] of planted) {
      // One finding at the product and supplier level; the category level may hold them again beside other councils.
      const holding = found.filter((o) => o.basis !== 'category' && o.contractIds.some((id) => ids.includes(id)));
      expect({ product, opportunities: holding.length }).toEqual({ product, opportunities: 1 });
      expect(holding[0]).toMatchObject({ basis: 'product', key: product });
      expect([...holding[0].contractIds].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    }
  });
});

describe('common platforms', () => {
  const list = [
    contract('S12000047', 'Mosaic', '2027-03-31', [], { serviceCategory: 'Social care case management', supplierId: 1, supplier: 'The Access Group', annualValue: 300_000 }),
    contract('S12000041', 'Mosaic', '2028-03-31', [], { serviceCategory: 'Social care case management', supplierId: 1, supplier: 'The Access Group', annualValue: 100_000 }),
    contract('S12000049', 'Eclipse', '2028-03-31', [], { serviceCategory: 'Social care case management', supplierId: 2, supplier: 'Civica UK Ltd', annualValue: 100_000 }),
    contract('S12000033', null, '2028-03-31', [], { serviceCategory: 'Social care case management', supplierId: 3, supplier: 'Local Ltd', annualValue: 0 }),
  ];

  it('names user communities of councils on the same product', () => {
    const [mosaic] = platformCommunities(list);
    expect(mosaic).toMatchObject({ product: 'Mosaic', councils: ['S12000041', 'S12000047'], contracts: 2, annualValue: 400_000, suppliers: ['The Access Group'] });
  });

  it('measures fragmentation and supplier concentration per category (HHI on value)', () => {
    const [social] = categoryLandscapes(list);
    expect(social.products.map((p) => p.product)).toEqual(['Mosaic', 'Eclipse']);
    expect(social.unclassifiedCouncils).toEqual(['S12000033']);
    expect(social.suppliers[0]).toMatchObject({ supplier: 'The Access Group', councils: 2, councilShare: 0.5, valueShare: 0.8 });
    expect(social.hhi).toBe(6800); // 80² + 20² + 0²
  });
});
