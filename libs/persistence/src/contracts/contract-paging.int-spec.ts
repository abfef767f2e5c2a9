import { DatabaseConfig } from '@app/config';
import { allCouncils, oneCouncil } from '../council-scope';
import { ContractSort, CONTRACT_SORTS } from '../repositories/contracts.repository';
import { ContractEntity } from '../entities/contract.entity';
import { CursorError, decodeCursor, DEFAULT_PAGE_LIMIT, encodeCursor, pageLimit } from '../paging';
import { TEST_DATABASES } from '../../../../test/support/databases';
import { importBytes, openStack, Stack } from '../../../../test/support/stack';

const ANGUS = 'S12000041';
const CLACKMANNANSHIRE = 'S12000005';
const STIRLING = 'S12000030';
const HEADER = 'Contract Reference,Contract Title,Supplier Name,End Date,Annual Value';
const TITLES = [['Open Revenues support', 'Civica UK Ltd'], ['Spydus library management system', 'Civica UK Ltd'], ['Grounds maintenance', 'Idverde Ltd'], ['Mosaic social care case management', 'Servelec Ltd']];

/** `n` contracts from `from`: several share an end date and a value, some have none, so ties and unknowns are paged too. */
function register(from: number, n: number): string {
  const rows = Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const [title, supplier] = TITLES[i % TITLES.length];
    const end = i % 7 === 0 ? '' : `${String((i % 28) + 1).padStart(2, '0')}/03/${2026 + (i % 3)}`;
    const value = i % 5 === 0 ? '' : String(1000 * (i % 9));
    return `P-${i},${title},${supplier},${end},${value}`;
  });
  return [HEADER, ...rows].join('\n');
}

describe.each(TEST_DATABASES)('paged contracts on $name', (db) => {
  let config: DatabaseConfig;
  let stack: Stack;

  beforeEach(async () => {
    config = db.config();
    stack = await openStack(config);
    expect((await importBytes(stack, 'fife.csv', register(0, 130), ANGUS, 'full')).record.status).toBe('completed');
    await stack.refresh.run();
  }, 120_000);

  afterEach(async () => {
    await stack.close();
    await db.drop(config);
  });

  it.each(CONTRACT_SORTS.map((s) => [s]))('pages by %s in a stable order, with no row twice or missed while rows are added', async (sort: ContractSort) => {
    const before = new Set((await stack.contracts.findAll(allCouncils, {})).map((c) => c.id));
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let n = 0; ; n++) {
      const page = await stack.contracts.page(allCouncils, {}, { sort, limit: 17, cursor });
      seen.push(...page.items.map((c) => c.id));
      // Between page requests another upload adds contracts (an update adds and retires nothing).
      if (n === 2) expect((await importBytes(stack, `more-${sort}.csv`, register(1000, 40), ANGUS, 'update')).record.status).toBe('completed');
      if (!page.next) break;
      cursor = page.next;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
    expect(seen.length).toBeGreaterThanOrEqual(before.size);
  }, 120_000);

  it('gives pages in the order the sort states, id breaking ties', async () => {
    const rows = [];
    for (let cursor: string | null = null; ;) {
      const page = await stack.contracts.page(allCouncils, {}, { sort: 'annualValue', limit: 11, cursor });
      rows.push(...page.items);
      if (!page.next) break;
      cursor = page.next;
    }
    expect(rows).toHaveLength(130);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(a.valueSort > b.valueSort || (a.valueSort === b.valueSort && a.id > b.id)).toBe(true);
    }
    // Unknown values come last.
    expect(rows.at(-1)!.annualValue).toBeNull();
    const byEnd = (await stack.contracts.page(allCouncils, {}, { sort: 'endDate', limit: 500 })).items.map((c) => c.endSort);
    expect(byEnd).toEqual([...byEnd].sort());
    expect(byEnd.at(-1)).toBe('9999-12-31');
  });

  it('bounds a page when no limit is given, and round-trips its cursor', async () => {
    const first = await stack.contracts.page(allCouncils, {}, { sort: 'council', limit: pageLimit(undefined) });
    expect(first.items).toHaveLength(DEFAULT_PAGE_LIMIT);
    expect(first.total).toBe(130);
    const at = decodeCursor(first.next!, 'council', 2);
    const last = first.items.at(-1)!;
    expect(at).toEqual({ sort: 'council', keys: [last.councilCode, last.endSort], id: last.id });
    expect(encodeCursor(at)).toBe(first.next);
    expect(pageLimit(10_000)).toBe(500);
    // A cursor of another order, or one cut short, is refused rather than misread.
    await expect(stack.contracts.page(allCouncils, {}, { sort: 'endDate', limit: 5, cursor: first.next })).rejects.toThrow(CursorError);
    expect(() => decodeCursor(first.next!.slice(0, 10), 'council', 2)).toThrow(CursorError);
  });

  it('filters by category and product from the columns stored with each contract', async () => {
    const records = await stack.readModel.present(await stack.contracts.findAll(allCouncils, {}));
    const libraries = records.filter((c) => c.serviceCategory === 'Libraries').map((c) => c.id).sort((a, b) => a - b);
    expect(libraries.length).toBeGreaterThan(10);
    const page = await stack.contracts.page(allCouncils, { serviceCategory: 'LIBRARIES' }, { sort: 'council', limit: 500 });
    expect(page.items.map((c) => c.id).sort((a, b) => a - b)).toEqual(libraries);
    expect(page.total).toBe(libraries.length);
    const product = records.find((c) => c.product !== null)!.product!;
    const withProduct = records.filter((c) => c.product === product).map((c) => c.id).sort((a, b) => a - b);
    expect(withProduct.length).toBeGreaterThan(10);
    expect((await stack.contracts.page(allCouncils, { product: product.toLowerCase() }, { sort: 'council', limit: 500 })).items.map((c) => c.id).sort((a, b) => a - b)).toEqual(withProduct);

    // The filter reads the stored column: blanked, the rows drop out; the analysis's pass stores them again.
    await stack.dataSource.query('UPDATE contracts SET category_key = NULL, classified_at = NULL');
    expect((await stack.contracts.page(allCouncils, { serviceCategory: 'Libraries' }, { sort: 'council', limit: 500 })).total).toBe(0);
    expect(await stack.classification.reclassifyAll()).toBe(130);
    expect((await stack.contracts.page(allCouncils, { serviceCategory: 'Libraries' }, { sort: 'council', limit: 500 })).total).toBe(libraries.length);
  });

  it('stores the canonical supplier, so filtering by supplier id and sorting by supplier agree with the read model', async () => {
    const records = await stack.readModel.present(await stack.contracts.findAll(allCouncils, {}));
    const civica = records.find((c) => c.supplierName === 'Civica UK Ltd')!;
    expect(civica.supplierId).not.toBeNull();
    const page = await stack.contracts.page(allCouncils, { supplierId: civica.supplierId! }, { sort: 'supplier', limit: 500 });
    expect(page.items.map((c) => c.id).sort((a, b) => a - b)).toEqual(records.filter((c) => c.supplierId === civica.supplierId).map((c) => c.id).sort((a, b) => a - b));
    const bySupplier = (await stack.contracts.page(allCouncils, {}, { sort: 'supplier', limit: 500 })).items.map((c) => c.supplierSort);
    expect(bySupplier).toEqual([...bySupplier].sort());
  });
  it('pages a council\'s own and joint contracts together: the same rows as before the split, in order, forward, back and by page number', async () => {
    // Stirling leads some contracts; others are Clackmannanshire's and Stirling's jointly (Clackmannanshire leading).
    const rows = ['Council,Contract Reference,Contract Title,Supplier Name,End Date,Annual Value'];
    for (let i = 0; i < 45; i++) {
      const buyer = i % 3 === 0 ? 'Clackmannanshire Council & Stirling Council' : i % 3 === 1 ? 'Stirling Council' : 'Clackmannanshire Council';
      rows.push(`${buyer},J-${i},Service ${i},${TITLES[i % 4][1]},${String((i % 28) + 1).padStart(2, '0')}/0${1 + (i % 9)}/2027,${i % 5 === 0 ? '' : 1000 * (i % 7)}`);
    }
    expect((await importBytes(stack, 'joint.csv', rows.join('\n'), null, 'update')).record.status).toBe('completed');
    await stack.refresh.run();
    const scope = oneCouncil(STIRLING);
    // findAll still reads the scope as one condition (own OR joint naming it): what the list gave before.
    const expected = await stack.contracts.findAll(scope, {});
    expect(expected.filter((c) => c.councilCode === CLACKMANNANSHIRE)).toHaveLength(15);
    expect(expected).toHaveLength(30);
    const ids = (cs: ContractEntity[]) => cs.map((c) => c.id);
    for (const sort of CONTRACT_SORTS) {
      // The order the sort states: the whole register in that order, narrowed to Stirling's rows.
      const wanted = new Set(ids(expected));
      const inOrder = ids((await stack.contracts.page(allCouncils, {}, { sort, limit: 500 })).items).filter((id) => wanted.has(id));
      const pages: ContractEntity[][] = [];
      for (let cursor: string | null = null; ;) {
        const page = await stack.contracts.page(scope, {}, { sort, limit: 7, cursor });
        expect(page.total).toBe(30);
        pages.push(page.items);
        if (!page.next) break;
        cursor = page.next;
      }
      expect(pages.flat().map((c) => c.id)).toEqual(inOrder);
      // Back from the third page gives the second; page 3 by number gives the third.
      const third = await stack.contracts.page(scope, {}, { sort, limit: 7, offset: 14 });
      expect(ids(third.items)).toEqual(ids(pages[2]));
      const back = await stack.contracts.page(scope, {}, { sort, limit: 7, before: third.previous });
      expect(ids(back.items)).toEqual(ids(pages[1]));
    }
    // Filters apply to both parts, and the totals add up.
    const supplierId = (await stack.readModel.present(expected)).find((c) => c.supplierName === TITLES[0][1])!.supplierId!;
    const civica = await stack.contracts.page(scope, { supplierId }, { sort: 'council', limit: 500 });
    expect(ids(civica.items).sort((a, b) => a - b)).toEqual(ids((await stack.contracts.findAll(scope, { supplierId }))).sort((a, b) => a - b));
    expect(civica.total).toBe(civica.items.length);
    expect(civica.items.some((c) => c.councilCode === CLACKMANNANSHIRE)).toBe(true);
  }, 120_000);

  it('sorts by council by the council\'s name, not its GSS code, forward, back, by page number and in downloads', async () => {
    // Eilean Siar (S12000013) sorts before Stirling (S12000030) by code, after Angus (S12000041) by name.
    const EILEAN_SIAR = 'S12000013';
    for (const code of [EILEAN_SIAR, STIRLING, CLACKMANNANSHIRE]) {
      expect((await importBytes(stack, `${code}.csv`, register(2000 + Number(code.slice(-3)), 12), code, 'full')).record.status).toBe('completed');
    }
    await stack.refresh.run();
    const councilsInOrder = (cs: ContractEntity[]) => cs.map((c) => c.councilCode).filter((c, i, all) => i === 0 || all[i - 1] !== c);
    const pages: ContractEntity[][] = [];
    for (let cursor: string | null = null; ;) {
      const page = await stack.contracts.page(allCouncils, {}, { sort: 'council', limit: 9, cursor });
      expect(page.total).toBe(130 + 36);
      pages.push(page.items);
      if (!page.next) break;
      cursor = page.next;
    }
    const all = pages.flat();
    expect(all).toHaveLength(166);
    expect(new Set(all.map((c) => c.id)).size).toBe(166);
    expect(councilsInOrder(all)).toEqual([ANGUS, CLACKMANNANSHIRE, EILEAN_SIAR, STIRLING]);
    // Within a council, by current end (unknown last), id breaking ties.
    for (const code of [ANGUS, EILEAN_SIAR]) {
      const own = all.filter((c) => c.councilCode === code);
      for (let i = 1; i < own.length; i++) expect(own[i - 1].endSort < own[i].endSort || (own[i - 1].endSort === own[i].endSort && own[i - 1].id < own[i].id)).toBe(true);
    }
    const ids = (cs: ContractEntity[]) => cs.map((c) => c.id);
    // Page 16 by number (across the Angus / Clackmannanshire boundary), and back from it.
    const byNumber = await stack.contracts.page(allCouncils, {}, { sort: 'council', limit: 9, offset: 135 });
    expect(ids(byNumber.items)).toEqual(ids(pages[15]));
    const back = await stack.contracts.page(allCouncils, {}, { sort: 'council', limit: 9, before: byNumber.previous });
    expect(ids(back.items)).toEqual(ids(pages[14]));
    // A download reads in the same order.
    const exported: ContractEntity[] = [];
    for await (const page of stack.contracts.inOrder(allCouncils, {}, 'council', 10)) exported.push(...page);
    expect(ids(exported)).toEqual(ids(all));
    // A filter narrows every council's part.
    const filtered = await stack.contracts.page(allCouncils, { endsFrom: '2027-01-01' }, { sort: 'council', limit: 500 });
    expect(councilsInOrder(filtered.items)).toEqual([ANGUS, CLACKMANNANSHIRE, EILEAN_SIAR, STIRLING]);
    expect(filtered.items.every((c) => (c.endDate ?? '') >= '2027-01-01')).toBe(true);
    expect(filtered.total).toBe(filtered.items.length);
  }, 120_000);

  it('filters by supplier group: the contracts of every supplier in the group, as the read model gives their supplierGroupId', async () => {
    const records = await stack.readModel.present(await stack.contracts.findAll(allCouncils, {}));
    const group = records.find((c) => c.supplierName === 'Civica UK Ltd')!.supplierGroupId!;
    expect(group).toBeTruthy();
    const want = records.filter((c) => c.supplierGroupId === group && c.endDate !== null && c.endDate >= '2027-01-01').map((c) => c.id).sort((a, b) => a - b);
    expect(want.length).toBeGreaterThan(5);
    const page = await stack.contracts.page(allCouncils, { supplierGroupId: group, endsFrom: '2027-01-01' }, { sort: 'council', limit: 500 });
    expect(page.items.map((c) => c.id).sort((a, b) => a - b)).toEqual(want);
    expect(page.total).toBe(want.length);
    expect((await stack.contracts.page(allCouncils, { supplierGroupId: 'no-such-group' }, { sort: 'council', limit: 5 })).total).toBe(0);
  });
});
