import ExcelJS from 'exceljs';
import { neutralise, toCsv, toXlsx } from './exports';

describe('exports neutralise formulas (OWASP CSV injection)', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+44 1592 583 000', "'+44 1592 583 000"],
    ['-2', "'-2"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['Civica UK Ltd', 'Civica UK Ltd'],
    ['', ''],
  ])('%j → %j', (value, expected) => {
    expect(neutralise(value)).toBe(expected);
  });

  it('keeps numbers as numbers (a negative amount is not a formula) and blanks blank', () => {
    expect(neutralise(-250.5)).toBe(-250.5);
    expect(neutralise(null)).toBe('');
    expect(neutralise(Number.NaN)).toBe('');
  });

  it('writes quoted CSV with a BOM', () => {
    const csv = toCsv(['Supplier', 'Value'], [['=HYPERLINK("http://x","y")', 12], ['A "quoted" name', null]]).toString('utf8');
    expect(csv).toBe('\uFEFF"Supplier","Value"\r\n"\'=HYPERLINK(""http://x"",""y"")",12\r\n"A ""quoted"" name",""\r\n');
  });

  it('writes an XLSX whose cells are text, never formulas', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await toXlsx('Issues', ['Value'], [['=1+2'], [5]])) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getCell('A2').value).toBe("'=1+2");
    expect(sheet.getCell('A3').value).toBe(5);
    expect(sheet.getCell('A2').formula).toBeUndefined();
  });
});
