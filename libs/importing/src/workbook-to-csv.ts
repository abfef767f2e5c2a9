import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import { ReadLimits } from '@app/config';
import { repackWorkbook, WorkbookRefused } from './workbook-repack';
import { openZip, ZipDirectoryError, ZipEntry, zipEntries, ZipFile } from './zip-directory';

export { WorkbookRefused } from './workbook-repack';

const mb = (n: number) => `${Math.round(n / 1024 / 1024).toLocaleString('en-GB')} MB`;

/**
 * The workbook's entries, refused if its zip directory says it would unpack to more than the
 * limit, before anything is inflated (a 1 MB file can declare gigabytes of repeated cells), or if
 * it holds macros.
 */
function checkedEntries(zip: ZipFile, limits: ReadLimits): ZipEntry[] {
  const entries = zipEntries(zip);
  const total = entries.reduce((n, e) => n + e.uncompressedBytes, 0);
  if (total > limits.unpackedBytes) {
    throw new WorkbookRefused('OVER_LIMIT', `the workbook would unpack to ${mb(total)}, over the limit of ${mb(limits.unpackedBytes)} (IMPORT_MAX_UNPACKED_MB): save the register as CSV, or split it, and upload that`);
  }
  if (entries.some((e) => /vbaProject\.bin$/i.test(e.name))) throw new WorkbookRefused('NOT_CSV', 'holds macros (a .xlsm workbook): save it as a plain .xlsx or as CSV, and upload that; macros are never run here');
  return entries;
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()}`;
  if (typeof v === 'object') {
    // Formulas give the value they had when the file was saved: they are never evaluated here.
    if ('result' in v) return text((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('formula' in v || 'sharedFormula' in v) return '';
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
    if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return '';
  }
  return String(v);
}

/**
 * The first worksheet of a workbook as CSV, written to `out` as its rows are read (exceljs's
 * streaming reader: the sheet is never held whole), within the limits on rows, columns and
 * characters. Values only: formulas give their cached result; dates become DD/MM/YYYY.
 */
export async function workbookToCsv(source: Uint8Array | string, out: string, limits: ReadLimits): Promise<{ rows: number }> {
  const zip = openZip(source);
  // The parts read, strings first, each checked for what it really unpacks to.
  const repacked = `${out}.xlsx`;
  try {
    await repackWorkbook(zip, checkedEntries(zip, limits), repacked, limits.unpackedBytes);
    return await sheetToCsv(repacked, out, limits);
  } catch (e) {
    if (e instanceof ZipDirectoryError) throw new WorkbookRefused('NOT_CSV', `is not a workbook that can be read: ${e.message}`);
    throw e;
  } finally {
    zip.close();
    fs.rmSync(repacked, { force: true });
  }
}

async function sheetToCsv(source: string, out: string, limits: ReadLimits): Promise<{ rows: number }> {
  const input = fs.createReadStream(source);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
  const file = fs.openSync(out, 'w');
  let rows = 0;
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = () => {
    if (pending.length) fs.writeSync(file, pending.join(''));
    pending = [];
    pendingChars = 0;
  };
  try {
    for await (const sheet of reader) {
      let lastRow = 0;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        // Empty rows are not emitted: keep the row numbers the spreadsheet shows.
        for (; lastRow + 1 < row.number; lastRow++) pending.push('\r\n');
        lastRow = row.number;
        if (row.number > limits.rows) throw new WorkbookRefused('OVER_LIMIT', `has more than ${limits.rows.toLocaleString('en-GB')} rows (IMPORT_MAX_ROWS)`);
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        if (values.length > limits.columns) throw new WorkbookRefused('OVER_LIMIT', `row ${row.number} has ${values.length.toLocaleString('en-GB')} columns, over the limit of ${limits.columns.toLocaleString('en-GB')} (IMPORT_MAX_COLUMNS)`);
        let chars = 0;
        const cells = values.map((v, i) => {
          const t = text(v);
          if (t.length > limits.cellChars) throw new WorkbookRefused('OVER_LIMIT', `row ${row.number}, column ${i + 1}: a cell of ${t.length.toLocaleString('en-GB')} characters, over the limit of ${limits.cellChars.toLocaleString('en-GB')} (IMPORT_MAX_CELL_CHARS)`);
          chars += t.length;
          return csvCell(t);
        });
        if (chars > limits.rowChars) throw new WorkbookRefused('OVER_LIMIT', `row ${row.number} holds ${chars.toLocaleString('en-GB')} characters, over the limit of ${limits.rowChars.toLocaleString('en-GB')} (IMPORT_MAX_ROW_CHARS)`);
        const line = `${cells.join(',')}\r\n`;
        pending.push(line);
        pendingChars += line.length;
        rows = row.number;
        if (pendingChars > 1 << 20) flush();
      }
      // The first worksheet only.
      break;
    }
    flush();
  } finally {
    fs.closeSync(file);
  }
  return { rows };
}
