import ExcelJS from 'exceljs';

export type Cell = string | number | null | undefined;

/**
 * OWASP's CSV-injection guidance: a text cell a spreadsheet could read as a formula (starting
 * with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so it shows as text.
 * Numbers stay numbers. Council data is never trusted: a supplier called "=HYPERLINK(…)" is text.
 */
export function neutralise(value: Cell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 CSV with a BOM (Excel then reads UTF-8), every text field quoted. */
export function toCsv(header: string[], rows: Cell[][]): Buffer {
  const field = (v: Cell) => {
    const n = neutralise(v);
    return typeof n === 'number' ? String(n) : `"${n.replace(/"/g, '""')}"`;
  };
  const lines = [header.map(field).join(','), ...rows.map((r) => r.map(field).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One worksheet, header row bold and frozen; text cells neutralised as for CSV. */
export async function toXlsx(sheetName: string, header: string[], rows: Cell[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Council contract register';
  const sheet = book.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header.map(neutralise)).font = { bold: true };
  for (const r of rows) sheet.addRow(r.map(neutralise));
  header.forEach((h, i) => (sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, h.length + 2))));
  return Buffer.from(await book.xlsx.writeBuffer());
}

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
