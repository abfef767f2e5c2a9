import { CouncilDirectory } from './councils';
import { openRegister, RegisterSource } from './read-register';
import { CellMemo, RowOutcome } from './normalise-row';
import { parseUkDate } from './parse-date';

const directory = new CouncilDirectory([
  { code: 'S12000047', name: 'Fife Council', shortName: 'Fife', nation: 'Scotland', aliases: [] },
  { code: 'S12000041', name: 'Angus Council', shortName: 'Angus', nation: 'Scotland', aliases: [] },
]);

/** The text as UTF-8, handed over `size` bytes at a time (so records and characters straddle chunks). */
function source(name: string, text: string, size = 1 << 16): RegisterSource {
  const bytes = Buffer.from(text, 'utf8');
  return {
    name,
    async *open() {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    },
  };
}

async function readAll(src: RegisterSource, via: 'rows' | 'chunks'): Promise<RowOutcome[]> {
  const opened = await openRegister(src, { councils: directory });
  const out: RowOutcome[] = [];
  if (via === 'rows') for await (const r of opened.rows) out.push(r);
  else for await (const chunk of opened.chunks) out.push(...chunk);
  return out;
}

const REGISTER = [
  'Fife Council - Contracts Register',
  'Published 01/05/2026',
  '',
  'Contract Reference,Supplier,Start Date,End Date,Annual Value',
  'F-1,Civica UK Ltd,01/04/2024,31/03/2027,"£45,000"',
  'F-2,"Softcat\nplc",01/04/2025,31/03/2026,£1.2m',
  '',
  'F-3,Capita,31.03.2024,2027-03-31,450000',
].join('\r\n');

describe('openRegister', () => {
  it.each([1, 3, 7, 64, 1 << 16])('reads the same rows whatever the chunk size (%i bytes)', async (size) => {
    const rows = await readAll(source('fife.csv', REGISTER, size), 'rows');
    expect(rows.map((r) => [r.row, r.contract?.reference, r.contract?.supplierName, r.contract?.endDate, r.contract?.annualValue])).toEqual([
      [5, 'F-1', 'Civica UK Ltd', '2027-03-31', 45000],
      [6, 'F-2', 'Softcat\nplc', '2026-03-31', 1200000],
      [8, 'F-3', 'Capita', '2027-03-31', 450000], // a spreadsheet row, not a line of the file
    ]);
  });

  it('gives the same outcomes chunk by chunk as row by row', async () => {
    const lines = ['Contract Reference,Supplier,End Date'];
    for (let i = 1; i <= 5000; i++) lines.push(`R-${i},Supplier ${i % 17},${String((i % 28) + 1).padStart(2, '0')}/0${(i % 9) + 1}/2027`);
    const text = lines.join('\n');
    const byRow = await readAll(source('fife.csv', text, 4096), 'rows');
    const byChunk = await readAll(source('fife.csv', text, 4096), 'chunks');
    expect(byRow).toHaveLength(5000);
    expect(byChunk).toEqual(byRow);
  });

  it('finds the header in a later chunk than the title rows', async () => {
    const opened = await openRegister(source('fife.csv', REGISTER, 5), { councils: directory });
    expect(opened.layout.headerRow).toBe(4);
    expect(opened.layout.titleRows).toEqual(['Fife Council - Contracts Register', 'Published 01/05/2026']);
  });

  describe('mojibake (UTF-8 once read as Windows-1252 and saved again)', () => {
    const damaged = ['Contract Reference,Supplier,Annual Value,Title', 'F-1,Civica,"Â£45,000",Clean', 'F-2,Oâ€™Brien Ltd,100,Councilâ€™s CRM'].join('\n');

    it.each([1, 2, 5, 1 << 16])('is repaired and noted, never stored as read (%i-byte chunks)', async (size) => {
      const rows = await readAll(source('fife.csv', damaged, size), 'chunks');
      expect(rows[0].contract?.annualValue).toBe(45000);
      expect(rows[1].contract?.supplierName).toBe('O’Brien Ltd');
      expect(rows[1].contract?.title).toBe('Council’s CRM');
      const notes = rows.flatMap((r) => r.issues.filter((i) => i.code === 'MOJIBAKE_REPAIRED').map((i) => [i.row, i.column, i.value]));
      expect(notes).toEqual([
        [2, 'Annual Value', 'Â£45,000'],
        [3, 'Supplier', 'Oâ€™Brien Ltd'],
        [3, 'Title', 'Councilâ€™s CRM'],
      ]);
    });

    it('leaves genuine accented text alone', async () => {
      const rows = await readAll(source('fife.csv', 'Contract Reference,Supplier\nF-1,Société Générale Ltd\nF-2,Café Ltd £5', 3), 'chunks');
      expect(rows.map((r) => r.contract?.supplierName)).toEqual(['Société Générale Ltd', 'Café Ltd £5']);
      expect(rows.flatMap((r) => r.issues).filter((i) => i.code === 'MOJIBAKE_REPAIRED')).toEqual([]);
    });
  });
});

describe('binary data and references that are not references', () => {
  it('refuses a NUL byte anywhere in the file, naming its line, not only in the first 4 KiB', async () => {
    const lines = ['Contract Reference,Supplier,End Date'];
    for (let i = 1; i <= 400; i++) lines.push(`R-${i},Supplier ${i % 17},31/03/2027`);
    lines[300] = 'R-300,Supp\u0000lier,31/03/2027';
    await expect(readAll(source('fife.csv', lines.join('\n'), 1024), 'rows')).rejects.toMatchObject({ code: 'NOT_CSV', file: 'fife.csv', message: 'fife.csv: the file is not a CSV register: it contains binary data (a NUL byte on line 301)' });
  });

  it('rejects a row whose reference is longer than any reference (it is other text), saying so', async () => {
    const rows = await readAll(source('fife.csv', `Contract Reference,Supplier,End Date\nF-1,Civica,31/03/2027\n${'X'.repeat(250)},Capita,31/03/2027\n`), 'rows');
    expect(rows[0].contract?.reference).toBe('F-1');
    expect(rows[1].contract).toBeNull();
    expect(rows[1].issues).toContainEqual(expect.objectContaining({ code: 'REFERENCE_TOO_LONG', severity: 'error', message: expect.stringMatching(/250 characters, over 200/) }));
  });
});

describe('mojibake split exactly where a chunk ends', () => {
  it('is still repaired when the record ends in the chunk that starts half-way through it', async () => {
    const head = 'Contract Reference,Supplier\nF-1,O';
    const text = `${head}â€™Brien Ltd\n`;
    // First chunk ends right after "O" + "â" (so "â" is unfinished text); the second starts with "€™".
    const cut = Buffer.byteLength(`${head}â`, 'utf8');
    const bytes = Buffer.from(text, 'utf8');
    const src: RegisterSource = {
      name: 'fife.csv',
      async *open() {
        yield bytes.subarray(0, cut);
        yield bytes.subarray(cut);
      },
    };
    const opened = await openRegister(src, { councils: directory });
    const rows: RowOutcome[] = [];
    for await (const chunk of opened.chunks) rows.push(...chunk);
    expect(rows[0].contract?.supplierName).toBe('O’Brien Ltd');
  });
});

describe('readings shared by the rows of one file', () => {
  it('explains a bad date and an unknown council on every row that repeats them, not just the first', async () => {
    const text = [
      'Council,Contract Reference,Supplier,End Date',
      ...Array.from({ length: 5 }, (_, i) => `Fife,R-${i},Civica UK Ltd,31/02/2027`),
      ...Array.from({ length: 3 }, (_, i) => `Atlantis Council,X-${i},Civica UK Ltd,31/03/2027`),
    ].join('\n');
    const rows = await readAll(source('national.csv', text), 'chunks');
    expect(rows.filter((r) => r.contract)).toHaveLength(5);
    const dateIssues = rows.flatMap((r) => r.issues).filter((i) => i.code === 'DATE_INVALID');
    expect(dateIssues.map((i) => i.row)).toEqual([2, 3, 4, 5, 6]);
    expect(rows.flatMap((r) => r.issues).filter((i) => i.code === 'COUNCIL_UNKNOWN').map((i) => i.row)).toEqual([7, 8, 9]);
    // Each row's issue list is its own, even when the reading behind it was remembered.
    expect(new Set(rows.map((r) => r.issues)).size).toBe(rows.length);
  });

  it('reads the same with and without the memo, however many distinct values a file has', () => {
    const memo = new CellMemo();
    const ctx = { councils: directory, dates: {} };
    // More distinct dates than the memo holds, each asked for twice, so it is refilled part-way.
    for (let day = 0; day < 9000; day++) {
      const d = new Date(Date.UTC(2000, 0, 1 + day));
      const raw = `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
      const expected = parseUkDate(raw, ctx.dates);
      expect(memo.date(raw, ctx.dates)).toEqual(expected);
      expect(memo.date(raw, ctx.dates)).toEqual(expected);
    }
    for (const raw of ['Fife', 'fife council', 'S12000041', 'Atlantis', 'Fife']) expect(memo.council(raw, directory)).toEqual(directory.resolve(raw));
  });
});
