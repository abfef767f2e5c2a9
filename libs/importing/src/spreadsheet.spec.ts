import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RegisterError } from '@app/ingest';
import { DEFAULT_READ_LIMITS, ReadLimits } from '@app/config';
import { readableInput, releaseInput } from './spreadsheet';
import { zipEntries } from './zip-directory';

async function workbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Register');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The CSV readableInput made of a workbook, read back (and the temporary file removed). */
async function csvOf(bytes: Buffer, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<string[]> {
  const read = await readableInput({ name: 'register.xlsx', bytes: new Uint8Array(bytes) }, limits);
  try {
    expect(read).toMatchObject({ name: 'register.xlsx', temporary: true });
    return fs.readFileSync((read as { path: string }).path, 'utf8').split('\r\n');
  } finally {
    releaseInput(read);
    expect(fs.existsSync((read as { path: string }).path)).toBe(false);
  }
}

describe('a workbook read as CSV', () => {
  it('reads the first sheet as values: dates day first, formulas as their cached result, never evaluated', async () => {
    const bytes = await workbook([
      ['Fife Council – Contracts Register'], [],
      ['Contract Reference', 'Supplier', 'End Date', 'Annual Value'],
      ['FC-1', 'Civica UK Ltd, Edinburgh', new Date(Date.UTC(2027, 2, 31)), { formula: 'B9*2', result: 24000 }],
      ['FC-2', { richText: [{ text: 'NEC ' }, { text: 'Software' }] }, '31/03/2028', 12000],
      ['FC-3', { formula: 'cmd|\' /C calc\'!A0' } as ExcelJS.CellFormulaValue, '31/03/2029', 1],
    ]);
    expect(await csvOf(bytes)).toEqual([
      'Fife Council – Contracts Register', '', 'Contract Reference,Supplier,End Date,Annual Value',
      'FC-1,"Civica UK Ltd, Edinburgh",31/03/2027,24000', 'FC-2,NEC Software,31/03/2028,12000',
      // A formula with no saved value (a DDE call) is an empty cell: nothing is run.
      'FC-3,,31/03/2029,1', '',
    ]);
  });

  it('refuses a workbook over each limit, naming the limit, before storing anything', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => [`R-${i}`, 'x'.repeat(10), i]);
    const bytes = await workbook([['Reference', 'Title', 'Value'], ...rows]);
    const refused = async (limits: Partial<ReadLimits>) => readableInput({ name: 'big.xlsx', bytes: new Uint8Array(bytes) }, { ...DEFAULT_READ_LIMITS, ...limits }).then(() => null, (e: RegisterError) => e);
    const byRows = await refused({ rows: 20 });
    expect(byRows).toMatchObject({ code: 'OVER_LIMIT', file: 'big.xlsx' });
    expect(byRows!.message).toMatch(/^big\.xlsx: has more than 20 rows \(IMPORT_MAX_ROWS\)/);
    expect((await refused({ columns: 2 }))!.message).toMatch(/row 1 has 3 columns, over the limit of 2 \(IMPORT_MAX_COLUMNS\)/);
    expect((await refused({ cellChars: 9 }))!.message).toMatch(/row 2, column 2: a cell of 10 characters, over the limit of 9 \(IMPORT_MAX_CELL_CHARS\)/);
    expect((await refused({ rowChars: 12 }))!.message).toMatch(/\(IMPORT_MAX_ROW_CHARS\)/);
    // The unpacked size is read from the zip directory: the sheet is never inflated.
    const declared = zipEntries(bytes).reduce((n, e) => n + e.uncompressedBytes, 0);
    expect((await refused({ unpackedBytes: declared - 1 }))!.message).toMatch(/would unpack to .* over the limit of .* \(IMPORT_MAX_UNPACKED_MB\)/);
    expect(await refused({ unpackedBytes: declared })).toBeNull();
  });

  it('reads a zip directory without inflating: names and sizes, and a damaged one is refused', async () => {
    const bytes = await workbook([['Reference'], ['A-1']]);
    const entries = zipEntries(bytes);
    expect(entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
    expect(entries.every((e) => e.uncompressedBytes >= 0 && e.compressedBytes >= 0)).toBe(true);
    expect(() => zipEntries(bytes.subarray(0, bytes.length - 30))).toThrow(/zip directory/);
  });

  it('refuses a workbook with macros, and a zip that is not a workbook, for the file named', async () => {
    const zip = await JSZip.loadAsync(await workbook([['Reference'], ['A-1']]));
    zip.file('xl/vbaProject.bin', Buffer.from('Attribute VB_Name = "Module1"'));
    const xlsm = await zip.generateAsync({ type: 'nodebuffer' });
    await expect(readableInput({ name: 'register.xlsm', bytes: new Uint8Array(xlsm) })).rejects.toMatchObject({ code: 'NOT_CSV', file: 'register.xlsm', message: expect.stringMatching(/macros/) });
    const notAWorkbook = { name: 'archive.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) };
    await expect(readableInput(notAWorkbook)).rejects.toThrow(RegisterError);
    await expect(readableInput(notAWorkbook)).rejects.toMatchObject({ code: 'NOT_CSV', file: 'archive.xlsx' });
    await expect(readableInput(notAWorkbook)).rejects.toThrow(/^archive\.xlsx: could not be read as an Excel workbook/);
  });
});

describe('a register as the reader takes it, whichever door it came through', () => {
  it('turns a workbook, on disk or in memory, into its first sheet as CSV under its own name, and leaves a CSV alone', async () => {
    const bytes = await workbook([['Contract Reference', 'Annual Value']]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-xlsx-'));
    try {
      const file = path.join(dir, 'register.xlsx');
      fs.writeFileSync(file, bytes);
      for (const input of [{ name: 'register.xlsx', path: file }, { name: 'upload', bytes: new Uint8Array(bytes) }]) {
        const read = await readableInput(input);
        expect(read.name).toBe(input.name);
        expect(fs.readFileSync((read as { path: string }).path, 'utf8')).toBe('Contract Reference,Annual Value\r\n');
        releaseInput(read);
      }
      const csv = { name: 'register.csv', bytes: new Uint8Array(Buffer.from('a,b\r\n1,2')) };
      expect(await readableInput(csv)).toBe(csv);
      // The file the user gave is never deleted.
      releaseInput({ name: 'register.xlsx', path: file });
      expect(fs.existsSync(file)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
