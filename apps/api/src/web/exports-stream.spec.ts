import ExcelJS from 'exceljs';
import { PassThrough, Writable } from 'node:stream';
import { Cell, ExportAborted, RowPages, streamCsv, streamXlsx, toCsv } from './exports';

/** Pages of rows, counting how many the writer has asked for and whether it stopped asking. */
function pagesOf(pages: Cell[][][]): { pages: RowPages; pulled: () => number; closed: () => boolean } {
  let pulled = 0;
  let closed = false;
  async function* gen(): RowPages {
    try {
      for (const page of pages) {
        pulled++;
        yield page;
      }
    } finally {
      closed = true;
    }
  }
  return { pages: gen(), pulled: () => pulled, closed: () => closed };
}

/** A client that reads nothing until told to: each write is held until `release()`. */
class HeldSink extends Writable {
  readonly chunks: Buffer[] = [];
  writesWhileFull = 0;
  /** Reads everything at once from now on. */
  flowing = false;
  private held: (() => void) | null = null;

  constructor() {
    super({ highWaterMark: 1024 });
  }

  override write(chunk: unknown, ...rest: unknown[]): boolean {
    if (this.writableNeedDrain) this.writesWhileFull++;
    return (super.write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    if (this.flowing) callback();
    else this.held = callback;
  }

  release(): void {
    const cb = this.held;
    this.held = null;
    cb?.();
  }

  get holding(): boolean {
    return this.held !== null;
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const collect = (s: PassThrough) => {
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks);
};

// Pages of rows (more than one 64 kB piece of CSV each), with text that needs quoting and text a spreadsheet would run.
const HEADER = ['Reference', 'Supplier', 'Value'];
const page = (p: number, rows = 200): Cell[][] => Array.from({ length: rows }, (_, i) => [
  `R-${p}-${i}`, i % 50 === 0 ? '=HYPERLINK("http://x","y")' : i % 7 === 0 ? 'A "quoted", name\r\nover two lines' : `Supplier ${i} ${'x'.repeat(400)}`, i % 3 === 0 ? null : -i * 1.5,
]);

describe('streamCsv', () => {
  it('writes the same bytes as toCsv: BOM, every text field quoted, quotes doubled, formulas neutralised', async () => {
    const pages = [page(0), [], page(1), page(2, 3)];
    const out = new PassThrough();
    const bytes = collect(out);
    const rows = await streamCsv(out, HEADER, pagesOf(pages).pages);
    expect(rows).toBe(403);
    expect(bytes().equals(toCsv(HEADER, pages.flat()))).toBe(true);
    const text = bytes().toString('utf8');
    expect(text.startsWith('\uFEFF"Reference","Supplier","Value"\r\n')).toBe(true);
    expect(text).toContain('"R-0-0","\'=HYPERLINK(""http://x"",""y"")",""\r\n');
    expect(text).toContain('"R-0-7","A ""quoted"", name\r\nover two lines",-10.5\r\n');
  });

  it('writes a header alone when there are no rows', async () => {
    const out = new PassThrough();
    const bytes = collect(out);
    await expect(streamCsv(out, ['A', 'B'], pagesOf([]).pages)).resolves.toBe(0);
    expect(bytes().toString('utf8')).toBe('\uFEFF"A","B"\r\n');
  });

  it('waits for drain when the client is full: never writes to a full stream, reads no further page meanwhile', async () => {
    const pages = Array.from({ length: 12 }, (_, p) => page(p));
    const source = pagesOf(pages);
    const sink = new HeldSink();
    const done = streamCsv(sink, HEADER, source.pages);
    let finished = false;
    void done.then(() => (finished = true));
    for (let i = 0; i < 20; i++) await tick();
    // The first piece filled the sink: the writer waits, with one page read.
    expect(sink.holding).toBe(true);
    expect(source.pulled()).toBe(1);
    expect(finished).toBe(false);
    while (!finished) {
      const before = source.pulled();
      for (let i = 0; i < 5; i++) await tick();
      // Held: nothing more is read however long the client takes.
      if (sink.holding) expect(source.pulled()).toBe(before);
      sink.release();
      await tick();
    }
    await done;
    expect(sink.writesWhileFull).toBe(0);
    expect(source.pulled()).toBe(12);
    expect(Buffer.concat(sink.chunks).equals(toCsv(HEADER, pages.flat()))).toBe(true);
  });

  it('stops reading when the client disconnects while it waits', async () => {
    const source = pagesOf(Array.from({ length: 12 }, (_, p) => page(p)));
    const sink = new HeldSink();
    const done = streamCsv(sink, HEADER, source.pages);
    for (let i = 0; i < 20; i++) await tick();
    expect(sink.holding).toBe(true);
    sink.destroy();
    await expect(done).rejects.toBeInstanceOf(ExportAborted);
    expect(source.pulled()).toBe(1);
    expect(source.closed()).toBe(true);
  });

  it('stops reading when the client goes while a page is being read', async () => {
    const out = new PassThrough();
    out.resume();
    const source = pagesOf([page(0, 2), page(1, 2), page(2, 2)]);
    async function* goneMeanwhile(): RowPages {
      for await (const p of source.pages) {
        // The client disconnects while this page is on its way from the database.
        queueMicrotask(() => out.destroy());
        yield p;
      }
    }
    await expect(streamCsv(out, HEADER, goneMeanwhile())).rejects.toBeInstanceOf(ExportAborted);
    expect(source.pulled()).toBe(1);
    expect(source.closed()).toBe(true);
  });
});

describe('streamXlsx', () => {
  async function read(bytes: Buffer): Promise<ExcelJS.Worksheet> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    return book.worksheets[0];
  }

  it('writes a workbook read back with header bold and frozen, every row in order, formulas as text', async () => {
    const pages = [page(0, 300), [], page(1, 300), [['=1+2', '+44 1592 583 000', 5]]];
    const out = new PassThrough();
    const bytes = collect(out);
    await expect(streamXlsx(out, 'Contracts: all [2026]', HEADER, pagesOf(pages).pages)).resolves.toBe(601);
    const sheet = await read(bytes());
    expect(sheet.name).toBe('Contracts  all  2026 ');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([undefined, 'Reference', 'Supplier', 'Value']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).font?.bold).toBeFalsy();
    expect(sheet.rowCount).toBe(602);
    const all = pages.flat();
    for (const [i, r] of all.entries()) {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).value).toBe(r[0] === '=1+2' ? "'=1+2" : r[0]);
    }
    expect(sheet.getCell('B2').value).toBe('\'=HYPERLINK("http://x","y")');
    expect(sheet.getCell('B2').formula).toBeUndefined();
    expect(sheet.getCell('C2').value ?? '').toBe('');
    expect(sheet.getCell('C3').value).toBe(-1.5);
    expect(sheet.getCell('A602').value).toBe("'=1+2");
    expect(sheet.getCell('B602').value).toBe("'+44 1592 583 000");
    expect(sheet.getCell('C602').value).toBe(5);
    expect(sheet.getColumn(2).width).toBe(10);
  });

  it('goes on in another sheet, header and all, past the rows a sheet holds', async () => {
    const pages = [page(0, 250), page(1, 250), page(2, 101)];
    const out = new PassThrough();
    const bytes = collect(out);
    await expect(streamXlsx(out, 'Contracts', HEADER, pagesOf(pages).pages, 200)).resolves.toBe(601);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes() as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => [w.name, w.rowCount])).toEqual([['Contracts', 201], ['Contracts (2)', 201], ['Contracts (3)', 201], ['Contracts (4)', 2]]);
    const all = pages.flat();
    for (const w of book.worksheets) {
      expect(w.getRow(1).values).toEqual([undefined, ...HEADER]);
      expect(w.getRow(1).font?.bold).toBe(true);
      expect(w.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    const refs = book.worksheets.flatMap((w) => (w.getColumn(1).values as unknown[]).slice(2));
    expect(refs).toEqual(all.map((r) => r[0]));
  });

  /** Waits until the writer has stopped asking for pages (the count stays put for half a second). */
  async function untilStill(pulled: () => number): Promise<void> {
    let seen = -1;
    for (let still = 0; still < 10;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      still = pulled() === seen ? still + 1 : 0;
      seen = pulled();
    }
  }

  // Pages of about 450 kB of XML each: with no waiting, every page would be read and committed at once.
  const TOTAL = 10;
  const big = (p: number): Cell[][] => Array.from({ length: 1000 }, (_, i) => [`R-${p}-${i}`, `Supplier ${p} ${i} ${'y'.repeat(400)}`, i]);

  it('holds the reading back while the client reads nothing, then finishes when it does', async () => {
    const source = pagesOf(Array.from({ length: TOTAL }, (_, p) => big(p)));
    const sink = new HeldSink();
    const done = streamXlsx(sink, 'Held', HEADER, source.pages);
    await untilStill(source.pulled);
    expect(source.pulled()).toBeLessThan(TOTAL);
    expect(sink.writesWhileFull).toBe(0);
    // The client reads everything now.
    sink.flowing = true;
    sink.release();
    await expect(done).resolves.toBe(TOTAL * 1000);
    const sheet = await read(Buffer.concat(sink.chunks));
    expect(sheet.rowCount).toBe(TOTAL * 1000 + 1);
    expect(sheet.getCell(`A${TOTAL * 1000 + 1}`).value).toBe(`R-${TOTAL - 1}-999`);
  }, 60_000);

  it('stops reading when the client disconnects', async () => {
    const source = pagesOf(Array.from({ length: TOTAL }, (_, p) => big(p)));
    const sink = new HeldSink();
    const done = streamXlsx(sink, 'Gone', HEADER, source.pages);
    await untilStill(source.pulled);
    const read = source.pulled();
    sink.destroy();
    await expect(done).rejects.toBeInstanceOf(ExportAborted);
    expect(source.pulled()).toBe(read);
    expect(read).toBeLessThan(TOTAL);
    expect(source.closed()).toBe(true);
  }, 60_000);
});
