import ExcelJS from 'exceljs';
import { DatabaseConfig, DEFAULT_READ_LIMITS, ReadLimits } from '@app/config';
import { oneCouncil } from '@app/persistence';
import { ImportRunner } from './import-runner';
import { sha256 } from './import-intake';
import { TEST_DATABASES } from '../../../test/support/databases';
import { Stack, stackForEachTest, testClock } from '../../../test/support/stack';

const FIFE = 'S12000047';
jest.setTimeout(180_000);

const HEADER = 'Contract Reference,Contract Title,Supplier,End Date,Annual Value';
const row = (i: number) => `FC-${i},Service ${i},Supplier ${i % 7} Ltd,31/03/2028,${1000 + i}`;
const csv = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);

describe.each(TEST_DATABASES)('read limits on $name: a file over one fails, naming it, and the stored register is untouched', (db) => {
  let stack: Stack;
  let config: DatabaseConfig;
  stackForEachTest(db, (s, c) => {
    stack = s;
    config = c;
  });

  async function importWith(name: string, bytes: Buffer, limits: ReadLimits = DEFAULT_READ_LIMITS) {
    const runner = new ImportRunner(stack.dataSource, config, stack.imports, stack.mappings, stack.councils, stack.gate, testClock, undefined, limits);
    const accepted = await stack.intake.accept({ fileName: name, content: bytes, sha256: sha256(bytes), size: bytes.length, councilCode: FIFE, createdBy: null, mode: 'full' });
    if (accepted.kind === 'unchanged') throw new Error('unexpected');
    return runner.run(accepted.record.id);
  }

  it('refuses too many columns, rows, or characters in a cell, in a CSV and in a workbook', async () => {
    expect((await importWith('fife.csv', csv([HEADER, ...Array.from({ length: 20 }, (_, i) => row(i))]))).status).toBe('completed');
    const before = (await stack.contracts.findAll(oneCouncil(FIFE), {})).map((c) => c.id).sort();
    expect(before).toHaveLength(20);

    const wide = await importWith('wide.csv', csv([`${HEADER}${',Extra'.repeat(1_200)}`, row(1)]));
    expect(wide).toMatchObject({ status: 'failed', errorCode: 'OVER_LIMIT' });
    expect(wide.errorMessage).toMatch(/^wide\.csv, row 1: the header row has 1,205 columns, over the limit of 1,000 \(IMPORT_MAX_COLUMNS\)/);

    const wideRow = await importWith('wide-row.csv', csv([HEADER, row(1), `${row(2)}${',x'.repeat(1_500)}`]));
    expect(wideRow.errorMessage).toMatch(/^wide-row\.csv, row 3: the row has 1,505 cells, over the limit of 1,000 columns/);

    const long = await importWith('long-cell.csv', csv([HEADER, row(1), `FC-2,${'A'.repeat(40_000)},Supplier Ltd,31/03/2028,1`]));
    expect(long.errorMessage).toMatch(/^long-cell\.csv, row 3: column 2 holds 40,000 characters, over the limit of 32,767 \(IMPORT_MAX_CELL_CHARS\)/);

    const many = await importWith('many.csv', csv([HEADER, ...Array.from({ length: 30 }, (_, i) => row(100 + i))]), { ...DEFAULT_READ_LIMITS, rows: 25 });
    expect(many.errorMessage).toMatch(/^many\.csv, row 26: the file has more than 25 rows \(IMPORT_MAX_ROWS\)/);

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Register');
    sheet.addRow(HEADER.split(','));
    for (let i = 0; i < 2_000; i++) sheet.addRow(row(200 + i).split(','));
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const bomb = await importWith('register.xlsx', xlsx, { ...DEFAULT_READ_LIMITS, unpackedBytes: 50_000 });
    expect(bomb).toMatchObject({ status: 'failed', errorCode: 'OVER_LIMIT' });
    expect(bomb.errorMessage).toMatch(/^register\.xlsx: the workbook would unpack to .* \(IMPORT_MAX_UNPACKED_MB\)/);

    // Nothing of any refused file was stored: the register is as it was.
    expect((await stack.contracts.findAll(oneCouncil(FIFE), {})).map((c) => c.id).sort()).toEqual(before);
    // Within the limits the same workbook imports.
    expect(await importWith('register-ok.xlsx', xlsx)).toMatchObject({ status: 'completed', imported: 2_000 });
  });
});
