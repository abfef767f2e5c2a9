import { ContractFacts, findingsOf, partitionPlan } from '@app/opportunities';
import { buffersOf, FactsColumnsWriter, factsOf as viewsOf, plainFacts, planOfColumns, PartSelection, FactsColumns } from './facts-columns';

/** The facts as plain objects, to compare with what was written. */
const factsOf = (parts: FactsColumns[], only?: PartSelection) => viewsOf(parts, only).map(plainFacts);

function fact(over: Partial<ContractFacts>): ContractFacts {
  return {
    id: 1, council: 'S12000033', reference: 'R-1', title: null, product: null, serviceCategory: null, supplierId: null, supplier: null, supplierGroupId: null,
    supplierGroup: null, councilCategory: null, jointCouncils: [], annualValue: null, currentEndDate: null, possibleEndDates: [], leadMonths: 12, presumedOptionsTaken: 0, ...over,
  };
}

function columnsOf(facts: ContractFacts[]) {
  const w = new FactsColumnsWriter(facts.length);
  for (const f of facts) w.add(f);
  return w.finish();
}

describe('contracts facts as columns (what a reading thread hands back)', () => {
  const ends = ['2027-03-31', '2028-03-31'];
  const a = [
    fact({ id: 7, reference: 'ABC/1', product: 'Spydus', serviceCategory: 'Libraries', supplierId: 3, supplier: 'Civica UK Ltd', supplierGroupId: 'civica-group', supplierGroup: 'Civica',
      annualValue: 12_345.67, currentEndDate: '2026-03-31', possibleEndDates: ends, leadMonths: 18, presumedOptionsTaken: 1 }),
    fact({ id: 9, reference: null, councilCategory: 'ict', jointCouncils: ['S12000041', 'S12000047'], annualValue: 0, supplierGroupId: 42, currentEndDate: '2027-06-30', possibleEndDates: [...ends] }),
    fact({ id: 12, reference: '', council: 'S12000041', supplier: 'Name as written', annualValue: null }),
    fact({ id: 13, reference: 'Ünïcode — ref', council: 'S12000041', product: 'Spydus' }),
  ];
  const b = [fact({ id: 20, reference: 'B/1', council: 'S12000047', product: 'Spydus', possibleEndDates: ends, jointCouncils: ['S12000041', 'S12000047'] })];

  it('gives back every fact as it was, in order, across parts', () => {
    expect(factsOf([columnsOf(a), columnsOf(b)])).toEqual([...a, ...b]);
  });

  it('keeps one copy of each list and value across parts', () => {
    const out = viewsOf([columnsOf(a), columnsOf(b)]);
    expect(out[0].possibleEndDates).toBe(out[1].possibleEndDates);
    expect(out[0].possibleEndDates).toBe(out[4].possibleEndDates);
    expect(out[1].jointCouncils).toBe(out[4].jointCouncils);
    expect(Object.isFrozen(out[0].possibleEndDates)).toBe(true);
    expect(out[2].jointCouncils).toEqual([]);
  });

  it('hands over its numbers in buffers that can be moved to another thread', () => {
    const c = columnsOf(a);
    const buffers = buffersOf(c);
    expect(new Set(buffers).size).toBe(buffers.length);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(c, buffers);
    port1.close();
    port2.close();
    expect(c.id.length).toBe(0);
  });

  it('makes room for more contracts than it was made for, and hands on columns of their length', () => {
    const w = new FactsColumnsWriter(1);
    for (const f of [...a, ...b]) w.add(f);
    const c = w.finish();
    expect(c.id.length).toBe(a.length + b.length);
    expect(factsOf([c])).toEqual([...a, ...b]);
  });

  it('plans parts from the columns as from the facts themselves', () => {
    const more = [
      fact({ id: 30, product: 'Mosaic', serviceCategory: 'Social care', supplierId: 8, supplierGroupId: 'servelec' }),
      fact({ id: 31, serviceCategory: null, supplierId: 9, supplierGroupId: 'servelec' }),
      fact({ id: 32, serviceCategory: 'Not IT', supplierId: 10 }),
    ];
    const limits = { maxContracts: 2 };
    const plan = planOfColumns([columnsOf(a), columnsOf([...b, ...more])], limits);
    expect(plan).toEqual(partitionPlan([...a, ...b, ...more], limits));
    expect(plan.partOf[6]).toBe(plan.partOf[5]);
    expect(plan.partOf[7]).toBe(-1);
  });

  it('keeps 32-bit ids while they fit, and every id when one does not', () => {
    expect(columnsOf(a).id).toBeInstanceOf(Int32Array);
    const big = [...a, fact({ id: 5_000_000_123, leadMonths: 18.5 })];
    const c = columnsOf(big);
    expect(c.id).toBeInstanceOf(Float64Array);
    expect(factsOf([c])).toEqual(big);
  });

  it('makes the facts of one part of a plan only, in order', () => {
    const all = [...a, ...b];
    const partOf = Int32Array.from(all.map((_, k) => (k % 2 === 0 ? 1 : 0)));
    expect(factsOf([columnsOf(a), columnsOf(b)], { partOf, part: 1 })).toEqual(all.filter((_, k) => k % 2 === 0));
  });

  it('gives the engine the same findings as the facts themselves (read from the columns, references only when named)', () => {
    const councils = ['S12000033', 'S12000034', 'S12000041', 'S12000047', 'S12000049'];
    const register = Array.from({ length: 60 }, (_, k) =>
      fact({
        id: 100 + k, council: councils[k % 5], reference: k % 7 === 0 ? null : `REF/${k}/ü`, product: k % 3 === 0 ? null : ['Spydus', 'Mosaic'][k % 2],
        serviceCategory: k % 4 === 0 ? null : ['Libraries', 'Social care'][k % 2], supplierId: 3 + (k % 2), supplier: `Supplier ${k % 2}`, supplierGroupId: `group-${k % 2}`,
        annualValue: k % 9 === 0 ? null : 20_000 + k * 1_000, currentEndDate: `2027-0${1 + (k % 9)}-28`, possibleEndDates: k % 2 ? ['2028-03-31'] : [],
        jointCouncils: k % 11 === 0 ? [councils[(k + 1) % 5]] : [], presumedOptionsTaken: k % 13 === 0 ? 1 : 0,
      }),
    );
    const options = { today: '2026-11-30' };
    const rules = { minCouncils: 2, minAnnualValue: 10_000 };
    const fromPlain = findingsOf(register, options, rules);
    const fromColumns = findingsOf(viewsOf([columnsOf(register.slice(0, 25)), columnsOf(register.slice(25))]), options, rules);
    expect(fromPlain.kept.length).toBeGreaterThan(0);
    expect(fromColumns).toEqual(fromPlain);
  });

  it('hands on 16-bit columns where every value fits, 32-bit where one does not, and the same facts either way', () => {
    const c = columnsOf(a);
    for (const k of ['council', 'product', 'supplierId', 'currentEndDate', 'possibleEndDates', 'referenceLength', 'leadMonths'] as const) expect(c[k]).toBeInstanceOf(Int16Array);
    expect(c.council.length).toBe(a.length);
    // More distinct suppliers than 16 bits can index, and a supplier id beyond them.
    const many = Array.from({ length: 33_000 }, (_, k) => fact({ id: k + 1, supplier: `Supplier ${k}`, supplierId: k === 5 ? 70_000 : k % 100, council: ['S12000033', 'S12000041'][k % 2] }));
    const wide = columnsOf(many);
    expect(wide.supplier).toBeInstanceOf(Int32Array);
    expect(wide.supplierId).toBeInstanceOf(Int32Array);
    expect(wide.council).toBeInstanceOf(Int16Array);
    expect(factsOf([wide])).toEqual(many);
    expect(factsOf([c])).toEqual(a);
  });
});
