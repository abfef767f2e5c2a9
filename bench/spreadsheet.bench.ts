import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

// npm run bench:spreadsheet
// Workbooks made to exhaust the importer, each imported through the CLI into a fresh SQLite file,
// with the CLI process's peak memory (RSS, which includes its reader threads) and time:
//  - a shared-strings bomb whose zip directory declares more than the unpacked limit (refused from the directory);
//  - one declaring less than the limit that still needs millions of strings (refused by the reader thread's heap cap);
//  - an ordinary workbook of 200,000 rows (read streaming).
// Baseline: the same CLI importing a CSV of the same 200,000 rows.
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/apps/cli/src/main.js');
const PEAK = path.join(ROOT, 'dist/bench/report-peak-rss.js');

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';
const RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>';

/** A workbook of one tiny sheet and `strings` shared strings of one character: megabytes packed, hundreds unpacked. */
async function sharedStringsBomb(strings: number): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', RELS);
  zip.file('xl/workbook.xml', WORKBOOK);
  zip.file('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
  zip.file('xl/worksheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>');
  const parts: string[] = [`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings}" uniqueCount="${strings}">`];
  const chunk = '<si><t>x</t></si>'.repeat(10_000);
  for (let i = 0; i < strings; i += 10_000) parts.push(chunk);
  parts.push('</sst>');
  zip.file('xl/sharedStrings.xml', parts.join(''));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

async function ordinary(rows: number, dir: string): Promise<{ xlsx: string; csv: string }> {
  const xlsx = path.join(dir, 'fife-register.xlsx');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true });
  const sheet = book.addWorksheet('Register');
  const header = ['Contract Reference', 'Contract Title', 'Supplier', 'Start Date', 'End Date', 'Annual Value'];
  const lines = [header.join(',')];
  sheet.addRow(header).commit();
  for (let i = 0; i < rows; i++) {
    const r = [`FC-${i}`, `Service ${i % 500}`, `Supplier ${i % 97} Ltd`, '01/04/2024', '31/03/2028', 1000 + (i % 5000)];
    sheet.addRow(r).commit();
    lines.push(r.join(','));
  }
  await book.commit();
  const csv = path.join(dir, 'fife-register.csv');
  fs.writeFileSync(csv, `${lines.join('\n')}\n`);
  return { xlsx, csv };
}

function importTimed(dir: string, file: string): { seconds: number; peakMb: number; status: string; message: string } {
  const db = path.join(dir, `bench-${path.basename(file)}.sqlite`);
  const peakFile = path.join(dir, 'peak.txt');
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `sqlite:${db}`, LOG_LEVEL: 'silent', PEAK_RSS_FILE: peakFile };
  delete env.REDIS_URL;
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', PEAK, CLI, 'import', file, '--council', 'S12000047', '--no-analyse', '--json'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peakMb = Number(fs.readFileSync(peakFile, 'utf8')) / 1024;
  let status = `exit ${run.status}`;
  let message = run.stderr.trim().split('\n').pop() ?? '';
  try {
    const out = JSON.parse(run.stdout);
    status = out.files[0].status;
    message = out.files[0].error ? `${out.files[0].error.code}: ${out.files[0].error.message}` : `${out.files[0].imported} imported`;
  } catch {
    // not JSON: the status and stderr say why
  }
  return { seconds, peakMb, status, message };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-spreadsheet-'));
  try {
    const cases: [string, string][] = [];
    const big = path.join(dir, 'bomb-declared-over.xlsx');
    fs.writeFileSync(big, await sharedStringsBomb(24_000_000));
    cases.push(['24 million shared strings (declared over the unpacked limit)', big]);
    const under = path.join(dir, 'bomb-under-limit.xlsx');
    fs.writeFileSync(under, await sharedStringsBomb(15_000_000));
    cases.push(['15 million shared strings (under the unpacked limit)', under]);
    const { xlsx, csv } = await ordinary(200_000, dir);
    cases.push(['ordinary workbook, 200,000 rows', xlsx], ['baseline: the same rows as CSV', csv]);
    console.log('file\tsize\tresult\ttime\tpeak RSS of the importing process');
    for (const [label, file] of cases) {
      const r = importTimed(dir, file);
      console.log(`${label}\t${(fs.statSync(file).size / 1024).toFixed(0)} KiB\t${r.status}: ${r.message.slice(0, 160)}\t${r.seconds.toFixed(1)} s\t${r.peakMb.toFixed(0)} MiB`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
