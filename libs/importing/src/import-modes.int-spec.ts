import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@app/config';
import { dataSourceOptions, MIGRATIONS, oneCouncil, ImportEntity, ImportMode } from '@app/persistence';
import { sha256 } from './import-intake';
import { TEST_DATABASES } from '../../../test/support/databases';
import { openStack, Stack, stackForEachTest } from '../../../test/support/stack';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';

// Real databases on two busy CI cores: generous.
jest.setTimeout(180_000);

const HEADER = 'Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value';
const ref = (i: number) => `FC-${String(i).padStart(3, '0')}`;
function row(i: number, change: { end?: string; value?: number; reference?: string } = {}): string {
  return `${change.reference ?? ref(i)},Service ${i},Supplier ${i % 17} Ltd,01/04/2024,${change.end ?? '31/03/2027'},${change.value ?? 1000 * (i + 1)}`;
}
const fileOf = (rows: string[], header = HEADER) => `${[header, ...rows].join('\n')}\n`;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const FIFE_REGISTER = fileOf(range(0, 146).map((i) => row(i)));

describe.each(TEST_DATABASES)('the import modes migration on $name', (db) => {
  it('reports imports made before it as full registers, their counts unknown rather than guessed', async () => {
    const config = db.config();
    const before = new DataSource({ ...dataSourceOptions(config), migrations: MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.name === 'ImportModes1764800000000')) });
    try {
      await before.initialize();
      if (config.type === 'postgres') await before.query(`CREATE SCHEMA IF NOT EXISTS "${config.schema}"`);
      await before.runMigrations({ transaction: 'all' });
      await before.query(
        `INSERT INTO imports (id, council_code, file_name, file_sha256, file_size, status, created_at)
         VALUES ('00000000-0000-4000-8000-000000000001', '${FIFE}', 'old.csv', '${'a'.repeat(64)}', 10, 'completed', '2026-11-01T09:00:00Z'),
                ('00000000-0000-4000-8000-000000000002', '${FIFE}', 'failed.csv', '${'b'.repeat(64)}', 10, 'failed', '2026-11-01T09:00:00Z')`,
      );
    } finally {
      if (before.isInitialized) await before.destroy();
    }
    const stack = await openStack(config);
    try {
      const old = await stack.imports.findForProcessing('00000000-0000-4000-8000-000000000001');
      expect(old).toMatchObject({ mode: 'full', modeRule: 'before-modes', modeRequested: null, added: null, changed: null, unchanged: null, retired: null });
      expect(old!.modeReason).toContain('before uploads had a mode');
      expect(await stack.imports.findForProcessing('00000000-0000-4000-8000-000000000002')).toMatchObject({ mode: null, modeRule: null });
    } finally {
      await stack.close();
      await db.drop(config);
    }
  });
});

describe.each(TEST_DATABASES)('import modes on $name', (db) => {
  let config: DatabaseConfig;
  let stack: Stack;

  stackForEachTest(db, (s, c) => {
    stack = s;
    config = c;
  });

  /** Uploads bytes the way the API does, with the mode the upload gives (if any), and runs the import. */
  async function upload(name: string, content: string, council: string | null = FIFE, mode?: ImportMode) {
    const buf = Buffer.from(content, 'utf8');
    const accepted = await stack.intake.accept({ fileName: name, content: buf, sha256: sha256(buf), size: buf.length, councilCode: council, createdBy: null, mode });
    if (accepted.kind === 'unchanged') return { accepted, record: accepted.record };
    return { accepted, record: await stack.runner.run(accepted.record.id) };
  }

  const current = (council = FIFE) => stack.contracts.findAll(oneCouncil(council), {});
  const refs = async (record: ImportEntity, kind: 'added' | 'changed' | 'retired') => (await stack.imports.changes(record, kind, 0, 10_000)).map((c) => c.reference);

  it('keeps the rest of a council\'s register current when a file holds three of its contracts (the bug)', async () => {
    const first = await upload('fife-register.csv', FIFE_REGISTER);
    expect(first.record).toMatchObject({ status: 'completed', imported: 146, mode: 'full', modeRule: 'single-council', added: 146, retired: 0 });
    const three = fileOf([row(0), row(1, { end: '31/03/2028' }), row(2, { value: 9999 })]);
    const { record } = await upload('fife-three-rows.csv', three);
    expect(record).toMatchObject({
      status: 'completed', imported: 3, modeRequested: null, mode: 'update', modeRule: 'looks-partial',
      added: 0, changed: 2, unchanged: 1, retired: 0, superseded: 3,
    });
    expect(record.modeReason).toContain('would retire 143 of S12000047\'s 146 current contracts');
    const now = await current();
    expect(now.filter((c) => c.importId === first.record.id)).toHaveLength(143);
    expect(now).toHaveLength(146);
    expect(now.filter((c) => c.importId === record.id).map((c) => c.reference).sort()).toEqual([ref(0), ref(1), ref(2)]);
    // The report says what happened to each, and why it was not a full import.
    const changed = await stack.imports.changes(record, 'changed', 0, 100);
    // The whole-life value is worked out from the annual value over the term, so it follows either.
    expect(changed.map((c) => [c.reference, c.fields])).toEqual([[ref(1), ['endDate', 'totalValue']], [ref(2), ['annualValue', 'totalValue']]]);
    expect(changed[0]).toMatchObject({ council: FIFE, row: 3, title: 'Service 1', previousContractId: expect.any(Number) });
    expect(await refs(record, 'added')).toEqual([]);
    expect(await refs(record, 'retired')).toEqual([]);
    const issues = await stack.imports.issues(record.id, 0, 100);
    expect(issues).toContainEqual(expect.objectContaining({ row: null, code: 'IMPORTED_AS_UPDATE', severity: 'warning', message: record.modeReason }));
    expect(issues.some((i) => i.code === 'CONTRACTS_NOT_IN_NEW_REGISTER')).toBe(false);
  });

  it('supersedes and retires by reference when one reference is repeated in hundreds of rows ("TBC"), as with distinct ones', async () => {
    // A register where most rows say TBC: each import's TBC rows replace the stored ones as a group.
    const tbc = fileOf([...range(0, 300).map((i) => row(i, { reference: 'TBC' })), ...range(300, 305).map((i) => row(i))]);
    expect((await upload('fife-tbc.csv', tbc, FIFE, 'full')).record).toMatchObject({ status: 'completed', imported: 305 });
    // An update with two TBC rows and one of the others: all 300 stored TBC rows and that one are replaced, the other four stay.
    const update = await upload('fife-update.csv', fileOf([row(1, { reference: 'TBC' }), row(2, { reference: 'TBC' }), row(301, { end: '31/03/2029' })]), FIFE, 'update');
    expect(update.record).toMatchObject({ status: 'completed', mode: 'update', superseded: 301, retired: 0 });
    let now = await current();
    expect(now).toHaveLength(2 + 1 + 4);
    expect(now.filter((c) => c.reference === 'TBC').every((c) => c.importId === update.record.id)).toBe(true);
    expect(now.filter((c) => c.importId !== update.record.id).map((c) => c.reference).sort()).toEqual([ref(300), ref(302), ref(303), ref(304)]);
    // A full register without TBC: the two TBC rows and the four others it lacks are retired and listed.
    const full = await upload('fife-full.csv', fileOf([row(301), row(305)]), FIFE, 'full');
    expect(full.record).toMatchObject({ status: 'completed', mode: 'full', retired: 6, added: 1, superseded: 7 });
    expect((await refs(full.record, 'retired')).sort()).toEqual([ref(300), ref(302), ref(303), ref(304), 'TBC', 'TBC']);
    now = await current();
    expect(now.map((c) => c.reference).sort()).toEqual([ref(301), ref(305)]);
  });

  it('marks what an import retired as it retires it, and the migration marks what earlier imports retired by the same rule', async () => {
    await upload('fife-tbc.csv', fileOf([...range(0, 50).map((i) => row(i, { reference: 'TBC' })), ...range(300, 305).map((i) => row(i))]), FIFE, 'full');
    const full = await upload('fife-full.csv', fileOf([row(301), row(305), row(306, { reference: 'TBC' })]), FIFE, 'full');
    const three = await upload('fife-three.csv', fileOf([row(305), row(307)]), FIFE, 'full');
    const listed = async () => [await refs(full.record, 'retired'), await refs(three.record, 'retired')];
    const marked = await listed();
    expect(marked).toEqual([[ref(300), ref(302), ref(303), ref(304)], [ref(301), 'TBC']]);
    // As a register imported before the mark existed: the migration taken back and run again marks the same contracts.
    const runner = stack.dataSource.createQueryRunner();
    try {
      const migration = MIGRATIONS.find((m) => m.name === 'RetiredBy1765500000000')!;
      await new migration().down(runner);
      await new migration().up(runner);
    } finally {
      await runner.release();
    }
    expect(await listed()).toEqual(marked);
  });

  it('replaces the register and lists every contract it retires when the upload says full', async () => {
    const first = await upload('fife-register.csv', FIFE_REGISTER);
    const three = fileOf([row(0), row(1, { end: '31/03/2028' }), row(2, { value: 9999 })]);
    const { record } = await upload('fife-three-rows.csv', three, FIFE, 'full');
    expect(record).toMatchObject({ mode: 'full', modeRequested: 'full', modeRule: 'requested', added: 0, changed: 2, unchanged: 1, retired: 143, superseded: 146 });
    expect((await current()).map((c) => c.reference).sort()).toEqual([ref(0), ref(1), ref(2)]);
    expect(await refs(record, 'retired')).toEqual(range(3, 146).map(ref));
    const retired = await stack.imports.changes(record, 'retired', 0, 2);
    expect(retired).toEqual([
      expect.objectContaining({ kind: 'retired', council: FIFE, reference: ref(3), title: 'Service 3', row: null, previousContractId: null }),
      expect.objectContaining({ reference: ref(4) }),
    ]);
    const old = await stack.dataSource.query(`SELECT is_current, superseded_by_import_id FROM contracts WHERE id = ${retired[0].contractId}`);
    expect(old[0].superseded_by_import_id).toBe(record.id);
    expect(Boolean(old[0].is_current)).toBe(false);
    expect((await stack.imports.changes(record, 'retired', 140, 100)).map((c) => c.reference)).toEqual([ref(143), ref(144), ref(145)]);
    const issues = await stack.imports.issues(record.id, 0, 100);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'CONTRACTS_NOT_IN_NEW_REGISTER', message: expect.stringContaining('143 contract(s)') }));
    expect(first.record.id).not.toBe(record.id);
  });

  it('replaces a council\'s register when no mode is given and the file is its whole register, listing what it retires', async () => {
    await upload('fife-register.csv', FIFE_REGISTER);
    // The next year's register: six contracts ended, two new, one renewed with a later end.
    const next = fileOf([...range(0, 140).map((i) => row(i, i === 7 ? { end: '31/03/2030' } : {})), row(200), row(201)]);
    const { record } = await upload('fife-register-2027.csv', next);
    expect(record).toMatchObject({ mode: 'full', modeRequested: null, modeRule: 'single-council', added: 2, changed: 1, unchanged: 139, retired: 6, superseded: 146 });
    expect(await refs(record, 'retired')).toEqual(range(140, 146).map(ref));
    expect(await refs(record, 'added')).toEqual([ref(200), ref(201)]);
    expect(await refs(record, 'changed')).toEqual([ref(7)]);
    expect(await current()).toHaveLength(142);
  });

  it('retires nothing when the upload says update, even for a whole register', async () => {
    const first = await upload('fife-register.csv', FIFE_REGISTER);
    const next = fileOf([...range(0, 140).map((i) => row(i)), row(200)]);
    const { record } = await upload('fife-register-2027.csv', next, FIFE, 'update');
    expect(record).toMatchObject({ mode: 'update', modeRequested: 'update', modeRule: 'requested', added: 1, changed: 0, unchanged: 140, retired: 0, superseded: 140 });
    const now = await current();
    expect(now).toHaveLength(147);
    expect(now.filter((c) => c.importId === first.record.id).map((c) => c.reference)).toEqual(range(140, 146).map(ref));
    expect(await refs(record, 'retired')).toEqual([]);
  });

  it('updates every council of a file of several councils and retires nothing unless the upload says full', async () => {
    await upload('fife-register.csv', FIFE_REGISTER);
    const angus = fileOf(range(0, 10).map((i) => row(i, { reference: `AN-${i}` })));
    await upload('angus-register.csv', angus, ANGUS);
    const header = `Council,${HEADER}`;
    const multi = fileOf([`Fife Council,${row(5, { end: '30/09/2027' })}`, `${FIFE},${row(300)}`, `Angus Council,${row(1, { reference: 'AN-1' })}`], header);
    const { record } = await upload('digital-office-extract.csv', multi, null);
    expect(record).toMatchObject({ mode: 'update', modeRule: 'several-councils', added: 1, changed: 1, unchanged: 1, retired: 0, superseded: 2 });
    expect(record.modeReason).toContain(`2 councils (${ANGUS}, ${FIFE})`);
    expect(await current()).toHaveLength(147);
    expect(await current(ANGUS)).toHaveLength(10);
    const changed = await stack.imports.changes(record, 'changed', 0, 10);
    expect(changed.map((c) => [c.council, c.reference, c.fields])).toEqual([[FIFE, ref(5), ['endDate', 'totalValue']]]);
    expect((await stack.imports.changes(record, 'added', 0, 10)).map((c) => [c.council, c.reference])).toEqual([[FIFE, ref(300)]]);

    // The same file, said to be the whole register of each council in it.
    const full = await upload('digital-office-extract.csv', multi, null, 'full');
    expect(full.accepted.kind).toBe('queued');
    expect(full.record).toMatchObject({ mode: 'full', modeRule: 'requested', retired: 145 + 9, added: 0, changed: 0, unchanged: 3 });
    expect((await current()).map((c) => c.reference).sort()).toEqual([ref(5), ref(300)]);
    expect((await current(ANGUS)).map((c) => c.reference)).toEqual(['AN-1']);
    expect((await stack.imports.changes(full.record, 'retired', 0, 1000)).filter((c) => c.council === ANGUS)).toHaveLength(9);
  });

  it('treats a file whose rows name other buyers (a notice feed) as an update', async () => {
    await upload('fife-register.csv', FIFE_REGISTER);
    // A hundred of Fife's contracts: as a full register it would retire 46, not past the size rule.
    const header = `Buyer,${HEADER}`;
    const feed = fileOf([...range(0, 100).map((i) => `Fife Council,${row(i)}`), `NHS Highland,${row(400)}`], header);
    const { record } = await upload('notices.csv', feed, null);
    expect(record).toMatchObject({ rejected: 1, imported: 100, mode: 'update', modeRule: 'other-buyers', retired: 0 });
    expect(record.modeReason).toContain('row 102: NHS Highland');
    expect(await current()).toHaveLength(146);
  });

  it('keeps what a partial file has no column for, and counts only real changes', async () => {
    await upload('fife-register.csv', FIFE_REGISTER);
    const partial = 'Contract Reference,End Date\nFC-010,31/03/2029\nFC-011,31/03/2027\nFC-NEW,30/06/2027\n';
    const { record } = await upload('fife-new-end-dates.csv', partial, FIFE, 'update');
    expect(record).toMatchObject({ mode: 'update', added: 1, changed: 1, unchanged: 1, retired: 0 });
    const now = await current();
    expect(now).toHaveLength(147);
    expect(now.find((c) => c.reference === 'FC-010')).toMatchObject({ importId: record.id, title: 'Service 10', supplierName: 'Supplier 10 Ltd', startDate: '2024-04-01', endDate: '2029-03-31', annualValue: 11000 });
    expect(now.find((c) => c.reference === 'FC-NEW')).toMatchObject({ title: null, supplierName: null, endDate: '2027-06-30' });
    expect((await stack.imports.changes(record, 'changed', 0, 10)).map((c) => [c.reference, c.fields])).toEqual([['FC-010', ['endDate']]]);
    const issues = await stack.imports.issues(record.id, 0, 100);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'FIELDS_KEPT_FROM_STORED', severity: 'info', message: expect.stringContaining('title') }));
  });

  it('keeps contracts without a reference in an update, and retires them in a full import', async () => {
    await upload('fife-register.csv', fileOf([...range(0, 10).map((i) => row(i)), row(11, { reference: '' })]));
    const noRef = fileOf([row(0), row(12, { reference: '' })]);
    const update = await upload('fife-two.csv', noRef, FIFE, 'update');
    expect(update.record).toMatchObject({ added: 1, unchanged: 1, retired: 0 });
    expect(await current()).toHaveLength(12);
    // Full: the first register's other nine and its unreferenced contract, and the update's unreferenced one.
    const full = await upload('fife-two.csv', noRef, FIFE, 'full');
    expect(full.record).toMatchObject({ retired: 11, added: 1, unchanged: 1 });
    expect((await stack.imports.changes(full.record, 'retired', 0, 100)).map((c) => c.reference)).toEqual([...range(1, 10).map(ref), null, null]);
    expect(await current()).toHaveLength(2);
  });

  it('imports the same bytes again when the upload now says full', async () => {
    await upload('fife-register.csv', FIFE_REGISTER);
    const three = fileOf([row(0), row(1), row(2)]);
    const first = await upload('fife-three.csv', three);
    expect(first.record.mode).toBe('update');
    const again = await upload('fife-three.csv', three);
    expect(again.accepted.kind).toBe('unchanged');
    const asUpdate = await upload('fife-three.csv', three, FIFE, 'update');
    expect(asUpdate.accepted.kind).toBe('unchanged');
    const full = await upload('fife-three.csv', three, FIFE, 'full');
    expect(full.accepted.kind).toBe('queued');
    expect(full.record).toMatchObject({ mode: 'full', retired: 143 });
    expect(await current()).toHaveLength(3);
  });

  it('takes the mode from the worker\'s job payload', async () => {
    await upload('fife-register.csv', FIFE_REGISTER);
    const three = Buffer.from(fileOf([row(0), row(1), row(2)]));
    const accepted = await stack.intake.accept({ fileName: 'fife-three.csv', content: three, sha256: sha256(three), size: three.length, councilCode: FIFE, createdBy: null });
    if (accepted.kind !== 'queued') throw new Error('expected a new import');
    expect(accepted.record.modeRequested).toBeNull();
    const result = await stack.dispatcher().dispatch('import', { importId: accepted.record.id, mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', mode: 'full', modeRequested: 'full', retired: 143 });
    expect(await current()).toHaveLength(3);
  });
});
