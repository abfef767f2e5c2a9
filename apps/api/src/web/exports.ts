import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';

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

/** One CSV record and its line end (RFC 4180): text quoted with quotes doubled, numbers bare, everything neutralised. */
export function csvRecord(cells: Cell[]): string {
  return `${cells.map((v) => {
    const n = neutralise(v);
    return typeof n === 'number' ? String(n) : `"${n.replace(/"/g, '""')}"`;
  }).join(',')}\r\n`;
}

/**
 * RFC 4180 CSV with a BOM (Excel then reads UTF-8), every text field quoted, built in memory.
 * Small files and the benchmark's baseline; downloads use `streamCsv`.
 */
export function toCsv(header: string[], rows: Cell[][]): Buffer {
  return Buffer.from(`\uFEFF${[header, ...rows].map(csvRecord).join('')}`, 'utf8');
}

/** One worksheet, header row bold and frozen; text cells neutralised as for CSV. Built in memory (see `streamXlsx`). */
export async function toXlsx(sheetName: string, header: string[], rows: Cell[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Council contract register';
  const sheet = book.addWorksheet(sheetTitle(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header.map(neutralise)).font = { bold: true };
  for (const r of rows) sheet.addRow(r.map(neutralise));
  header.forEach((h, i) => (sheet.getColumn(i + 1).width = columnWidth(h)));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Excel's rules for a sheet name: 31 characters, none of \\ / ? * [ ] :. */
const sheetTitle = (name: string) => name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' ');
const columnWidth = (header: string) => Math.min(60, Math.max(10, header.length + 2));

/** The rows of an export, a page at a time as they are read (a keyset page from the database). */
export type RowPages = AsyncIterable<Cell[][]>;

/** The client went away (or the response failed) before the export was finished: stop reading. */
export class ExportAborted extends Error {
  constructor() {
    super('the client closed the connection before the export was finished');
  }
}

/** True once nothing more can be written (closed, destroyed or ended). */
const gone = (out: Writable) => out.destroyed || out.writableEnded || (out as Writable & { closed?: boolean }).closed === true;

/** A write was refused and 'drain' is still to come; read from the state where the stream predates `writableNeedDrain` (readable-stream 2/3, as in archiver). */
const needsDrain = (w: Writable) => w.writableNeedDrain ?? (w as Writable & { _writableState?: { needDrain?: boolean } })._writableState?.needDrain === true;

/**
 * Waits until `out` has room again ('drain'), or rejects with ExportAborted if it closes or fails
 * first (a client that disconnects never drains). Resolves at once when it has room already.
 * `stream` is what is waited on when it is not `out` itself (a stream feeding `out`).
 */
export function drained(out: Writable, stream: Writable = out): Promise<void> {
  if (gone(out)) return Promise.reject(new ExportAborted());
  if (!needsDrain(stream)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: unknown) => {
      stream.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new ExportAborted());
    stream.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onClose);
  });
}

/** Text is handed to the response in pieces of about this size (one HTTP chunk each, not one per row). */
const CSV_PIECE = 64 * 1024;

/**
 * Writes CSV (BOM, RFC 4180, neutralised, byte for byte as `toCsv`) to `out` as pages of rows
 * arrive, and ends it. Memory holds one page and one piece: when `out` says it is full, the next
 * page is not asked for until it drains; a client that disconnects stops the reading
 * (ExportAborted). Gives the number of rows written, header not counted.
 */
export async function streamCsv(out: Writable, header: string[], pages: RowPages): Promise<number> {
  let rows = 0;
  let piece = `\uFEFF${csvRecord(header)}`;
  const flush = async () => {
    if (gone(out)) throw new ExportAborted();
    const ok = out.write(piece, 'utf8');
    piece = '';
    if (!ok) await drained(out);
  };
  await eachPage(out, pages, async (page) => {
    for (const row of page) {
      piece += csvRecord(row);
      if (piece.length >= CSV_PIECE) await flush();
    }
    rows += page.length;
  });
  if (piece) await flush();
  await finished(out);
  return rows;
}

/**
 * Hands each page to `use` in turn, asking for the next only when `use` is done with this one and
 * `out` is still open: a client that has gone stops the reading before another page is read.
 */
async function eachPage(out: Writable, pages: RowPages, use: (page: Cell[][]) => Promise<void>): Promise<void> {
  const reader = pages[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      if (gone(out)) throw new ExportAborted();
      const next = await reader.next();
      if (next.done) {
        finished = true;
        return;
      }
      if (gone(out)) throw new ExportAborted();
      await use(next.value);
    }
  } finally {
    // Stopped early: let the reader close (a generator's finally, a database cursor).
    if (!finished) await reader.return?.();
  }
}

/** Ends `out` and waits until everything written has been handed on. */
function finished(out: Writable): Promise<void> {
  if (gone(out)) return Promise.reject(new ExportAborted());
  return new Promise((resolve, reject) => {
    out.once('error', () => reject(new ExportAborted()));
    out.end(() => resolve());
  });
}

/** Rows a worksheet holds in Excel (and LibreOffice): 1,048,576, the header included. */
export const EXCEL_SHEET_ROWS = 1_048_576;

/**
 * The same workbook as `toXlsx` (header bold and frozen, cells neutralised), written to `out` as
 * pages of rows arrive with exceljs's streaming writer: each row is committed (written out and let
 * go) as it is added, with inline strings (no shared-string table held until the end). Between
 * pages it waits for the zip and `out` to drain, so a slow client holds the reading back instead
 * of the rows piling up in memory. More rows than a sheet holds go on in a second sheet ("Name
 * (2)"), and so on, each with the header. Gives the number of rows written.
 */
export async function streamXlsx(out: Writable, sheetName: string, header: string[], pages: RowPages, rowsPerSheet = EXCEL_SHEET_ROWS - 1): Promise<number> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  book.creator = 'Council contract register';
  const open = (n: number) => {
    const suffix = n === 1 ? '' : ` (${n})`;
    const sheet = book.addWorksheet(`${sheetTitle(sheetName).slice(0, 31 - suffix.length)}${suffix}`, { views: [{ state: 'frozen', ySplit: 1 }] });
    // Widths go in the sheet's <cols>, written before the first row: set them first.
    header.forEach((h, i) => (sheet.getColumn(i + 1).width = columnWidth(h)));
    const head = sheet.addRow(header.map(neutralise));
    head.font = { bold: true };
    head.commit();
    return sheet;
  };
  // exceljs works a cell's style out afresh (to XML, then looked up) unless it has seen that style
  // object before: plain cells share one per type, which makes writing a row about three times cheaper.
  const plain = { text: {} as Partial<ExcelJS.Style>, number: {} as Partial<ExcelJS.Style> };
  let sheets = 1;
  let sheet = open(sheets);
  let rows = 0;
  let inSheet = 0;
  await eachPage(out, pages, async (page) => {
    for (const r of page) {
      if (inSheet === rowsPerSheet) {
        sheet.commit();
        sheet = open(++sheets);
        inSheet = 0;
      }
      const row = sheet.addRow(r.map(neutralise));
      row.eachCell({ includeEmpty: true }, (cell) => (cell.style = typeof cell.value === 'number' ? plain.number : plain.text));
      row.commit();
      inSheet++;
    }
    rows += page.length;
    await xlsxDrained(out, sheet);
  });
  sheet.commit();
  await book.commit();
  return rows;
}

/**
 * exceljs hands a committed row's XML to the zip's entry stream (a readable-stream PassThrough)
 * without looking at what write() answers, so that buffer is where rows would pile up behind a
 * slow client. Up to XLSX_BACKLOG may wait there, so the next page is read and built while the
 * last one is compressed; past that, wait for it to drain, and for `out`. Relies on exceljs 4.4's
 * sheet `stream` (a StreamBuf) keeping the streams it feeds in `pipes`; if that changes, this
 * waits for `out` only.
 */
async function xlsxDrained(out: Writable, sheet: ExcelJS.Worksheet): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  for (const feed of Array.isArray(pipes) ? (pipes as Writable[]) : []) if (typeof feed?.once === 'function' && buffered(feed) > XLSX_BACKLOG) await drained(out, feed);
  await drained(out);
}

/** Bytes of XML that may wait for the zip (about two pages of a thousand rows). */
const XLSX_BACKLOG = 1 << 20;

const buffered = (w: Writable) => w.writableLength ?? (w as Writable & { _writableState?: { length?: number } })._writableState?.length ?? 0;

