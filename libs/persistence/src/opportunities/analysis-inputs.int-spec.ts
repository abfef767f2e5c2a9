import { allCouncils } from '../council-scope';
import { TEST_DATABASES } from '../../../../test/support/databases';
import { importBytes, openStack, Stack, stackForEachTest } from '../../../../test/support/stack';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const GLASGOW = 'S12000049';
const EDINBURGH = 'S12000036';
const TODAY = '2026-11-22';

const register = (rows: string[]) => ['Contract Reference,Contract Title,Supplier Name,Start Date,End Date,Extension Options,Annual Value', ...rows].join('\n');

// Two groups of councils apart: social care on Mosaic (Fife, Angus), revenues on Open Revenues (Glasgow, Edinburgh).
const FILES: [council: string, rows: string[]][] = [
  [FIFE, ['F-1,Mosaic social care system,The Access Group,01/04/2022,31/03/2027,1 year,"£300,000"']],
  [ANGUS, ['A-1,Mosaic case management,The Access Group Ltd,01/03/2023,29/02/2028,None,"£120,000"']],
  [GLASGOW, ['G-1,Open Revenues system,Civica UK,01/04/2023,31/03/2028,1+1,"£200,000"']],
  [EDINBURGH, ['E-1,Open Revenues,Civica UK Ltd,01/04/2022,30/09/2027,None,"£180,000"']],
];
// Glasgow's register again, with its revenues contract's value and end changed.
const GLASGOW_AGAIN: [string, string[]] = [GLASGOW, ['G-1,Open Revenues system,Civica UK,01/04/2023,31/12/2027,1+1,"£210,000"']];

type Row = Record<string, unknown>;

describe.each(TEST_DATABASES)('incremental analysis on $name', (db) => {
  let stack: Stack;

  stackForEachTest(db, (s) => (stack = s));

  async function load(on: Stack, [council, rows]: [string, string[]]) {
    const { record } = await importBytes(on, `${council}.csv`, register(rows), council);
    expect(record.status).toBe('completed');
  }

  const rows = async (on: Stack) =>
    (await on.dataSource.query('SELECT id, body_hash, is_current, last_seen_at, councils FROM opportunities ORDER BY id')) as Row[];
  const current = async (on: Stack) => (await on.opportunities.list(allCouncils)).map((o) => ({ id: o.id, kind: o.kind, councils: o.councils, detail: o.detail }));

  it('recomputes and writes nothing when nothing changed since the last run, and says since when', async () => {
    for (const f of FILES) await load(stack, f);
    const first = await stack.analysis.run('first', TODAY);
    expect(first.changes).toMatchObject({ first: true, recomputed: true });
    expect(first.stored!.written).toBeGreaterThan(0);
    const before = await rows(stack);
    const [{ n: runsBefore }] = (await stack.dataSource.query('SELECT COUNT(*) AS n FROM analysis_runs')) as Row[];

    const again = await stack.analysis.run('again', TODAY);
    expect(again.changes).toMatchObject({ first: false, global: false, councils: [], recomputed: false });
    expect(again.changes!.since).toEqual(expect.stringMatching(/^2026-11-22T/));
    expect(again.stored).toEqual({ written: 0, unchanged: 0, retired: 0 });
    // The counts are the stored findings', as the first run found them.
    expect(again).toMatchObject({ contracts: 4, collaborative: first.collaborative, commonPlatforms: first.commonPlatforms, categories: first.categories });
    // Not a finding touched (not even last seen); the run itself is recorded, as unchanged.
    expect(await rows(stack)).toEqual(before);
    const runs = (await stack.dataSource.query('SELECT outcome FROM analysis_runs ORDER BY id')) as Row[];
    expect(runs).toHaveLength(Number(runsBefore) + 1);
    expect(runs.at(-1)!.outcome).toBe('unchanged');

    // Another day is another analysis (presumed extensions, urgency): recomputed.
    const nextDay = await stack.analysis.run('next day', '2026-11-23');
    expect(nextDay.changes).toMatchObject({ global: true, recomputed: true });
    // Forced: recomputed though nothing changed.
    const forced = await stack.analysis.run('forced', '2026-11-23', undefined, true);
    expect(forced.changes).toMatchObject({ global: false, councils: [], recomputed: true });
    expect(forced.stored!.written).toBe(0);
  });

  it("after one council's re-import, changes only findings that involve it, and finds what a full run finds", async () => {
    for (const f of FILES) await load(stack, f);
    await stack.analysis.run('first', TODAY);
    const before = new Map((await rows(stack)).map((r) => [r.id, r]));

    await load(stack, GLASGOW_AGAIN);
    const after = await stack.analysis.run('after Glasgow', TODAY);
    expect(after.changes).toMatchObject({ first: false, global: false, councils: [GLASGOW], recomputed: true });
    expect(after.stored!.written).toBeGreaterThan(0);
    const changed = (await rows(stack)).filter((r) => {
      const b = before.get(r.id);
      return !b || b.body_hash !== r.body_hash || Number(b.is_current) !== Number(r.is_current);
    });
    expect(changed.length).toBe(after.stored!.written + after.stored!.retired);
    for (const r of changed) expect(JSON.parse(r.councils as string)).toContain(GLASGOW);
    // The social care findings (Fife, Angus) were found again unchanged.
    expect(after.stored!.unchanged).toBeGreaterThan(0);

    // The same registers imported in the same order into a fresh database, analysed once.
    const freshConfig = db.config();
    const fresh = await openStack(freshConfig);
    try {
      for (const f of [...FILES, GLASGOW_AGAIN]) await load(fresh, f);
      const full = await fresh.analysis.run('full', TODAY);
      expect(full.changes).toMatchObject({ first: true });
      expect(await current(stack)).toEqual(await current(fresh));
    } finally {
      await fresh.close();
      await db.drop(freshConfig);
    }
  });
});
