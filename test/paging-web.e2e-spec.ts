/// <reference lib="dom" />
import { INestApplication } from '@nestjs/common';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { CollaborativeOpportunity } from '@app/opportunities';
import { FindingsStore, OpportunitiesRepository, TokensRepository, UsersRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { WebAuthService } from '../apps/api/src/web/web-auth.service';
import { inProcessApp } from './support/app';
import { launchBrowser, signInPage } from './support/browser';

const FIFE = 'S12000047';
const PASSWORD = 'correct horse battery staple';
const CONTRACTS = 120;

const COUNCILS = ['S12000005', 'S12000033', 'S12000041', 'S12000047', 'S12000049'];
const PRODUCTS = ['Mosaic', 'Uniform', 'iTrent'];
const FINDINGS = 130;

/** Findings as an analysis run stores them: scores tie in threes, so the id breaks ties; three products. */
function findings(): CollaborativeOpportunity[] {
  return Array.from({ length: FINDINGS }, (_, i) => {
    const product = PRODUCTS[i % 3];
    const councils = [COUNCILS[i % 5], COUNCILS[(i + 2) % 5]].sort();
    const plan = councils.map((council, k) => ({
      contractId: 10_000 + i * 2 + k, council, reference: `OP-${i}-${k}`, end: '2028-03-31', optionsTaken: 0, decisionDate: '2027-03-31', action: `${council}: end as planned on 31/03/2028`,
    }));
    return {
      id: `${String(i).padStart(3, '0')}${'b'.repeat(13)}`, kind: 'collaborative', basis: 'product', key: product, label: `Same product: ${product} #${i}`, councils,
      contractIds: plan.map((p) => p.contractId), windowFrom: '2028-01-01', windowTo: '2028-03-31', plan,
      annualValue: 20_000 + 1_000 * i, earliestDecisionDate: '2027-03-31', score: 100 - Math.floor(i / 3), why: [`2 councils run ${product}`],
    };
  });
}

/** A register with names that differ by a slip, so the review queue has pairs in it. */
function register(): string {
  const suppliers = ['Civica UK Ltd', 'North Consulting Ltd', 'Forth Consulting Ltd', 'Capita Software Ltd', 'Capital Software Ltd', 'Idverde Ltd'];
  return ['Contract Reference,Contract Title,Supplier Name,End Date,Annual Value', ...Array.from({ length: CONTRACTS }, (_, i) =>
    `W-${String(i).padStart(3, '0')},Service ${i},${suppliers[i % suppliers.length]},${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/2027,${1000 * (i % 7)}`)].join('\n');
}

// Paging through the contracts register and the supplier review queue in a real browser.
describe('paged pages in a browser', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let admin: string;
  const stack = inProcessApp('ccr-paging-web-', {}, { listen: true });

  beforeAll(async () => {
    app = stack.app();
    base = stack.base();
    const now = new Date().toISOString();
    const { user } = await app.get(UsersRepository).invite('analyst@register.test', 'analyst', null, 'test', now);
    await app.get(UsersRepository).setPassword(user.id, await app.get(WebAuthService).hash(PASSWORD));
    admin = (await app.get(TokensRepository).create('admin', null, 'seed', now)).token;
    await request(app.getHttpServer()).post('/api/imports').set({ Authorization: `Bearer ${admin}` }).field('council', FIFE).attach('file', Buffer.from(register()), 'fife.csv').expect(202);
    await app.get(JobQueue).idle();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  const signIn = () => signInPage(browser, base, 'analyst@register.test', PASSWORD);

  const references = async (page: Page) => (await page.locator('table tbody tr td:nth-child(2) .govuk-body-s').allInnerTexts()).map((t) => t.trim());
  const next = (page: Page) => page.locator('.govuk-pagination__next a');

  it('pages through every contract with the pagination links, filters and sort kept in the query string', async () => {
    const page = await signIn();
    try {
      await page.goto(`${base}/contracts?sort=endDate`);
      await expect(page.locator('main').innerText()).resolves.toContain(`${CONTRACTS} contracts, 50 on this page`);
      const seen: string[][] = [];
      for (;;) {
        seen.push(await references(page));
        // Dates day first (DD/MM/YYYY).
        expect(await page.locator('table tbody').innerText()).toMatch(/Current end\s+\d\d\/\d\d\/2027/);
        if ((await next(page).count()) === 0) break;
        await Promise.all([page.waitForURL(/after=/), next(page).click()]);
        expect(new URL(page.url()).searchParams.get('sort')).toBe('endDate');
        await expect(page.locator('#sort').inputValue()).resolves.toBe('endDate');
      }
      expect(seen.map((p) => p.length)).toEqual([50, 50, 20]);
      const all = seen.flat();
      expect(new Set(all).size).toBe(CONTRACTS);
      // Back one page gives the same rows as before.
      await Promise.all([page.waitForURL(/before=/), page.locator('.govuk-pagination__prev a').click()]);
      await expect(references(page)).resolves.toEqual(seen[1]);

      // A filter narrows in the database, and its pages keep it.
      await page.goto(`${base}/contracts?supplier=civica&sort=annualValue`);
      const civica = await references(page);
      expect(civica.length).toBeGreaterThan(0);
      expect(civica.length).toBeLessThan(50);
      expect(await next(page).count()).toBe(0);
    } finally {
      await page.context().close();
    }
  }, 180_000);

  it('says on the form when a filter date cannot be read, keeping what was typed and the other filters', async () => {
    const page = await signIn();
    try {
      const res = await page.goto(`${base}/contracts?supplier=civica&endsFrom=31/02/2027&sort=annualValue`);
      expect(res?.status()).toBe(400);
      await expect(page.locator('.govuk-error-summary').innerText()).resolves.toMatch(/There is a problem[\s\S]*Ends from: "31\/02\/2027" is not a date/);
      await expect(page.locator('#endsFrom-error').innerText()).resolves.toContain('is not a date');
      await expect(page.locator('#endsFrom').inputValue()).resolves.toBe('31/02/2027');
      await expect(page.locator('#supplier').inputValue()).resolves.toBe('civica');
      // The rest of the page is still there: the navigation, and the list with the filters that could be read.
      await expect(page.locator('.app-account').innerText()).resolves.toMatch(/Sign out/i);
      await expect(page.locator('.govuk-service-navigation').innerText()).resolves.toMatch(/Contracts/);
      expect((await references(page)).length).toBeGreaterThan(0);
      expect(await page.title()).toMatch(/^Error: /);
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('offers in the council filter the councils with contracts (and the one chosen), by name, not every UK council', async () => {
    const page = await signIn();
    try {
      // Only Fife has contracts: nothing to choose between.
      await page.goto(`${base}/contracts`);
      await expect(page.locator('select#council').count()).resolves.toBe(0);
      // A council chosen from a link stays choosable beside it.
      await page.goto(`${base}/contracts?council=S12000041`);
      await expect(page.locator('select#council option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, (o as HTMLOptionElement).selected])))
        .resolves.toEqual([['', false], ['S12000041', true], [FIFE, false]]);
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('pages through every opportunity, strongest first, with filters kept in the query string', async () => {
    await app.get(JobQueue).idle();
    await app.get(FindingsStore).replaceFindings(findings(), { trigger: 'test', today: '2026-12-01', startedAt: '2026-12-01T09:00:00Z', finishedAt: '2026-12-01T09:00:05Z', contracts: 0 });
    const page = await signIn();
    const labels = async () => (await page.locator('table tbody tr td:nth-child(2) a').allInnerTexts()).map((t) => t.trim());
    const scores = async () => (await page.locator('table tbody tr td:nth-child(1)').allInnerTexts()).map(Number);
    try {
      await page.goto(`${base}/opportunities?kind=collaborative`);
      await expect(page.locator('main').innerText()).resolves.toContain(`Showing 1 to 50 of ${FINDINGS} opportunities`);
      const seen: string[][] = [];
      const allScores: number[] = [];
      for (;;) {
        seen.push(await labels());
        allScores.push(...(await scores()));
        if ((await next(page).count()) === 0) break;
        await Promise.all([page.waitForURL(/cursor=/), next(page).click()]);
        expect(new URL(page.url()).searchParams.get('kind')).toBe('collaborative');
      }
      expect(seen.map((p) => p.length)).toEqual([50, 50, 30]);
      expect(new Set(seen.flat()).size).toBe(FINDINGS);
      // Strongest first, the id breaking ties: exactly the order the findings were made in.
      expect(allScores).toEqual([...allScores].sort((a, b) => b - a));
      expect(seen.flat()).toEqual(findings().map((o) => o.label));
      await expect(page.locator('main').innerText()).resolves.toContain(`Showing 101 to ${FINDINGS} of ${FINDINGS}`);
      // Previous goes back to the page before.
      await page.locator('.govuk-pagination__prev a').click();
      await page.waitForLoadState('networkidle');
      await expect(labels()).resolves.toEqual(seen[1]);

      // A product filter narrows in the database, and its pages keep it.
      await page.goto(`${base}/opportunities?product=Uniform`);
      const uniform: string[] = [];
      for (;;) {
        uniform.push(...(await labels()));
        if ((await next(page).count()) === 0) break;
        await Promise.all([page.waitForURL(/cursor=/), next(page).click()]);
        expect(new URL(page.url()).searchParams.get('product')).toBe('Uniform');
      }
      expect(uniform).toEqual(findings().filter((o) => o.key === 'Uniform').map((o) => o.label));
    } finally {
      await page.context().close();
    }
  }, 180_000);

  it('shows the true length of the review queue and pages it', async () => {
    const api = await request(app.getHttpServer()).get('/api/suppliers/suggestions?limit=500').set({ Authorization: `Bearer ${admin}` }).expect(200);
    expect(api.body.total).toBeGreaterThan(0);
    const page = await signIn();
    try {
      await page.goto(`${base}/suppliers`);
      await expect(page.locator('#review-queue').innerText()).resolves.toBe(`Review queue (${api.body.total.toLocaleString('en-GB')})`);
      const rows = await page.locator('table').first().locator('tbody tr').count();
      expect(rows).toBe(Math.min(50, api.body.total));
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('pages the plan of an opportunity with more contracts than one page holds', async () => {
    const steps = 450;
    const plan = Array.from({ length: steps }, (_, k) => ({
      // Midlothian's contracts come last, on the last page only.
      contractId: 50_000 + k, council: k >= 400 ? 'S12000019' : COUNCILS[k % 5], reference: `BIG-${String(k).padStart(3, '0')}`, end: '2028-03-31', optionsTaken: 0, decisionDate: '2027-03-31', action: 'end as planned',
    }));
    await app.get(FindingsStore).replaceFindings([{
      id: 'cccccccccccccccc', kind: 'collaborative', basis: 'category', key: 'Libraries', label: 'Same category: Libraries', councils: [...COUNCILS, 'S12000019'].sort(),
      contractIds: plan.map((p) => p.contractId), windowFrom: '2028-01-01', windowTo: '2028-03-31', plan, annualValue: 900_000, earliestDecisionDate: '2027-03-31', score: 80, why: ['five councils'],
    }], { trigger: 'test', today: '2026-12-01', startedAt: '2026-12-01T10:00:00Z', finishedAt: '2026-12-01T10:00:01Z', contracts: 0 });
    const page = await signIn();
    const refs = async () => (await page.locator('table').filter({ hasText: 'Decide by' }).locator('tbody tr td:nth-child(2)').allInnerTexts()).map((t) => t.trim());
    try {
      await page.goto(`${base}/opportunities/cccccccccccccccc`);
      await expect(page.locator('main').innerText()).resolves.toContain("200 of the plan's 450 contracts are shown on this page");
      // The timeline spans every member, not only this page's: Midlothian's are on the last page.
      await expect(page.locator('#timeline').textContent()).resolves.toContain('Midlothian');
      const seen = [...(await refs())];
      for (;;) {
        const more = page.locator('.govuk-pagination__next a');
        if ((await more.count()) === 0) break;
        await Promise.all([page.waitForURL(/members=/), more.click()]);
        seen.push(...(await refs()));
      }
      expect(seen).toEqual(plan.map((p) => p.reference));
    } finally {
      await page.context().close();
    }
  }, 180_000);
});
