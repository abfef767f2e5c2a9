import { DatabaseConfig } from '@app/config';
import { CollaborativeOpportunity } from '@app/opportunities';
import { allCouncils, oneCouncil } from '../council-scope';
import { CursorError } from '../paging';
import { TEST_DATABASES } from '../../../../test/support/databases';
import { openStack, Stack } from '../../../../test/support/stack';
import { BoundedOpportunityWhy1765220000000 } from '../migrations/1765220000000-bounded-opportunity-why';
import { OpportunityFilters, OpportunityListItem } from './opportunities.repository';

const COUNCILS = ['S12000005', 'S12000033', 'S12000041', 'S12000047', 'S12000049'];
const PRODUCTS = ['Mosaic', 'Uniform', 'iTrent'];
const RUN = { trigger: 'test', today: '2026-11-30', startedAt: '2026-11-30T09:00:00Z', finishedAt: '2026-11-30T09:00:05Z', contracts: 0 };

/** 37 findings with scores that tie in pairs (so the id decides), over three products and five councils. */
function findings(): CollaborativeOpportunity[] {
  return Array.from({ length: 37 }, (_, i) => {
    const product = PRODUCTS[i % 3];
    const councils = [COUNCILS[i % 5], COUNCILS[(i + 1) % 5]].sort();
    const plan = Array.from({ length: 30 }, (_, k) => ({
      contractId: i * 100 + k, council: councils[k % 2], reference: `R-${i}-${k}`, end: '2028-03-31', optionsTaken: 0, decisionDate: '2027-03-31', action: `${councils[k % 2]}: end as planned on 31/03/2028`,
    }));
    return {
      id: `${String(i).padStart(2, '0')}${'a'.repeat(14)}`, kind: 'collaborative', basis: 'product', key: product, label: `Same product: ${product}`, councils,
      contractIds: plan.map((p) => p.contractId), windowFrom: '2028-01-01', windowTo: '2028-03-31', plan,
      annualValue: 10_000 * (i + 1), earliestDecisionDate: `20${27 + (i % 3)}-03-31`, score: 40 - Math.floor(i / 2), why: [`2 councils run ${product}`],
    };
  });
}

describe.each(TEST_DATABASES)('opportunities paged and filtered on $name', (db) => {
  let config: DatabaseConfig;
  let stack: Stack;

  beforeEach(async () => {
    config = db.config();
    stack = await openStack(config);
    await stack.findings.replaceFindings(findings(), RUN);
  });

  afterEach(async () => {
    await stack.close();
    await db.drop(config);
  });

  async function everyPage(filters: OpportunityFilters, limit: number, scope = allCouncils): Promise<OpportunityListItem[][]> {
    const pages: OpportunityListItem[][] = [];
    for (let cursor: string | undefined; ;) {
      const page = await stack.opportunities.page(scope, filters, limit, cursor);
      pages.push(page.items);
      if (!page.next) return pages;
      cursor = page.next;
    }
  }

  it('pages strongest first (score, then id) with no duplicates or gaps, and counts the total', async () => {
    const first = await stack.opportunities.page(allCouncils, {}, 10);
    expect(first.total).toBe(37);
    const pages = await everyPage({}, 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 7]);
    const ids = pages.flat().map((o) => o.id);
    expect(new Set(ids).size).toBe(37);
    const expected = findings().sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).map((f) => f.id);
    expect(ids).toEqual(expected);
    // The same request gives the same pages.
    expect((await everyPage({}, 10)).flat().map((o) => o.id)).toEqual(ids);
  });

  it('gives each item a bounded plan and contracts, saying how many there are', async () => {
    const [o] = (await stack.opportunities.page(allCouncils, {}, 1)).items;
    expect(o).toMatchObject({ kind: 'collaborative', product: 'Mosaic', planTotal: 30, contractsTotal: 30, truncated: true, windowStart: '2028-01-01', status: 'open', current: true });
    expect(o.plan).toHaveLength(10);
    expect(o.contracts).toHaveLength(25);
  });

  it('bounds why in lines too: a national finding with a line per contract is a small list item (summaries stored before are bounded by the migration)', async () => {
    const big = findings();
    big[0].why = Array.from({ length: 5000 }, (_, k) => `S12000005 Clackmannanshire's R-0-${k} is presumed already extended to 31/03/2028`);
    await stack.findings.replaceFindings(big, RUN);
    const [o] = (await stack.opportunities.page(allCouncils, {}, 1)).items;
    expect(o.id).toBe(big[0].id);
    expect(o.why).toHaveLength(20);
    expect(o).toMatchObject({ whyTotal: 5000, truncated: true });
    expect(Buffer.byteLength(JSON.stringify(o))).toBeLessThan(20_000);
    expect((await stack.opportunities.findById(allCouncils, o.id))!.detail.why).toHaveLength(5000);

    // A summary stored whole before the bound (as the analysis leaves an unchanged finding) is bounded by the migration.
    const whole = { ...JSON.parse((await stack.dataSource.query(`SELECT summary FROM opportunities WHERE id = '${o.id}'`))[0].summary), why: big[0].why };
    delete whole.whyTotal;
    await stack.dataSource.query(`UPDATE opportunities SET summary = '${JSON.stringify(whole).replace(/'/g, "''")}' WHERE id = '${o.id}'`);
    expect((await stack.opportunities.page(allCouncils, {}, 1)).items[0].why).toHaveLength(5000);
    const runner = stack.dataSource.createQueryRunner();
    await new BoundedOpportunityWhy1765220000000().up(runner);
    await runner.release();
    expect((await stack.opportunities.page(allCouncils, {}, 1)).items[0]).toMatchObject({ whyTotal: 5000, why: o.why });
    if (db.name === 'sqlite') {
      // SQLite: the large body is the row's last column, so list columns are read without walking it.
      const columns = (await stack.dataSource.query('PRAGMA table_info(opportunities)')) as { name: string }[];
      expect(columns.at(-1)!.name).toBe('body');
    }
  });

  it.each<[string, OpportunityFilters, (f: CollaborativeOpportunity) => boolean]>([
    ['product', { product: 'Uniform' }, (f) => f.key === 'Uniform'],
    ['decision window', { decisionFrom: '2028-01-01', decisionTo: '2028-12-31' }, (f) => f.earliestDecisionDate === '2028-03-31'],
    ['minimum value', { minValue: 300_000 }, (f) => f.annualValue >= 300_000],
    ['kind', { kind: 'common-platform' }, () => false],
    ['product and value', { product: 'iTrent', minValue: 200_000 }, (f) => f.key === 'iTrent' && f.annualValue >= 200_000],
  ])('filters by %s in the database, across pages', async (_name, filters, expected) => {
    const pages = await everyPage(filters, 4);
    const ids = pages.flat().map((o) => o.id).sort();
    expect(ids).toEqual(findings().filter(expected).map((f) => f.id).sort());
    expect((await stack.opportunities.page(allCouncils, filters, 4)).total).toBe(ids.length);
  });

  it('filters by council, and a council sees only those it takes part in', async () => {
    const fife = (await everyPage({}, 5, oneCouncil('S12000047'))).flat();
    expect(fife.length).toBe(findings().filter((f) => f.councils.includes('S12000047')).length);
    expect(fife.every((o) => o.councils.includes('S12000047'))).toBe(true);
  });

  it('filters by triage status and by part of a supplier group name', async () => {
    const [top] = (await stack.opportunities.page(allCouncils, {}, 1)).items;
    await stack.opportunities.triage(top.id, 'accepted', 'convene', 'analyst', '2026-11-30T10:00:00Z', null);
    expect((await stack.opportunities.page(allCouncils, { status: 'accepted' }, 10)).items.map((o) => o.id)).toEqual([top.id]);
    expect((await stack.opportunities.page(allCouncils, { supplier: 'nobody' }, 10)).total).toBe(0);
  });

  it('refuses a cursor it did not give', async () => {
    await expect(stack.opportunities.page(allCouncils, {}, 10, 'bm90LWEtY3Vyc29y')).rejects.toBeInstanceOf(CursorError);
  });

  it('does not rewrite findings found again unchanged, and retires those no longer found with their triage', async () => {
    const all = findings();
    const [first] = all;
    await stack.opportunities.triage(first.id, 'rejected', 'not for us', 'analyst', '2026-11-30T10:00:00Z', null);
    const changed = { ...all[1], annualValue: 999 };
    const counts = await stack.findings.replaceFindings([changed, ...all.slice(2)], { ...RUN, finishedAt: '2026-12-01T09:00:00Z' });
    expect(counts).toEqual({ written: 1, unchanged: 35, retired: 1 });
    expect((await stack.opportunities.page(allCouncils, {}, 100)).total).toBe(36);
    const stale = (await stack.opportunities.page(allCouncils, { includeStale: true, status: 'rejected' }, 10)).items;
    expect(stale).toMatchObject([{ id: first.id, current: false, status: 'rejected' }]);
    // Found again: current once more, triage still attached.
    await stack.findings.replaceFindings(all, RUN);
    expect(await stack.opportunities.findById(allCouncils, first.id)).toMatchObject({ current: true, status: 'rejected' });
  });
});
