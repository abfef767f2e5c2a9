/// <reference lib="dom" />
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { TokensRepository, UsersRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { WebAuthService } from '../apps/api/src/web/web-auth.service';
import { DATA_DIR, REPO_ROOT } from './support/databases';
import { inProcessApp } from './support/app';
import { launchBrowser } from './support/browser';
import { shot } from './support/screenshots';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const PASSWORD = 'correct horse battery staple';

/** Parses the CSV this app writes (every text field quoted, numbers bare). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r') continue;
    else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += ch;
  }
  return rows;
}

describe('web pages in a real browser (Debian chromium, playwright-core)', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  const stack = inProcessApp('ccr-web-', {}, { listen: true });

  beforeAll(async () => {
    app = stack.app();
    base = stack.base();
    const users = app.get(UsersRepository);
    const auth = app.get(WebAuthService);
    const now = new Date().toISOString();
    for (const [email, role, council] of [['admin@register.test', 'admin', null], ['analyst@register.test', 'analyst', null], ['lead@fife.gov.uk', 'council', FIFE], ['lead@angus.gov.uk', 'council', ANGUS]] as const) {
      const { user } = await users.invite(email, role, council, 'test', now);
      await users.setPassword(user.id, await auth.hash(PASSWORD));
    }
    // Other councils' registers, through the API, so there are opportunities to review.
    const admin = (await app.get(TokensRepository).create('admin', null, 'seed', now)).token;
    for (const file of ['angus-council-ict-contracts.csv', 'digital-office-multi-council-extract.csv', 'glasgow-city-council-register-S12000049.tsv']) {
      await request(app.getHttpServer()).post('/api/imports').set({ Authorization: `Bearer ${admin}` }).attach('file', path.join(DATA_DIR, 'registers', file)).expect(202);
    }
    await app.get(JobQueue).idle();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function signIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('networkidle');
    return { context, page };
  }


  it('signs a council lead in, uploads a register with bad rows, fixes the mapping and reads the report', async () => {
    const { context, page } = await signIn('lead@fife.gov.uk');
    try {
      expect(page.url()).toBe(`${base}/councils/${FIFE}`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Fife Council');
      const cookie = (await context.cookies()).find((c) => c.name === 'ccr_session')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      await page.getByRole('link', { name: 'Upload', exact: true }).click();
      await page.getByLabel('Register file').setInputFiles(path.join(REPO_ROOT, 'test/fixtures/web/fife-register-with-problems.csv'));
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
      await page.waitForSelector('text=Row issues', { timeout: 30_000 });
      await page.waitForFunction(() => !document.querySelector('progress'), undefined, { timeout: 30_000 });
      const firstReport = page.url();
      const issues = await page.locator('table').last().innerText();
      // The bad rows, each with row number, column and value.
      expect(issues).toMatch(/6\s+Start Date\s+31\/02\/2024/);
      expect(issues).toContain('=1+2');
      // "Wrap Up" was not recognised: it is an extra attribute, so no end dates were read.
      const select = page.getByLabel('Field for Wrap Up');
      await expect(select.inputValue()).resolves.toBe('');
      await shot(page, 'import-report');

      // The issues download neutralises anything a spreadsheet would run (OWASP CSV injection).
      const csvLink = page.getByRole('link', { name: 'Download all issues (CSV)' });
      const [csvDownload] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
      const csv = parseCsv(fs.readFileSync((await csvDownload.path())!, 'utf8'));
      expect(csv[0]).toEqual(['Row', 'Column', 'Value', 'Code', 'Severity', 'Problem']);
      const dangerous = csv.slice(1).map((r) => r[2]).filter((v) => v.includes('=1+2') || v.includes('HYPERLINK'));
      expect(dangerous.length).toBeGreaterThan(0);
      for (const v of dangerous) expect(v.startsWith("'")).toBe(true);
      const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel' }).first().click()]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile((await xlsxDownload.path())!);
      const cells = book.worksheets[0].getColumn(3).values.filter((v): v is string => typeof v === 'string' && (v.includes('=1+2') || v.includes('HYPERLINK')));
      expect(cells.length).toBeGreaterThan(0);
      for (const v of cells) expect(v.startsWith("'")).toBe(true);
      expect(book.worksheets[0].getColumn(3).values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);

      // Fix the mapping: "Wrap Up" is the end date. Saved for next time, and the file imported again.
      await select.selectOption('endDate');
      await page.getByRole('button', { name: 'Save mapping and import again' }).click();
      await page.waitForURL((u) => /\/imports\/[0-9a-f-]{36}\?saved=1$/.test(u.toString()) && !u.toString().startsWith(firstReport));
      await page.waitForFunction(() => !document.querySelector('progress'), undefined, { timeout: 30_000 });
      await expect(page.getByLabel('Field for Wrap Up').inputValue()).resolves.toBe('endDate');
      await expect(page.locator('.govuk-summary-list').innerText()).resolves.toMatch(/Imported\s+5/);
      // The council by name (with its code), as everywhere a person reads it.
      await expect(page.locator('.govuk-summary-list').innerText()).resolves.toMatch(/Council\s+Fife \(S12000047\)/);

      // The contracts register shows the renewal dates, explained.
      await page.goto(`${base}/contracts?sort=endDate`);
      const table = await page.locator('table').innerText();
      expect(table).toContain('Revenues and Benefits System');
      // £412,000 a year over five years is a large contract: 18 months' lead time before 01/04/2027.
      expect(table).toMatch(/Revenues and Benefits System[\s\S]*?Current end\s+31\/03\/2027[\s\S]*?Decide by\s+01\/10\/2025/);
      expect(table).toContain('18 months before the new contract must start');
      // Its decision date has passed: tagged, on the list itself.
      expect(table).toMatch(/Revenues and Benefits System[\s\S]*?overdue\s+Current end\s+31\/03\/2027/);
      await shot(page, 'contracts');

      // Council page: upcoming decisions and the calendar feed link.
      await page.goto(`${base}/councils/${FIFE}`);
      await expect(page.locator('.app-code').innerText()).resolves.toMatch(new RegExp(`/api/councils/${FIFE}/renewals\\.ics\\?token=`));
      await shot(page, 'council');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('lets an analyst open an opportunity, see its timeline and accept it', async () => {
    await app.get(JobQueue).idle();
    const { context, page } = await signIn('analyst@register.test');
    try {
      expect(page.url()).toBe(`${base}/`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Across all councils');
      await page.waitForFunction(() => ((document.getElementById('quarters') as HTMLCanvasElement | null)?.width ?? 0) > 0);
      // A continuous time axis: every quarter from today's on, empty ones too, after "Overdue"; a line marks today.
      const quarters = await page.evaluate(() => {
        const chart = (window as unknown as { Chart: { getChart(id: string): { data: { labels: string[] }; config: { plugins: { id: string }[] } } } }).Chart.getChart('quarters');
        return { labels: chart.data.labels, plugins: chart.config.plugins.map((p) => p.id) };
      });
      expect(quarters.labels[0]).toBe('Overdue');
      const months = ['Jan', 'Apr', 'Jul', 'Oct'];
      const index = (label: string) => Number(label.slice(-4)) * 4 + months.indexOf(label.slice(0, 3));
      expect(quarters.labels.slice(1).map(index)).toEqual(quarters.labels.slice(1).map((_, i) => index(quarters.labels[1]) + i));
      expect(quarters.labels.length).toBeGreaterThanOrEqual(13);
      expect(quarters.plugins).toContain('todayLine');
      await shot(page, 'dashboard');
      await page.getByRole('link', { name: 'Opportunities', exact: true }).first().click();
      await page.selectOption('#kind', 'collaborative');
      await page.getByRole('button', { name: 'Filter' }).click();
      await shot(page, 'opportunities');
      const first = page.locator('table tbody tr a').first();
      const label = await first.innerText();
      await first.click();
      await expect(page.locator('h1').innerText()).resolves.toBe(label);
      // The chart drew on its canvas (Chart.js served from this app; the CSP allows no other source).
      // (Functions, not strings: the page's CSP forbids eval, as it should.)
      const drawn = await page.waitForFunction(() => {
        const c = document.getElementById('timeline') as HTMLCanvasElement | null;
        if (!c || c.width === 0) return false;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
        return false;
      });
      expect(await drawn.jsonValue()).toBe(true);
      // Ticks on the first of a month; today on the axis, drawn as a line.
      const axis = await page.evaluate(() => {
        const chart = (window as unknown as { Chart: { getChart(id: string): { scales: { x: { ticks: { value: number }[]; min: number; max: number } }; config: { plugins: { id: string }[] } } } }).Chart.getChart('timeline');
        return { ticks: chart.scales.x.ticks.map((t) => new Date(t.value).toISOString().slice(0, 10)), min: chart.scales.x.min, max: chart.scales.x.max, plugins: chart.config.plugins.map((p) => p.id) };
      });
      expect(axis.ticks.length).toBeGreaterThan(1);
      expect(axis.ticks.every((d) => d.endsWith('-01'))).toBe(true);
      expect(axis.plugins).toContain('todayLine');
      expect(Date.now()).toBeGreaterThanOrEqual(axis.min);
      expect(Date.now()).toBeLessThanOrEqual(axis.max);
      await page.getByLabel('Accept: take it forward').check();
      await page.getByLabel('Reason').fill('Three councils agree to a joint tender through Scotland Excel');
      await shot(page, 'opportunity');
      await page.getByRole('button', { name: 'Save decision' }).click();
      await page.waitForURL(/\?saved=1$/);
      await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Decision saved');
      await expect(page.locator("main .govuk-tag").first().innerText()).resolves.toMatch(/accepted/i);

      await page.goto(`${base}/suppliers`);
      await expect(page.locator('h1').innerText()).resolves.toBe('Suppliers');
      await shot(page, 'suppliers');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('reads an Excel upload by its values (a formula cell is never evaluated)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Contracts');
    sheet.addRow(['Angus Council ICT contracts']);
    sheet.addRow([]);
    sheet.addRow(['Contract Reference', 'Contract Title', 'Supplier Name', 'Start Date', 'End Date', 'Annual Value']);
    sheet.addRow(['ANG-X1', 'Payroll service', 'MHR International UK Ltd', new Date(Date.UTC(2024, 3, 1)), new Date(Date.UTC(2027, 2, 31)), 85000]);
    sheet.addRow(['ANG-X2', 'Telephony', { formula: 'CONCAT("BT"," plc")', result: 'BT plc' }, '01/04/2025', '31/03/2028', { formula: '1000*20', result: 20000 }]);
    const file = path.join(stack.dir(), 'angus-register.xlsx');
    await book.xlsx.writeFile(file);
    const { context, page } = await signIn('admin@register.test');
    try {
      await page.goto(`${base}/upload`);
      await page.selectOption('#council', ANGUS);
      await page.getByLabel('Register file').setInputFiles(file);
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
      await page.waitForFunction(() => !document.querySelector('progress'), undefined, { timeout: 30_000 });
      await expect(page.locator('.govuk-summary-list').innerText()).resolves.toMatch(/Imported\s+2/);
      await page.goto(`${base}/contracts?council=${ANGUS}&supplier=BT`);
      await expect(page.locator('table tbody').innerText()).resolves.toMatch(/Telephony[\s\S]*(BT plc|British Telecommunications plc)[\s\S]*£20,000[\s\S]*Current end\s+31\/03\/2028/);

      // Inviting a council user without choosing the council: the error is on the field, and what was typed stays.
      await page.goto(`${base}/users`);
      await page.getByLabel('E-mail address').fill('new.lead@angus.gov.uk');
      await page.selectOption('#role', 'council');
      await page.getByRole('button', { name: /invite/i }).click();
      await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Choose the council this user acts for');
      await expect(page.locator('#council-error').innerText()).resolves.toContain('Choose the council');
      await expect(page.getByLabel('E-mail address').inputValue()).resolves.toBe('new.lead@angus.gov.uk');
      await expect(page.locator('#role').inputValue()).resolves.toBe('council');
      // With the council chosen, the link is shown once; a new one can be made later, and the first then stops working.
      await page.selectOption('#council', ANGUS);
      await page.getByRole('button', { name: /invite/i }).click();
      const first = (await page.locator('.govuk-notification-banner .app-code').innerText()).trim();
      expect(first).toMatch(/\/invite\/[0-9a-f]{48}$/);
      await page.getByRole('button', { name: 'New invitation link for new.lead@angus.gov.uk' }).click();
      const second = (await page.locator('.govuk-notification-banner .app-code').innerText()).trim();
      expect(second).toMatch(/\/invite\/[0-9a-f]{48}$/);
      expect(second).not.toBe(first);
      expect((await fetch(`${base}${new URL(first).pathname}`)).status).toBe(404);
      expect((await fetch(`${base}${new URL(second).pathname}`)).status).toBe(200);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('keeps a council user to its own council, and refuses forms without the CSRF token', async () => {
    const { context, page } = await signIn('lead@angus.gov.uk');
    try {
      const other = await page.goto(`${base}/councils/${FIFE}`);
      expect(other!.status()).toBe(403);
      await expect(page.locator('h1').innerText()).resolves.toBe('You cannot see this page');
      const contracts = await page.goto(`${base}/contracts?council=${FIFE}`);
      expect(contracts!.status()).toBe(403);
      const mine = await page.goto(`${base}/contracts`);
      expect(mine!.status()).toBe(200);
      expect(await page.locator('table tbody').innerText()).not.toMatch(/\bFife\b/);
      const users = await page.goto(`${base}/users`);
      expect(users!.status()).toBe(403);
      // A form posted without the session's CSRF token changes nothing.
      const forged = await context.request.post(`${base}/councils/${ANGUS}/alert-settings`, { form: { emails: 'attacker@example.com', stages: '1' }, maxRedirects: 0 });
      expect(forged.status()).toBe(403);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('locks an account after repeated failed sign-ins', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${base}/sign-in`);
      await shot(page, 'sign-in');
      for (let i = 0; i < 5; i++) {
        await page.getByLabel('E-mail address').fill('admin@register.test');
        await page.getByLabel('Password', { exact: true }).fill('not the password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('The e-mail address or password is not right');
      }
      await page.getByLabel('E-mail address').fill('admin@register.test');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('locked');
    } finally {
      await context.close();
    }
  }, 60_000);
});
