import { oneCouncil } from '@app/persistence';
import { sha256 } from './import-intake';
import { TEST_DATABASES } from '../../../test/support/databases';
import { Stack, stackForEachTest } from '../../../test/support/stack';

const FIFE = 'S12000047';
jest.setTimeout(180_000);

describe.each(TEST_DATABASES)('files that are not quite registers, on $name', (db) => {
  let stack: Stack;
  stackForEachTest(db, (s) => {
    stack = s;
  });

  async function upload(name: string, text: string) {
    const bytes = Buffer.from(text);
    const accepted = await stack.intake.accept({ fileName: name, content: bytes, sha256: sha256(bytes), size: bytes.length, councilCode: FIFE, createdBy: null, mode: 'full' });
    return stack.runner.run(accepted.record.id);
  }

  it('refuses a header with no rows under it, leaving the register as it was (it would have retired every contract)', async () => {
    expect(await upload('fife.csv', 'Contract Reference,Contract Title,Supplier,End Date\nFC-1,Payroll,Civica UK Ltd,31/03/2028\nFC-2,Libraries,Civica UK Ltd,31/03/2029\n')).toMatchObject({ status: 'completed', imported: 2 });
    const empty = await upload('fife-empty.csv', 'Contract Reference,Contract Title,Supplier,End Date\n\n\n');
    expect(empty).toMatchObject({ status: 'failed', errorCode: 'NO_ROWS' });
    expect(empty.errorMessage).toMatch(/^fife-empty\.csv: the file has a header row \(row 1\) but no contracts under it/);
    expect((await stack.contracts.findAll(oneCouncil(FIFE), {})).map((c) => c.reference).sort()).toEqual(['FC-1', 'FC-2']);
    // The empty file is not the "current register" either: the same register again is imported as unchanged.
    const again = Buffer.from('Contract Reference,Contract Title,Supplier,End Date\nFC-1,Payroll,Civica UK Ltd,31/03/2028\nFC-2,Libraries,Civica UK Ltd,31/03/2029\n');
    expect((await stack.intake.accept({ fileName: 'fife.csv', content: again, sha256: sha256(again), size: again.length, councilCode: FIFE, createdBy: null })).kind).toBe('unchanged');
  });

  it('says in the report when a header appears twice, and which column was read', async () => {
    const record = await upload('fife-twice.csv', 'Contract Reference,Supplier,Contract Title,Supplier,End Date\nFC-1,Civica UK Ltd,Payroll,Capita plc,31/03/2028\n');
    expect(record.status).toBe('completed');
    const issues = await stack.imports.issues(record.id, 0, 100);
    const twice = issues.find((i) => i.code === 'DUPLICATE_COLUMN');
    expect(twice).toMatchObject({ severity: 'warning', row: 1, column: 'Supplier' });
    expect(twice!.message).toMatch(/"Supplier" appears 2 times \(columns 2, 4\): column 2 is read as supplier/i);
  });
});
