import { CalendarDate } from '@app/ingest';
import { extendEnd } from '@app/renewals';
import { collaborativeOpportunities, ContractFacts } from './collaborative';

// Groups must hold together when one council spells its supplier differently (same supplier
// group, different canonical supplier), names no product, or leaves the category blank.
const TODAY = '2026-11-30';
let nextId = 1;

function contract(council: string, end: CalendarDate, options: number[], extra: Partial<ContractFacts>): ContractFacts {
  const possible: CalendarDate[] = [];
  let e = end;
  for (const o of options) possible.push((e = extendEnd(e, o)));
  return {
    id: nextId++, council, reference: `R-${nextId}`, title: null, product: null, serviceCategory: null, supplierId: null, supplier: null,
    annualValue: 10_000, currentEndDate: end, possibleEndDates: possible, leadMonths: 12, ...extra,
  };
}

describe('collaborative groups that hold together on messy registers', () => {
  it('counts councils buying from one supplier group as the same supplier, however each spells it', () => {
    const a = contract('S12000047', '2028-03-31', [], { supplierId: 1, supplier: 'Civica UK Ltd', supplierGroupId: 100, supplierGroup: 'Civica', serviceCategory: 'Housing' });
    const b = contract('S12000041', '2028-06-30', [], { supplierId: 2, supplier: 'Civica Services', supplierGroupId: 100, supplierGroup: 'Civica', serviceCategory: 'Housing' });
    const [o] = collaborativeOpportunities([a, b], { today: TODAY });
    expect(o).toMatchObject({ basis: 'supplier-category', councils: ['S12000041', 'S12000047'] });
    expect(o.label).toBe('Same supplier and category: Civica, Housing');
  });

  it('takes into a product opportunity a contract of the same supplier group and category whose product was not named', () => {
    const a = contract('S12000047', '2028-03-31', [], { product: 'Spydus', serviceCategory: 'Libraries', supplierId: 1, supplierGroupId: 100 });
    const b = contract('S12000041', '2027-03-31', [12], { product: 'Spydus', serviceCategory: 'Libraries', supplierId: 1, supplierGroupId: 100 });
    const c = contract('S12000049', '2028-01-31', [], { product: null, serviceCategory: 'Libraries', supplierId: 2, supplierGroupId: 100 });
    const other = contract('S12000013', '2028-01-31', [], { product: null, serviceCategory: 'Libraries', supplierId: 3, supplierGroupId: 300 });
    const found = collaborativeOpportunities([a, b, c, other], { today: TODAY });
    const product = found.find((o) => o.basis === 'product')!;
    expect([...product.contractIds].sort((x, y) => x - y)).toEqual([a.id, b.id, c.id]);
    expect(product.why.join(' ')).toMatch(/joins from the same supplier group/);
  });

  it('takes into a supplier-group opportunity a contract of that group with no category', () => {
    const a = contract('S12000047', '2028-03-31', [], { serviceCategory: 'Telephony', supplierId: 1, supplierGroupId: 7 });
    const b = contract('S12000041', '2028-05-31', [], { serviceCategory: 'Telephony', supplierId: 1, supplierGroupId: 7 });
    const c = contract('S12000049', '2027-05-31', [12], { serviceCategory: null, supplierId: 4, supplierGroupId: 7 });
    const [o] = collaborativeOpportunities([a, b, c], { today: TODAY });
    expect([...o.contractIds].sort((x, y) => x - y)).toEqual([a.id, b.id, c.id]);
    expect(o.plan.find((p) => p.contractId === c.id)?.optionsTaken).toBe(1);
  });

  it('takes into a category opportunity, for a council not yet in it, a contract with no category from the supplier group of a member', () => {
    const a = contract('S12000047', '2028-03-31', [], { serviceCategory: 'Telephony', supplierId: 1, supplierGroupId: 7 });
    const b = contract('S12000041', '2028-05-31', [], { serviceCategory: 'Telephony', supplierId: 2, supplierGroupId: 8 });
    const c = contract('S12000013', '2028-07-31', [], { serviceCategory: 'Telephony', supplierId: 3, supplierGroupId: 9 });
    const blank = contract('S12000049', '2027-10-31', [6], { serviceCategory: null, supplierId: 4, supplierGroupId: 7 });
    const stranger = contract('S12000045', '2028-04-30', [], { serviceCategory: null, supplierId: 5, supplierGroupId: 99 });
    const sameCouncil = contract('S12000041', '2028-04-30', [], { serviceCategory: null, supplierId: 6, supplierGroupId: 8 });
    const found = collaborativeOpportunities([a, b, c, blank, stranger, sameCouncil], { today: TODAY });
    const category = found.find((o) => o.basis === 'category')!;
    expect([...category.contractIds].sort((x, y) => x - y)).toEqual([a.id, b.id, c.id, blank.id]);
    expect(category.plan.find((p) => p.contractId === blank.id)?.optionsTaken).toBe(1);
    expect(category.why.join(' ')).toMatch(/no category given/);
  });

  it("groups councils on their own category name when it maps onto no service category, and never on 'Not IT'", () => {
    const a = contract('S12000047', '2028-03-31', [], { councilCategory: 'cctv', supplierId: 1 });
    const b = contract('S12000041', '2028-05-31', [], { councilCategory: 'cctv', supplierId: 2 });
    const c = contract('S12000049', '2028-05-31', [], { serviceCategory: 'Not IT', supplierId: 3 });
    const d = contract('S12000013', '2028-05-31', [], { serviceCategory: 'Not IT', supplierId: 4 });
    const found = collaborativeOpportunities([a, b, c, d], { today: TODAY });
    expect(found).toHaveLength(1);
    expect(found[0].basis).toBe('category');
    expect([...found[0].contractIds].sort((x, y) => x - y)).toEqual([a.id, b.id]);
  });

  it('adds the partners of a joint contract to the councils and says they already buy together', () => {
    const a = contract('E06000009', '2028-03-31', [], { product: 'Open Revenues', jointCouncils: ['E07000128'] });
    const b = contract('E07000118', '2028-04-30', [], { product: 'Open Revenues' });
    const [o] = collaborativeOpportunities([a, b], { today: TODAY });
    expect(o.councils).toEqual(['E06000009', 'E07000118', 'E07000128']);
    expect(o.why.join(' ')).toMatch(/E06000009 and E07000128 already buy this jointly/);
  });

  it('finds councils on different products and suppliers together at the category level, beside the product finding', () => {
    const a = contract('S12000034', '2028-11-30', [12], { product: 'Contact Centre', serviceCategory: 'Telephony', supplierId: 1, supplierGroupId: 1 });
    const b = contract('S12000018', '2026-06-30', [24], { product: 'Contact Centre', serviceCategory: 'Telephony', supplierId: 1, supplierGroupId: 1, presumedOptionsTaken: 0 });
    const c = contract('S12000026', '2027-10-31', [12, 12], { serviceCategory: 'Telephony', supplierId: 2, supplierGroupId: 2 });
    const found = collaborativeOpportunities([a, b, c], { today: TODAY });
    const byBasis = Object.fromEntries(found.map((o) => [o.basis, [...o.contractIds].sort((x, y) => x - y)]));
    expect(byBasis).toEqual({ product: [a.id, b.id], category: [a.id, b.id, c.id] });
  });

  it('does not repeat at the category level a finding that holds nothing more', () => {
    const a = contract('S12000047', '2028-03-31', [], { product: 'Spydus', serviceCategory: 'Libraries', supplierId: 1, supplierGroupId: 1 });
    const b = contract('S12000041', '2028-06-30', [], { product: 'Spydus', serviceCategory: 'Libraries', supplierId: 1, supplierGroupId: 1 });
    expect(collaborativeOpportunities([a, b], { today: TODAY }).map((o) => o.basis)).toEqual(['product']);
  });

  it('keeps at the category level every alignment no other holds, so a council that fits two is in both', () => {
    const tel = (council: string, end: CalendarDate, options: number[], supplierId: number) => contract(council, end, options, { serviceCategory: 'Telephony', supplierId, supplierGroupId: supplierId });
    // C can end in 2028 or, taking its option, in 2030: with D, E and F in 2028, or with A and B in 2030.
    const c = tel('S12000003', '2028-06-30', [24], 3);
    const others = [tel('S12000001', '2030-05-31', [], 1), tel('S12000002', '2030-08-31', [], 2), tel('S12000004', '2028-05-31', [], 4), tel('S12000005', '2028-07-31', [], 5), tel('S12000006', '2028-09-30', [], 6)];
    const found = collaborativeOpportunities([c, ...others], { today: TODAY }).filter((o) => o.basis === 'category');
    const sets = found.map((o) => [...o.contractIds].sort((x, y) => x - y));
    expect(sets).toContainEqual([c.id, others[2].id, others[3].id, others[4].id].sort((x, y) => x - y));
    expect(sets).toContainEqual([others[0].id, others[1].id, c.id].sort((x, y) => x - y));
  });
});
