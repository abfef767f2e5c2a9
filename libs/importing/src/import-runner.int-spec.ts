import * as fs from 'node:fs';
import * as path from 'node:path';
import { allCouncils, oneCouncil } from '@app/persistence';
import { SHARED_PUBLIC, TEST_DATABASES } from '../../../test/support/databases';
import { bytesSource, importBytes, openStack, sample, Stack, stackForEachTest } from '../../../test/support/stack';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';

describe.each(TEST_DATABASES)('import runner on $name', (db) => {
  let stack: Stack;

  stackForEachTest(db, (s) => (stack = s));

  it('stores every sample register with counts that add up', async () => {
    for (const file of ['fife-council-contracts-register.csv', 'angus-council-ict-contracts.csv', 'glasgow-city-council-register-S12000049.tsv', 'digital-office-multi-council-extract.csv']) {
      const { record } = await importBytes(stack, file, sample(file));
      expect(record.status).toBe('completed');
      expect(record.rows).toBe(record.imported + record.rejected);
      expect(await stack.contracts.countForImport(record.id)).toBe(record.imported);
      const issues = await stack.imports.issues(record.id, 0, 10_000);
      expect(issues).toHaveLength(record.issueCount);
      expect(new Set(issues.filter((i) => i.severity === 'error').map((i) => i.row)).size).toBe(record.rejected);
    }
    const fife = await stack.contracts.findAll(oneCouncil(FIFE), {});
    const rb = fife.find((c) => c.reference === 'FC-ICT-0012')!;
    expect(rb).toMatchObject({ startDate: '2022-04-01', endDate: '2027-03-31', annualValue: 412000, totalValue: 2060000, supplierName: 'NEC Software Solutions UK Limited', extensionText: '2+1+1' });
    expect(JSON.parse(rb.extras!)).toEqual({ 'Contract Manager': 'J. Brown' });
    const angus = await stack.contracts.findAll(oneCouncil(ANGUS), {});
    expect(angus.find((c) => c.reference === 'ANG/2024/009')!.title).toBe('Café & catering EPOS – schools');
    expect(angus.find((c) => c.reference === 'ANG/2019/044')!.annualValue).toBe(210000);
  });

  it('treats the same bytes for the same council as a no-op that says so', async () => {
    const first = await importBytes(stack, 'fife.csv', sample('fife-council-contracts-register.csv'), FIFE);
    const again = await importBytes(stack, 'fife.csv', sample('fife-council-contracts-register.csv'), FIFE);
    expect(again.accepted.kind).toBe('unchanged');
    expect(again.record.id).toBe(first.record.id);
    expect(await stack.contracts.findAll(oneCouncil(FIFE), {})).toHaveLength(8);
  });

  it('supersedes a council\'s previous register when the upload says full, linking by reference and keeping history', async () => {
    const first = await importBytes(stack, 'fife.csv', sample('fife-council-contracts-register.csv'), FIFE);
    const newer = 'Contract Reference,Contract Title,Supplier Name,End Date\nFC-ICT-0012,Revenues and Benefits System,NEC Software Solutions UK Limited,31/03/2028\nFC-NEW-1,Website hosting,Jadu Ltd,30/06/2027\n';
    // Two rows against a register of eight would be read as an update without the word (see import-modes.int-spec.ts).
    const { record } = await importBytes(stack, 'fife-2.csv', newer, FIFE, 'full');
    expect(record).toMatchObject({ status: 'completed', imported: 2, superseded: 8, mode: 'full', retired: 7, added: 1, changed: 1 });
    const current = await stack.contracts.findAll(oneCouncil(FIFE), {});
    expect(current.map((c) => c.reference).sort()).toEqual(['FC-ICT-0012', 'FC-NEW-1']);
    const renewed = current.find((c) => c.reference === 'FC-ICT-0012')!;
    const old = await stack.dataSource.query(`SELECT id, is_current FROM contracts WHERE import_id = '${first.record.id}' AND reference = 'FC-ICT-0012'`);
    expect(renewed.previousContractId).toBe(old[0].id);
    expect(Boolean(old[0].is_current)).toBe(false);
    const issues = await stack.imports.issues(record.id, 0, 100);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'CONTRACTS_NOT_IN_NEW_REGISTER', message: expect.stringContaining('7 contract(s)') }));
  });

  it('stores nothing from a file that turns out malformed part-way, and keeps the previous register', async () => {
    await importBytes(stack, 'fife.csv', sample('fife-council-contracts-register.csv'), FIFE);
    const good = Array.from({ length: 3000 }, (_, i) => `R${i},Item ${i},Supplier ${i},31/03/2027`).join('\n');
    const broken = `Contract Reference,Contract Title,Supplier,End Date\n${good}\nR-bad,"never closed,Supplier,31/03/2027\n`;
    const { record } = await importBytes(stack, 'fife-broken.csv', broken, FIFE);
    expect(record.status).toBe('failed');
    expect(record.errorCode).toBe('CSV_MALFORMED');
    expect(record.errorMessage).toContain('fife-broken.csv');
    expect(await stack.contracts.countForImport(record.id)).toBe(0);
    expect(await stack.imports.issues(record.id, 0, 10)).toHaveLength(0);
    expect(await stack.contracts.findAll(oneCouncil(FIFE), {})).toHaveLength(8);
  });

  it('gives one clear error for a file that is neither CSV nor a workbook it can read', async () => {
    // A zip is taken for an Excel workbook (every door reads .xlsx); a broken one says so, once, naming the file.
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const { record } = await importBytes(stack, 'register.xlsx', zip, FIFE);
    expect(record).toMatchObject({ status: 'failed', errorCode: 'NOT_CSV' });
    expect(record.errorMessage).toMatch(/^register\.xlsx: could not be read as an Excel workbook .*save it as CSV/);
    const binary = Buffer.from([0x00, 0x01, 0x02, 0x00, 0x41, 0x42]);
    const second = await importBytes(stack, 'register.csv', binary, FIFE);
    expect(second.record).toMatchObject({ status: 'failed', errorCode: 'NOT_CSV' });
    expect(second.record.errorMessage).toMatch(/register\.csv: .*not a CSV register/);
  });

  it('rolls back a half-written import when the process fails mid-way, and the retry imports it exactly once', async () => {
    const body = `Ref,Title,Supplier,End Date\n${Array.from({ length: 5000 }, (_, i) => `X${i},T${i},S${i},01/04/2027`).join('\n')}\n`;
    const buf = Buffer.from(body);
    const accepted = await stack.intake.accept({ fileName: 'angus.csv', content: buf, sha256: 'x'.repeat(64), size: buf.length, councilCode: ANGUS, createdBy: null });
    if (accepted.kind !== 'queued') throw new Error('expected a new import');
    let opened = 0;
    const failing = {
      name: 'angus.csv',
      async *open() {
        opened++;
        if (opened === 1) { yield buf; return; } // encoding pass
        yield buf.subarray(0, 60_000);
        throw new Error('disk went away');
      },
    };
    await expect(stack.runner.run(accepted.record.id, { source: failing })).rejects.toThrow('disk went away');
    expect(await stack.contracts.countForImport(accepted.record.id)).toBe(0);
    expect((await stack.imports.findForProcessing(accepted.record.id))!.status).toBe('processing');
    const done = await stack.runner.run(accepted.record.id);
    expect(done).toMatchObject({ status: 'completed', imported: 5000, rows: 5000 });
    const again = await stack.runner.run(accepted.record.id);
    expect(again.finishedAt).toBe(done.finishedAt);
    expect(await stack.contracts.countForImport(accepted.record.id)).toBe(5000);
  });

  it('reuses a council\'s saved column mapping and says so', async () => {
    await stack.mappings.saveForCouncil(ANGUS, { 'Lot Name': 'category', 'Vendor Ref': null }, '2026-11-22T09:00:00Z');
    const csv = 'Ref,Lot Name,Supplier,Vendor Ref,End Date\nA-1,Software,Civica UK Ltd,V-9,31/03/2027\n';
    const { record } = await importBytes(stack, 'upload.csv', csv, ANGUS);
    const layout = JSON.parse(record.layout!);
    expect(layout.mappingSource).toBe('saved');
    expect(layout.columns.map((c: { field: string | null; source: string }) => `${c.field}:${c.source}`)).toEqual(['reference:auto', 'category:saved', 'supplier:auto', 'null:saved', 'endDate:auto']);
    const [c] = await stack.contracts.findAll(oneCouncil(ANGUS), {});
    expect(c.category).toBe('Software');
    expect(JSON.parse(c.extras!)).toEqual({ 'Vendor Ref': 'V-9' });
  });

  it('warns on a reference used twice in one register', async () => {
    const csv = 'Ref,Title,Supplier\nD-1,One,Civica\nD-1,Two,Idox\nD-2,Three,NEC\n';
    const { record } = await importBytes(stack, 'dups.csv', csv, ANGUS);
    expect(record).toMatchObject({ imported: 3, withWarnings: 1 });
    const issues = await stack.imports.issues(record.id, 0, 10);
    expect(issues).toContainEqual(expect.objectContaining({ row: 3, code: 'DUPLICATE_REFERENCE', value: 'D-1' }));
  });

  it('never returns one council\'s contracts in another council\'s scope', async () => {
    await importBytes(stack, 'multi.csv', sample('digital-office-multi-council-extract.csv'));
    await importBytes(stack, 'fife.csv', sample('fife-council-contracts-register.csv'));
    const all = await stack.contracts.findAll(allCouncils, {});
    expect(new Set(all.map((c) => c.councilCode)).size).toBeGreaterThan(2);
    for (const code of new Set(all.map((c) => c.councilCode))) {
      const page = await stack.contracts.findPage(oneCouncil(code), {}, 0, 1000);
      expect(page.items.every((c) => c.councilCode === code)).toBe(true);
      expect(page.total).toBe(all.filter((c) => c.councilCode === code).length);
    }
  });

  it('filters current contracts by supplier and end date', async () => {
    await importBytes(stack, 'fife.csv', sample('fife-council-contracts-register.csv'));
    const page = await stack.contracts.findPage(oneCouncil(FIFE), { endsFrom: '2027-01-01', endsTo: '2027-12-31' }, 0, 100);
    expect(page.items.map((c) => c.reference).sort()).toEqual(['FC-ICT-0012', 'FC-ICT-0023', 'FC-ICT-0031']);
    const civica = await stack.contracts.findPage(oneCouncil(FIFE), { supplier: 'civica' }, 0, 100);
    expect(civica.items.map((c) => c.reference)).toEqual(['FC-ICT-0044']);
  });

  it('accounts for every record of a real Contracts Finder export (852 notices, many non-council buyers)', async () => {
    const file = path.join(SHARED_PUBLIC, 'contracts_finder_open_notices_export_2025-11.csv');
    const source = bytesSource('contracts_finder_open_notices_export_2025-11.csv', fs.readFileSync(file));
    const accepted = await stack.intake.accept({ fileName: source.name, content: null, sha256: 'cf'.repeat(32), size: 1, councilCode: null, createdBy: null });
    if (accepted.kind !== 'queued') throw new Error('expected a new import');
    const record = await stack.runner.run(accepted.record.id, { source });
    expect(record.status).toBe('completed');
    expect(record.rows).toBe(852);
    expect(record.imported + record.rejected).toBe(852);
    expect(record.imported).toBeGreaterThan(300); // council buyers
    const issues = await stack.imports.issues(record.id, 0, 100_000);
    expect(issues.some((i) => i.code === 'COUNCIL_UNKNOWN' && /NHS|Trust|University|Police/i.test(i.value ?? ''))).toBe(true);
    expect(issues.filter((i) => i.code === 'DATE_INVALID' && i.value === '01/01/1').length).toBeGreaterThan(0);
  });
});
