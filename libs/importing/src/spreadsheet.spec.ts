import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RegisterError } from '@app/ingest';
import { readableInput, xlsxToCsv } from './spreadsheet';

describe('xlsxToCsv', () => {
  it('reads the first sheet as values: dates day first, formulas as their cached result, never evaluated', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Register');
    sheet.addRow(['Fife Council – Contracts Register']);
    sheet.addRow([]);
    sheet.addRow(['Contract Reference', 'Supplier', 'End Date', 'Annual Value']);
    sheet.addRow(['FC-1', 'Civica UK Ltd, Edinburgh', new Date(Date.UTC(2027, 2, 31)), { formula: 'B9*2', result: 24000 }]);
    sheet.addRow(['FC-2', { richText: [{ text: 'NEC ' }, { text: 'Software' }] }, '31/03/2028', 12000]);
    const csv = (await xlsxToCsv(Buffer.from(await book.xlsx.writeBuffer()))).toString('utf8').split('\r\n');
    expect(csv).toEqual([
      'Fife Council – Contracts Register', '', 'Contract Reference,Supplier,End Date,Annual Value',
      'FC-1,"Civica UK Ltd, Edinburgh",31/03/2027,24000', 'FC-2,NEC Software,31/03/2028,12000',
    ]);
  });

  it('refuses bytes that are not a workbook', async () => {
    await expect(xlsxToCsv(Buffer.from('not a zip'))).rejects.toThrow();
  });
});

describe('a register as the reader takes it, whichever door it came through', () => {
  it('turns a workbook, on disk or in memory, into its first sheet as CSV under its own name, and leaves a CSV alone', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('R').addRow(['Contract Reference', 'Annual Value']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-xlsx-'));
    try {
      const file = path.join(dir, 'register.xlsx');
      fs.writeFileSync(file, bytes);
      for (const input of [{ name: 'register.xlsx', path: file }, { name: 'upload', bytes: new Uint8Array(bytes) }]) {
        const read = await readableInput(input);
        expect(read.name).toBe(input.name);
        expect(Buffer.from((read as { bytes: Uint8Array }).bytes).toString('utf8')).toBe('Contract Reference,Annual Value');
      }
      const csv = { name: 'register.csv', bytes: new Uint8Array(Buffer.from('a,b\r\n1,2')) };
      expect(await readableInput(csv)).toBe(csv);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says a zip that is not a workbook cannot be read, for the file named', async () => {
    const notAWorkbook = { name: 'archive.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) };
    await expect(readableInput(notAWorkbook)).rejects.toThrow(RegisterError);
    await expect(readableInput(notAWorkbook)).rejects.toMatchObject({ code: 'NOT_CSV', file: 'archive.xlsx' });
    await expect(readableInput(notAWorkbook)).rejects.toThrow(/^archive\.xlsx: could not be read as an Excel workbook/);
  });
});
