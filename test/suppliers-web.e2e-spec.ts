/// <reference lib="dom" />
import { INestApplication } from '@nestjs/common';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { TokensRepository, UsersRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { WebAuthService } from '../apps/api/src/web/web-auth.service';
import { inProcessApp } from './support/app';
import { launchBrowser, signInPage } from './support/browser';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const PASSWORD = 'correct horse battery staple';

const REGISTER = (prefix: string, rows: [string, string, number][]) => ['Contract Reference,Contract Title,Supplier,End Date,Annual Value',
  ...rows.map(([title, supplier, value], i) => `${prefix}-${i},${title},${supplier},31/03/2029,${value}`)].join('\n');

// The suppliers page in a real browser: spend per supplier, and two suppliers merged by hand.
describe('suppliers page: spend, and merging two suppliers by hand', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let admin: string;
  const stack = inProcessApp('ccr-suppliers-web-', {}, { listen: true });

  beforeAll(async () => {
    app = stack.app();
    base = stack.base();
    const now = new Date().toISOString();
    const users = app.get(UsersRepository);
    for (const [email, role, council] of [['analyst@register.test', 'analyst', null], ['lead@fife.gov.uk', 'council', FIFE]] as const) {
      const { user } = await users.invite(email, role, council, 'test', now);
      await users.setPassword(user.id, await app.get(WebAuthService).hash(PASSWORD));
    }
    admin = (await app.get(TokensRepository).create('admin', null, 'seed', now)).token;
    const upload = (council: string, content: string) => request(app.getHttpServer()).post('/api/imports').set({ Authorization: `Bearer ${admin}` })
      .field('council', council).attach('file', Buffer.from(content), `${council}.csv`).expect(202);
    await upload(FIFE, REGISTER('F', [['Card payments', 'Pay360 Ltd', 40_000], ['Revenues', 'Capita Business Services Ltd', 100_000], ['Libraries', 'Civica UK Ltd', 25_000]]));
    await upload(ANGUS, REGISTER('A', [['Payments gateway', 'Capita Business Services Limited', 60_000]]));
    await app.get(JobQueue).idle();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  const signIn = (email: string) => signInPage(browser, base, email, PASSWORD);

  const rowOf = (page: Page, name: string) => page.locator('#canonical-suppliers ~ table tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) });

  it('shows each supplier\'s councils, contracts and annual value, and merges two picked by search with a reason', async () => {
    const page = await signIn('analyst@register.test');
    try {
      await page.goto(`${base}/suppliers`);
      // Capita's two spellings are one supplier already: two councils, £160,000 a year.
      await expect(rowOf(page, 'Capita Business Services Ltd').innerText()).resolves.toMatch(/\t2\t2\t£160,000\t/);
      await expect(rowOf(page, 'Pay360 Ltd').innerText()).resolves.toMatch(/\t1\t1\t£40,000\t/);

      await Promise.all([page.waitForURL(/\/suppliers\/merge$/), page.getByRole('link', { name: 'Merge two suppliers by hand' }).click()]);
      await page.getByLabel('Find the first supplier').fill('capita');
      await page.getByLabel('Find the second supplier').fill('pay360');
      await Promise.all([page.waitForURL(/a=capita&b=pay360/), page.getByRole('button', { name: 'Find' }).click()]);
      await page.getByRole('radio', { name: 'Capita Business Services Ltd' }).check();
      await page.getByRole('radio', { name: 'Pay360 Ltd' }).check();
      // No reason: said on the form, the choices kept.
      await page.getByRole('button', { name: 'Merge them' }).click();
      await expect(page.locator('.govuk-error-summary').innerText()).resolves.toMatch(/Enter a reason/);
      await expect(page.getByRole('radio', { name: 'Pay360 Ltd' }).isChecked()).resolves.toBe(true);
      await page.getByLabel('Reason').fill('Pay360 was Capita\'s payments business');
      await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Merge them' }).click()]);
      await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Decision recorded');
      // One supplier now holds both (named by the register's own rules), with their councils, contracts and value together.
      const rows = page.locator('#canonical-suppliers ~ table tbody tr');
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().innerText()).resolves.toMatch(/\t2\t3\t£200,000\t/);
      await page.getByText('3 names').click();
      await expect(rows.first().innerText()).resolves.toMatch(/Capita Business Services Ltd \(merged by an analyst\)[\s\S]*Pay360 Ltd/);
    } finally {
      await page.context().close();
    }
    // The decision is in the ledger with who made it and why.
    const ledger = (await request(app.getHttpServer()).get('/api/suppliers/decisions').set({ Authorization: `Bearer ${admin}` }).expect(200)).body;
    expect(Array.isArray(ledger) ? ledger : ledger.items).toContainEqual(expect.objectContaining({ kind: 'merge', reason: 'Pay360 was Capita\'s payments business', decidedBy: 'analyst@register.test' }));
  }, 180_000);

  it('does not let a council user merge suppliers', async () => {
    const page = await signIn('lead@fife.gov.uk');
    try {
      const res = await page.goto(`${base}/suppliers/merge?a=capita&b=civica`);
      expect(res?.status()).toBe(403);
      await page.goto(`${base}/suppliers`);
      await expect(page.getByRole('link', { name: 'Merge two suppliers by hand' }).count()).resolves.toBe(0);
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
