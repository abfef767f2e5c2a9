import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { TokensRepository, UsersRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { createApiApp } from '../apps/api/src/bootstrap';
import { DATA_DIR } from './support/databases';

// The contract and opportunity downloads, streamed: many keyset pages (EXPORT_PAGE_ROWS=7 here,
// 1,000 in use) make one file with every row once, in the order the list shows, for whoever may
// see them, sent chunked as it is read.
const PAGE_ROWS = 7;
const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const DUNDEE = 'S12000042';
const COUNTS: Record<string, number> = { [FIFE]: 900, [ANGUS]: 700, [DUNDEE]: 600 };
const TOTAL = 2200;
const HEADER = [
  'Council', 'Reference', 'Title', 'Supplier (as written)', 'Supplier', 'Service category', 'Product', 'Start date', 'Current end', 'Possible ends', 'Maximum end', 'Notice by',
  'Decision date', 'Annual value', 'Whole-life value', 'Extension wording', expect.stringMatching(/^Status on \d\d\/\d\d\/\d{4}$/),
];
/** What the status column may say of a contract (the pages' time tags). */
const STATUS = /^((overdue|due soon|presumed extended|expired)(, (overdue|due soon))?)?$/;
const DANGEROUS = '=HYPERLINK("http://evil.test","Civica")';

/** Three councils buying the same few things, end dates bunched (many ties, broken by id). */
function register(): string {
  const products = [
    ['Revenues and Benefits System', 'NEC Software Solutions UK Limited', 'Revenues & Benefits'],
    ['Social Work Case Management', 'Access UK Ltd', 'Social care case management'],
    ['Schools MIS', 'SEEMiS Group LLP', 'Education MIS'],
    ['Payroll and HR', 'Civica UK Ltd', 'HR & Payroll'],
    ['Contact Centre Telephony', 'Gamma Business Communications Ltd', 'Telephony'],
  ];
  const lines = ['Council,Contract Reference,Contract Title,Supplier Name,Start Date,End Date,Extension Options,Annual Value,Category'];
  let i = 0;
  for (const [council, n] of Object.entries(COUNTS)) {
    for (let k = 0; k < n; k++, i++) {
      const [title, supplier, category] = products[i % products.length];
      const month = String((i % 12) + 1).padStart(2, '0');
      const name = council === FIFE && k === 5 ? `"${DANGEROUS.replace(/"/g, '""')}"` : supplier;
      lines.push(`${council},X-${council.slice(-3)}-${String(k).padStart(4, '0')},${title} lot ${k % 9},${name},01/${month}/2024,28/${month}/${2027 + (i % 3)},1+1,${(k % 40) * 1000 + 12000},${category}`);
    }
  }
  return lines.join('\n');
}

/** DD/MM/YYYY as YYYY-MM-DD; "–" (unknown) sorts last. */
const iso = (uk: string) => (/^\d\d\/\d\d\/\d{4}$/.test(uk) ? `${uk.slice(6)}-${uk.slice(3, 5)}-${uk.slice(0, 2)}` : '9999-12-31');

describe('streamed downloads (many keyset pages)', () => {
  let app: INestApplication;
  let dir: string;
  const cookies: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-exports-'));
    Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(dir, 'exports.sqlite')}`, LOG_LEVEL: 'silent', ANALYSIS_DEBOUNCE_MS: '50', DATA_DIR, EXPORT_PAGE_ROWS: String(PAGE_ROWS) });
    delete process.env.REDIS_URL;
    app = await createApiApp();
    await app.listen(0, '127.0.0.1');
    const now = new Date().toISOString();
    tokens.admin = (await app.get(TokensRepository).create('admin', null, 'seed', now)).token;
    tokens.analyst = (await app.get(TokensRepository).create('analyst', null, 'analyst', now)).token;
    tokens.fife = (await app.get(TokensRepository).create('council', FIFE, 'fife', now)).token;
    const users = app.get(UsersRepository);
    for (const [who, role, council] of [['analyst', 'analyst', null], ['fife', 'council', FIFE]] as const) {
      const { user } = await users.invite(`${who}@register.test`, role, council, 'test', now);
      cookies[who] = `ccr_session=${(await users.createSession(user.id, now, 8)).token}`;
    }
    await request(app.getHttpServer()).post('/api/imports').set({ Authorization: `Bearer ${tokens.admin}` }).attach('file', Buffer.from(register()), 'three-councils.csv').expect(202);
    // The import, then the analysis it asks for.
    await app.get(JobQueue).idle();
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());

  /** A download as it came over the wire: status, headers and bytes. */
  async function download(url: string, who: string) {
    const res = await http().get(url).set('Cookie', cookies[who]).buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    return { status: res.status, headers: res.headers, body: res.body as Buffer };
  }

  function csvRows(body: Buffer): string[][] {
    const text = body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    return parse(text.slice(1), { relax_column_count: false }) as string[][];
  }

  /** The same list through the JSON API, every page by cursor: council and reference in order. */
  async function listed(token: string, query: string): Promise<string[]> {
    const out: string[] = [];
    for (let cursor = ''; ;) {
      const res = await http().get(`/api/contracts?${query}&limit=500${cursor ? `&cursor=${cursor}` : ''}`).set({ Authorization: `Bearer ${tokens[token]}` }).expect(200);
      out.push(...(res.body.items as { council: string; reference: string }[]).map((c) => `${c.council} ${c.reference}`));
      if (!res.body.next) return out;
      cursor = res.body.next;
    }
  }

  function chunked(headers: Record<string, string>) {
    expect(headers['transfer-encoding']).toBe('chunked');
    expect(headers['content-length']).toBeUndefined();
  }

  it('gives every contract once, in the sort asked for, chunked, across hundreds of pages', async () => {
    const res = await download('/contracts.csv?sort=endDate', 'analyst');
    expect(res.status).toBe(200);
    chunked(res.headers);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="contracts.csv"');
    const [header, ...rows] = csvRows(res.body);
    expect(header).toEqual(HEADER);
    expect(rows).toHaveLength(TOTAL);
    for (const r of rows) expect(r[16]).toMatch(STATUS);
    const keys = rows.map((r) => `${r[0]} ${r[1]}`);
    expect(new Set(keys).size).toBe(TOTAL);
    // In current end order (what sort=endDate means), and exactly the list's order, ties and all.
    const ends = rows.map((r) => iso(r[8]));
    expect(ends).toEqual([...ends].sort());
    expect(keys).toEqual(await listed('analyst', 'sort=endDate'));
    // Text a spreadsheet would run is neutralised; numbers stay numbers.
    const dangerous = rows.find((r) => r[3].includes('HYPERLINK'))!;
    expect(dangerous[3]).toBe(`'${DANGEROUS}`);
    expect(rows.every((r) => /^\d+$/.test(r[13]))).toBe(true);
  });

  it('keeps the filters and sort of the page it was asked from', async () => {
    const res = await download(`/contracts.csv?council=${ANGUS}&supplier=civica&sort=annualValue`, 'analyst');
    expect(res.status).toBe(200);
    const [, ...rows] = csvRows(res.body);
    expect(rows.length).toBeGreaterThan(PAGE_ROWS * 3);
    expect(rows.every((r) => r[0] === ANGUS && r[3] === 'Civica UK Ltd')).toBe(true);
    const values = rows.map((r) => Number(r[13]));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(rows.map((r) => `${r[0]} ${r[1]}`)).toEqual(await listed('analyst', `council=${ANGUS}&supplier=civica&sort=annualValue`));
  });

  it('gives a council user their own council only, and refuses another council before sending anything', async () => {
    const res = await download('/contracts.csv', 'fife');
    expect(res.status).toBe(200);
    chunked(res.headers);
    const [, ...rows] = csvRows(res.body);
    expect(rows).toHaveLength(COUNTS[FIFE]);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set([FIFE]));
    expect(new Set(rows.map((r) => r[1])).size).toBe(COUNTS[FIFE]);
    expect(rows.map((r) => `${r[0]} ${r[1]}`)).toEqual(await listed('fife', 'sort=council'));

    const refused = await download(`/contracts.xlsx?council=${ANGUS}`, 'fife');
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.body.toString('utf8')).not.toContain(`X-${ANGUS.slice(-3)}-`);
  });

  it('writes the same rows as an Excel workbook, header bold and frozen, formulas as text', async () => {
    const res = await download('/contracts.xlsx?sort=council', 'analyst');
    expect(res.status).toBe(200);
    chunked(res.headers);
    expect(res.headers['content-disposition']).toBe('attachment; filename="contracts.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    expect(sheet.rowCount).toBe(TOTAL + 1);
    const keys: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) keys.push(`${row.getCell(1).value} ${row.getCell(2).value}`);
    });
    expect(keys).toEqual(await listed('analyst', 'sort=council'));
    const cells = sheet.getColumn(4).values.filter((v) => typeof v === 'string' && v.includes('HYPERLINK'));
    expect(cells).toEqual([`'${DANGEROUS}`]);
    expect(sheet.getColumn(4).values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
  });

  it('gives every opportunity once, strongest first, with no cap on pages; a council only those it is in', async () => {
    const ids: string[] = [];
    for (let cursor = ''; ;) {
      const res = await http().get(`/api/opportunities?limit=500${cursor ? `&cursor=${cursor}` : ''}`).set({ Authorization: `Bearer ${tokens.analyst}` }).expect(200);
      ids.push(...(res.body.items as { id: string }[]).map((o) => o.id));
      if (!res.body.next) break;
      cursor = res.body.next;
    }
    expect(ids.length).toBeGreaterThan(PAGE_ROWS);

    const res = await download('/opportunities.csv', 'analyst');
    expect(res.status).toBe(200);
    chunked(res.headers);
    const [header, ...rows] = csvRows(res.body);
    expect(header).toEqual(['Id', 'Kind', 'Opportunity', 'Score', 'Councils', 'Contracts', 'Window start', 'Window end', 'Annual value', 'Earliest decision date', 'Status', 'Why']);
    expect(rows.map((r) => r[0])).toEqual(ids);

    const fife = csvRows((await download('/opportunities.csv', 'fife')).body).slice(1);
    expect(fife.length).toBeGreaterThan(0);
    expect(fife.every((r) => r[4].split(' ').includes(FIFE))).toBe(true);
    expect(fife.map((r) => r[0])).toEqual(ids.filter((id) => rows.find((r) => r[0] === id)![4].split(' ').includes(FIFE)));

    const xlsx = await download('/opportunities.xlsx', 'analyst');
    chunked(xlsx.headers);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(book.worksheets[0].getColumn(1).values.slice(2)).toEqual(ids);
  });
});
