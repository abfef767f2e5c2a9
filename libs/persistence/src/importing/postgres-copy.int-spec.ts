import { DatabaseConfig } from '@app/config';
import { TEST_DATABASES } from '../../../../test/support/databases';
import { importBytes, openStack, Stack } from '../../../../test/support/stack';

// PostgreSQL imports load rows with COPY FROM STDIN; the multi-row INSERT path stays as the
// yardstick. Both must store exactly the same thing, whatever a council typed into a cell.
const postgres = TEST_DATABASES.find((d) => d.name === 'postgres');
const FIFE = 'S12000047';

/** Cells that have broken importers: delimiters, escapes, quotes, line breaks, the text NULL marker, non-Latin text. */
const NASTY = [
  'Tab\there',
  'Line one\nline two',
  'Windows\r\nbreak',
  'Back\\slash \\N \\t \\\\',
  '\\N',
  'He said "renew", didn\'t he?',
  'Trailing backslash\\',
  '  padded  ',
  'Gàidhlig – Comhairle nan Eilean Siar; emoji 📄; 中文',
  'Comma, semicolon; pipe | and NUL-free',
];

function csvCell(v: string): string {
  return `"${v.replace(/"/g, '""')}"`;
}

/** A register whose titles, suppliers, extension wording and extra column hold the nasty values, with blanks between. */
function nastyRegister(rows: number): string {
  const lines = ['Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value,Extension Options,Contract Manager'];
  for (let i = 0; i < rows; i++) {
    const v = NASTY[i % NASTY.length];
    const blank = i % 7 === 3;
    // Every fifth row has an end date that cannot be read: a row issue whose raw value is nasty too.
    const end = i % 5 === 0 ? csvCell(`31/13/2027 ${v}`) : '31/03/2027';
    lines.push([
      `N-${i}`, csvCell(`${v} ${i}`), blank ? '' : csvCell(v), '01/04/2024', end, blank ? '' : '"£1,000"', blank ? '' : csvCell(v), csvCell(v),
    ].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

(postgres ? describe : describe.skip)('PostgreSQL imports by COPY', () => {
  const opened: { config: DatabaseConfig; stack: Stack }[] = [];

  async function open(bulkLoad: 'copy' | 'insert'): Promise<Stack> {
    const base = postgres!.config();
    const config = { ...base, bulkLoad } as DatabaseConfig;
    const stack = await openStack(config);
    opened.push({ config, stack });
    return stack;
  }

  afterEach(async () => {
    for (const { config, stack } of opened.splice(0)) {
      await stack.close();
      await postgres!.drop(config);
    }
  });

  async function stored(stack: Stack, importId: string) {
    const contracts = await stack.dataSource.query(
      `SELECT council_code, reference, title, description, supplier_name, company_number, start_date, end_date, end_date_derived,
              duration_months, extension_text, notice_period, annual_value, total_value, category, cpv, department, extras, row_number,
              has_warnings, is_current, annual_value_source, total_value_source, value_low, value_high, extension_unit, joint_councils
         FROM contracts WHERE import_id = $1 ORDER BY row_number`,
      [importId],
    );
    const issues = await stack.dataSource.query('SELECT row, column_name, value, code, severity, message FROM import_issues WHERE import_id = $1 ORDER BY id', [importId]);
    return { contracts, issues };
  }

  it.each([
    ['small', 60],
    // About 1.2 issues a row: more than the COPY of contracts holds back, so issues are copied in several goes.
    ['larger (more issues than are held back at once)', 25_000],
  ])('stores a %s register of nasty values exactly as the INSERT path does', async (_, rows) => {
    const file = nastyRegister(rows);
    const viaCopy = await open('copy');
    const viaInsert = await open('insert');
    const a = await importBytes(viaCopy, 'nasty.csv', file, FIFE);
    const b = await importBytes(viaInsert, 'nasty.csv', file, FIFE);
    expect(a.record).toMatchObject({ status: 'completed', imported: rows, rejected: 0 });
    const { id: _a, createdAt: _1, startedAt: _2, finishedAt: _3, ...recordA } = a.record;
    const { id: _b, createdAt: _4, startedAt: _5, finishedAt: _6, ...recordB } = b.record;
    expect(recordA).toEqual(recordB);
    const copied = await stored(viaCopy, a.record.id);
    const inserted = await stored(viaInsert, b.record.id);
    expect(copied.contracts).toHaveLength(rows);
    expect(copied.issues.length).toBeGreaterThanOrEqual(rows / 5);
    expect(copied.issues).toHaveLength(a.record.issueCount);
    expect(copied.contracts).toEqual(inserted.contracts);
    expect(copied.issues).toEqual(inserted.issues);
    // And the values are the council's own, escapes and all, not merely equal on both paths.
    const byRef = (ref: string) => copied.contracts.find((c: { reference: string }) => c.reference === ref);
    expect(byRef('N-0')).toMatchObject({ title: 'Tab\there 0', supplier_name: 'Tab\there', is_current: true, has_warnings: true });
    expect(byRef('N-1')).toMatchObject({ title: 'Line one\nline two 1', extension_text: 'Line one\nline two' });
    expect(byRef('N-2').title).toBe('Windows\r\nbreak 2');
    expect(byRef('N-3')).toMatchObject({ title: 'Back\\slash \\N \\t \\\\ 3', supplier_name: null, annual_value: null, extension_text: null });
    expect(byRef('N-4')).toMatchObject({ title: '\\N 4', supplier_name: '\\N' });
    expect(byRef('N-5').supplier_name).toBe('He said "renew", didn\'t he?');
    expect(byRef('N-6').supplier_name).toBe('Trailing backslash\\');
    expect(byRef('N-8').supplier_name).toBe(NASTY[8]);
    expect(JSON.parse(byRef('N-3').extras)).toEqual({ 'Contract Manager': NASTY[3] });
    expect(copied.issues[0]).toMatchObject({ row: 2, column_name: 'End Date', value: '31/13/2027 Tab\there', code: 'DATE_INVALID' });
  }, 180_000);

  it('leaves planner statistics after a large load, so what runs after it is planned on what is there', async () => {
    // Without them the classification after a 1M import read every unclassified row for each page of 500 (a bitmap scan and a sort).
    const stack = await open('copy');
    const reltuples = async () => Number((await stack.dataSource.query("SELECT reltuples FROM pg_class WHERE oid = 'contracts'::regclass"))[0].reltuples);
    expect(await reltuples()).toBeLessThanOrEqual(0);
    const { record } = await importBytes(stack, 'big.csv', nastyRegister(12_000), FIFE);
    expect(record).toMatchObject({ status: 'completed', imported: 12_000 });
    expect(await reltuples()).toBeGreaterThan(6_000);
  }, 180_000);

  it('stores nothing when a file turns out malformed after rows were copied, and the next import works', async () => {
    const stack = await open('copy');
    const good = Array.from({ length: 60_000 }, (_, i) => `R${i},Item ${i},Supplier ${i},31/03/2027`).join('\n');
    const broken = `Contract Reference,Contract Title,Supplier,End Date\n${good}\nR-bad,"never closed,Supplier,31/03/2027\n`;
    const { record } = await importBytes(stack, 'fife-broken.csv', broken, FIFE);
    expect(record).toMatchObject({ status: 'failed', errorCode: 'CSV_MALFORMED' });
    const [{ n }] = await stack.dataSource.query('SELECT COUNT(*)::int AS n FROM contracts');
    expect(n).toBe(0);
    const next = await importBytes(stack, 'fife.csv', `Contract Reference,Contract Title,Supplier,End Date\nR1,Item,Supplier,31/03/2027\n`, FIFE);
    expect(next.record).toMatchObject({ status: 'completed', imported: 1 });
  }, 120_000);
});
