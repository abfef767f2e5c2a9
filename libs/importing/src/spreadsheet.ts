import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import { RegisterError } from '@app/ingest';
import { RegisterInput } from './register-input';

/**
 * The first worksheet of an uploaded XLSX as CSV bytes for the register reader. Cells are read
 * as values: formulas give their cached result and are never evaluated; dates become DD/MM/YYYY.
 */
export async function xlsxToCsv(content: Buffer): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('the workbook has no worksheets');
  const text = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()}`;
    if (typeof v === 'object') {
      if ('result' in v) return text((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
      if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
      if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text);
      if ('error' in v) return '';
    }
    return String(v);
  };
  const lines: string[] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(text);
    lines.push(values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','));
  });
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** A zip archive's first bytes: an .xlsx workbook is one. */
const ZIP = [0x50, 0x4b, 0x03, 0x04];

function firstBytes(input: RegisterInput): Uint8Array {
  if ('bytes' in input) return input.bytes.subarray(0, ZIP.length);
  const fd = fs.openSync(input.path, 'r');
  try {
    const head = Buffer.alloc(ZIP.length);
    const n = fs.readSync(fd, head, 0, ZIP.length, 0);
    return head.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The register as the reader takes it, whichever door it came through (pages, API, CLI): an Excel
 * workbook (a zip, or a name ending .xlsx) becomes its first sheet's values as CSV, under its own
 * name; anything else is passed on as it is. A zip that is not a workbook is NOT_CSV, saying so.
 */
export async function readableInput(input: RegisterInput): Promise<RegisterInput> {
  const head = firstBytes(input);
  const zip = head.length === ZIP.length && ZIP.every((b, i) => head[i] === b);
  if (!zip && !/\.xlsx$/i.test(input.name)) return input;
  const bytes = 'bytes' in input ? Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength) : fs.readFileSync(input.path);
  try {
    return { name: input.name, bytes: await xlsxToCsv(bytes) };
  } catch (e) {
    throw new RegisterError('NOT_CSV', `could not be read as an Excel workbook (${(e as Error).message}): save it as CSV, or as .xlsx again from the spreadsheet program, and upload that`, input.name);
  }
}
