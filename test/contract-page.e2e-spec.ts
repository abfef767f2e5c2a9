/// <reference lib="dom" />
import { INestApplication } from '@nestjs/common';
import { Browser } from 'playwright-core';
import request from 'supertest';
import { TokensRepository, UsersRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { WebAuthService } from '../apps/api/src/web/web-auth.service';
import { inProcessApp } from './support/app';
import { launchBrowser, signInPage } from './support/browser';
import { shot } from './support/screenshots';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const PASSWORD = 'correct horse battery staple';
// Dates two years ahead of whenever the suite runs, so the contracts stay current and the ends ahead.
const YEAR = new Date().getUTCFullYear() + 2;

const FIFE_REGISTER = [
  'Contract Reference,Contract Title,Supplier,Start Date,Duration (months),End Date,Extension Options,Annual Value,Internal Notes',
  `FC-001,Mosaic social care case management,The Access Group,01/04/${YEAR - 4},,31/03/${YEAR},2 x 12 months,120000,renew with care`,
  `FC-002,Payroll service,Civica UK Ltd,01/04/${YEAR - 3},60,,,50000,`,
].join('\n');
const FIFE_UPDATE = [
  'Contract Reference,Contract Title,Supplier,Start Date,Duration (months),End Date,Extension Options,Annual Value,Internal Notes',
  `FC-001,Mosaic social care case management,The Access Group,01/04/${YEAR - 4},,30/04/${YEAR},2 x 12 months,120000,renew with care`,
].join('\n');
const ANGUS_REGISTER = [
  'Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value',
  `AC-9,Mosaic case management system,The Access Group Ltd,01/06/${YEAR - 5},30/06/${YEAR},90000`,
].join('\n');

// The contract page, its API and the links to it, over a real SQLite file and in a real browser.
describe('a contract page: every field with its provenance, its dates, opportunities and history', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  const stack = inProcessApp('ccr-contract-page-', {}, { listen: true });
  let current: number;
  let first: number;
  let payroll: number;

  const http = () => request(app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  async function upload(who: string, name: string, content: string, fields: Record<string, string> = {}): Promise<string> {
    let req = http().post('/api/imports').set(as(who));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    const id = (await req.attach('file', Buffer.from(content), name).expect(202)).body.id as string;
    await app.get(JobQueue).idle();
    return id;
  }

  async function analyse(): Promise<void> {
    await http().post('/api/opportunities/run').set(as('admin')).expect(202);
    await app.get(JobQueue).idle();
  }

  beforeAll(async () => {
    app = stack.app();
    base = stack.base();
    const now = new Date().toISOString();
    const repo = app.get(TokensRepository);
    tokens.admin = (await repo.create('admin', null, 'admin', now)).token;
    tokens.fife = (await repo.create('council', FIFE, 'fife', now)).token;
    tokens.angus = (await repo.create('council', ANGUS, 'angus', now)).token;
    const { user } = await app.get(UsersRepository).invite('lead@fife.gov.uk', 'council', FIFE, 'test', now);
    await app.get(UsersRepository).setPassword(user.id, await app.get(WebAuthService).hash(PASSWORD));

    await upload('fife', 'fife-register.csv', FIFE_REGISTER);
    await upload('fife', 'fife-update.csv', FIFE_UPDATE, { mode: 'update' });
    await upload('angus', 'angus-register.csv', ANGUS_REGISTER);
    await analyse();
    const list = (await http().get(`/api/contracts?council=${FIFE}`).set(as('fife')).expect(200)).body.items as { id: number; reference: string; previousContractId: number | null }[];
    const mosaic = list.find((c) => c.reference === 'FC-001')!;
    current = mosaic.id;
    first = mosaic.previousContractId!;
    payroll = list.find((c) => c.reference === 'FC-002')!.id;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('gives every version of a contract over the API, with the import, file and row of each and what changed', async () => {
    expect(first).toEqual(expect.any(Number));
    const history = (await http().get(`/api/contracts/${current}/history`).set(as('fife')).expect(200)).body;
    expect(history.contractId).toBe(current);
    expect(history.versions).toHaveLength(2);
    expect(history.versions[0]).toMatchObject({ id: first, current: false, fileName: 'fife-register.csv', row: 2, changed: [], first: true });
    expect(history.versions[1]).toMatchObject({ id: current, current: true, fileName: 'fife-update.csv', row: 2, first: false, importedByName: 'API token "fife"' });
    expect(history.versions[1].changed).toContain('endDate');
    // The old version says the same history; another council's token sees neither.
    expect((await http().get(`/api/contracts/${first}/history`).set(as('fife')).expect(200)).body.versions.map((v: { id: number }) => v.id)).toEqual([first, current]);
    await http().get(`/api/contracts/${current}/history`).set(as('angus')).expect(404);
  });

  it('says which opportunities a contract is in, with its step of the plan, and only those its council takes part in', async () => {
    const found = (await http().get(`/api/contracts/${current}/opportunities`).set(as('fife')).expect(200)).body;
    const collaborative = found.opportunities.filter((o: { kind: string }) => o.kind === 'collaborative');
    expect(collaborative).toHaveLength(1);
    expect(collaborative[0].label).toMatch(/Mosaic/);
    expect(collaborative[0].step).toMatchObject({ contractId: current, council: FIFE, reference: 'FC-001' });
    // The plan of that opportunity holds the contract: the two agree.
    const detail = (await http().get(`/api/opportunities/${collaborative[0].id}`).set(as('admin')).expect(200)).body;
    expect(detail.plan.map((p: { contractId: number }) => p.contractId)).toContain(current);
    // The superseded version is in no current opportunity; payroll has no partner.
    expect((await http().get(`/api/contracts/${first}/opportunities`).set(as('fife')).expect(200)).body.opportunities.filter((o: { kind: string }) => o.kind === 'collaborative')).toEqual([]);
    expect((await http().get(`/api/contracts/${payroll}/opportunities`).set(as('fife')).expect(200)).body.opportunities.filter((o: { kind: string }) => o.kind === 'collaborative')).toEqual([]);
  });

  const signIn = (width = 1280) => signInPage(browser, base, 'lead@fife.gov.uk', PASSWORD, width);

  it('reaches the contract from the list and shows each field with where it came from, its dates with today, its opportunity and its history', async () => {
    const page = await signIn();
    try {
      await page.goto(`${base}/contracts`);
      await Promise.all([page.waitForURL(new RegExp(`/contracts/${current}$`)), page.getByRole('link', { name: 'Mosaic social care case management' }).click()]);
      await shot(page, 'contract');
      const given = page.locator('#given');
      await expect(given.innerText()).resolves.toMatch(/Extension options, as written\s+2 x 12 months\s+read as: /);
      await expect(given.innerText()).resolves.toMatch(/End date\s+30\/04\/\d{4}\s+given/);
      await expect(given.innerText()).resolves.toMatch(/Internal Notes \(a column the register does not read\)\s+renew with care/);
      await expect(page.locator('#derived').innerText()).resolves.toMatch(/Product\s+Mosaic\s+derived/);
      const timeline = await page.locator('#timeline tbody').innerText();
      expect(timeline).toMatch(/Today/);
      expect(timeline).toMatch(new RegExp(`30/04/${YEAR}\\s+Ends as the register gives it`));
      expect(timeline).toMatch(new RegExp(`30/04/${YEAR + 2}\\s+Ends after 2 extension options \\(the latest it can end\\)`));
      // Dates in order, today among them.
      const dates = (await page.locator('#timeline tbody tr td:first-child').allInnerTexts()).map((d) => d.trim().split('/').reverse().join('-'));
      expect(dates).toEqual([...dates].sort());
      await expect(page.locator('#findings').innerText()).resolves.toMatch(/Mosaic[\s\S]*Collaborative procurement[\s\S]*Fife/);
      const history = page.locator('#history tbody tr');
      await expect(history.count()).resolves.toBe(2);
      await expect(history.nth(0).innerText()).resolves.toMatch(/fife-update\.csv, row 2\s+end date/);
      await expect(history.nth(1).innerText()).resolves.toMatch(/fife-register\.csv, row 2\s+first stored/);
      // Back to the import it came from, whose report links to the contract again.
      await Promise.all([page.waitForURL(/\/imports\//), page.locator('#source a').click()]);
      await expect(page.locator('#changed').innerText()).resolves.toMatch(/FC-001[\s\S]*end date/);
      await Promise.all([page.waitForURL(new RegExp(`/contracts/${current}$`)), page.locator('#changed a', { hasText: 'FC-001' }).click()]);

      // A derived end date says so, and how.
      await page.goto(`${base}/contracts/${payroll}`);
      await expect(page.locator('#given').innerText()).resolves.toMatch(/End date\s+31\/03\/\d{4}\s+from the start date and a duration of 60 months\s+derived/);

      // The old version says it is no longer current and leads to the current one.
      await page.goto(`${base}/contracts/${first}`);
      await expect(page.locator('main').innerText()).resolves.toMatch(/no longer current/);
      await expect(page.getByRole('link', { name: 'Go to the current version' }).getAttribute('href')).resolves.toBe(`/contracts/${current}`);
    } finally {
      await page.context().close();
    }
  }, 180_000);

  it('keeps the navigation and sign-out on an error page, and fits a phone', async () => {
    const page = await signIn(390);
    try {
      const missing = await page.goto(`${base}/contracts/987654321`);
      expect(missing?.status()).toBe(404);
      await expect(page.locator('h1').innerText()).resolves.toBe('Page not found');
      // On a phone the navigation folds behind its Menu button: the links are there.
      await page.getByRole('button', { name: 'Menu' }).click();
      await expect(page.locator('.govuk-service-navigation').getByRole('link', { name: 'Contracts' }).isVisible()).resolves.toBe(true);
      await expect(page.locator('.app-account').innerText()).resolves.toMatch(/Sign out/i);
      expect(missing?.headers()['content-security-policy']).toMatch(/default-src 'self'/);

      for (const url of [`/contracts/${current}`, '/contracts', `/imports/${(await http().get(`/api/contracts/${current}`).set(as('fife')).expect(200)).body.importId}`]) {
        await page.goto(`${base}${url}`);
        // Nothing wider than the phone's screen: wide tables scroll inside their own box.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ url, overflow }).toEqual({ url, overflow: 0 });
        if (url === '/contracts') await shot(page, 'contracts-phone');
      }
    } finally {
      await page.context().close();
    }
  }, 180_000);
});
