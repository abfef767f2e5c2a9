import { allCouncils, oneCouncil } from '../council-scope';
import { TEST_DATABASES } from '../../../../test/support/databases';
import { importBytes, openStack, Stack, stackForEachTest } from '../../../../test/support/stack';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const GLASGOW = 'S12000049';
const TODAY = '2026-11-22';

const register = (rows: string[]) => ['Contract Reference,Contract Title,Supplier Name,Start Date,End Date,Extension Options,Annual Value', ...rows].join('\n');

describe.each(TEST_DATABASES)('opportunity analysis on $name', (db) => {
  let stack: Stack;

  stackForEachTest(db, (s) => (stack = s));

  async function load(council: string, rows: string[], name = `${council}.csv`) {
    const { record } = await importBytes(stack, name, register(rows), council);
    expect(record.status).toBe('completed');
  }

  it('finds councils on the same product whose ends can be aligned, and keeps triage across runs', async () => {
    await load(FIFE, ['F-1,Mosaic social care system,The Access Group,01/04/2022,31/03/2027,1 year,"£300,000"']);
    await load(ANGUS, ['A-1,Mosaic case management,The Access Group Ltd,01/03/2023,29/02/2028,None,"£120,000"']);
    const summary = await stack.analysis.run('test', TODAY);
    expect(summary).toMatchObject({ contracts: 2, collaborative: 1, commonPlatforms: 1 });
    const [o] = await stack.opportunities.list(allCouncils, { kind: 'collaborative' });
    expect(o).toMatchObject({ councils: [ANGUS, FIFE], annualValue: 420_000, current: true, status: 'open', label: 'Same product: Mosaic' });
    expect(o.detail).toMatchObject({ basis: 'product', windowFrom: '2028-02-29', windowTo: '2028-03-31' });
    expect((o.detail as { plan: { action: string }[] }).plan.map((p) => p.action)).toEqual([
      `${ANGUS} Angus: end as planned on 29/02/2028`,
      `${FIFE} Fife: take the next extension option to 31/03/2028`,
    ]);

    await stack.opportunities.triage(o.id, 'accepted', 'Digital Office to convene', 'analyst', '2026-11-22T10:00:00Z', null);
    await stack.analysis.run('test again', TODAY);
    const again = await stack.opportunities.list(allCouncils, { kind: 'collaborative' });
    expect(again.map((x) => [x.id, x.status])).toEqual([[o.id, 'accepted']]);

    // A third council joins: the membership changes, so it is a new opportunity; the old one is kept, not current.
    await load(GLASGOW, ['G-1,Mosaic,The Access Group,01/04/2023,31/12/2027,1+1,"£200,000"']);
    await stack.analysis.run('after Glasgow', TODAY);
    const now = await stack.opportunities.list(allCouncils, { kind: 'collaborative' });
    expect(now).toHaveLength(1);
    expect(now[0].councils).toEqual([ANGUS, FIFE, GLASGOW]);
    expect(now[0].id).not.toBe(o.id);
    const stale = (await stack.opportunities.list(allCouncils, { kind: 'collaborative', includeStale: true })).find((x) => x.id === o.id);
    expect(stale).toMatchObject({ current: false, status: 'accepted' });

    // A council sees only the opportunities it takes part in.
    expect((await stack.opportunities.list(oneCouncil('S12000033'))).length).toBe(0);
    expect((await stack.opportunities.list(oneCouncil(FIFE))).some((x) => x.id === now[0].id)).toBe(true);
    expect(await stack.opportunities.findById(oneCouncil('S12000033'), now[0].id)).toBeNull();
  });
});
