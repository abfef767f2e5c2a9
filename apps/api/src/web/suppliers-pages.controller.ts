import { Body, Controller, ForbiddenException, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../errors/error-codes';
import { SuppliersService } from '../suppliers/suppliers.service';
import { escapeHtml as esc, money, pageCursor, query, str } from './page-helpers';
import { PageRenderer } from './page-renderer';
import { matchRuleWords } from './page-words';
import { SignedIn, WebAuthService } from './web-auth.service';

/** Rows a page of suppliers (and of the review queue) shows. */
const SUPPLIERS_PER_PAGE = 50;
/** Suppliers a search on the merge page offers to pick from. */
const MERGE_CHOICES = 10;

/** Canonical suppliers, the review queue, and an analyst's merges and splits by hand. */
@ApiExcludeController()
@Public()
@Controller()
export class SuppliersPagesController {
  constructor(
    private readonly auth: WebAuthService,
    private readonly pages: PageRenderer,
    private readonly suppliers: SuppliersService,
  ) {}

  @Get('suppliers')
  async suppliersPage(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, string | undefined>) {
    const who = await this.auth.require(req);
    const name = typeof q.name === 'string' ? q.name.slice(0, 200) : '';
    const saved = q.saved;
    // Two lists on one page, each paged by its own cursor: `after` for suppliers, `queue` for the review queue.
    const page = await this.suppliers.list(who.principal, { name: name || undefined, limit: SUPPLIERS_PER_PAGE, cursor: pageCursor(q.after) });
    const mayDecide = who.principal.role !== 'council';
    const queue = mayDecide ? await this.suppliers.suggestions(who.principal, { limit: SUPPLIERS_PER_PAGE, cursor: pageCursor(q.queue) }) : null;
    const suggestions = (queue?.items ?? []).map((s) => ({ nameA: s.a.name, nameB: s.b.name, score: s.score.toFixed(2), money: money(s.annualValueAffected) }));
    const here = (extra: Record<string, string | undefined>) => `/suppliers?${query({ name, after: pageCursor(q.after), queue: pageCursor(q.queue), ...extra })}`;
    this.pages.render(res, who, 'suppliers', {
      title: 'Suppliers', q: { name }, mayDecide, suggestions, saved: saved ? 'Decision recorded' : null,
      queueTotal: queue?.total ?? 0, queueTotalText: (queue?.total ?? 0).toLocaleString('en-GB'), suppliersTotalText: page.total.toLocaleString('en-GB'),
      // Keyset pages go forward; going back starts the list again.
      queuePagination: { previous: q.queue ? { href: here({ queue: undefined }), text: 'First page' } : null, next: queue?.next ? { href: here({ queue: queue.next }) } : null },
      suppliersPagination: { previous: q.after ? { href: here({ after: undefined }), text: 'First page' } : null, next: page.next ? { href: here({ after: page.next }) } : null },
      suppliers: page.items.map((s) => ({
        ...s, councils: s.councils.length, spend: money(s.annualValue),
        variantsHtml: `<ul class="govuk-list">${s.variants.map((v) => `<li>${esc(v.name)} <span class="govuk-body-s">(${esc(matchRuleWords(v.rule))})</span></li>`).join('')}</ul>`,
        // A wrong merge is undone by splitting names off (they become a supplier of their own).
        splitHtml: `<form method="post" action="/suppliers/split"><input type="hidden" name="_csrf" value="${esc(who.csrfToken)}"><input type="hidden" name="supplierId" value="${s.id}">`
          + `<div class="govuk-checkboxes govuk-checkboxes--small">${s.variants.map((v, i) => `<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="split-${s.id}-${i}" name="names" type="checkbox" value="${esc(v.name)}"><label class="govuk-label govuk-checkboxes__label" for="split-${s.id}-${i}">${esc(v.name)}</label></div>`).join('')}</div>`
          + `<label class="govuk-label" for="split-reason-${s.id}">Reason</label><input class="govuk-input" id="split-reason-${s.id}" name="reason" value="">`
          + '<button class="govuk-button govuk-button--secondary app-button--small">Split the ticked names off</button></form>',
      })),
    }, '/suppliers');
  }

  @Post('suppliers/decision')
  async supplierDecision(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const who = await this.auth.requireForm(req);
    const pair = { nameA: str(body.nameA), nameB: str(body.nameB), reason: str(body.reason) || 'reviewed' };
    if (str(body.decision) === 'merge') await this.suppliers.merge(who.principal, pair);
    else if (str(body.decision) === 'never-merge') await this.suppliers.neverMerge(who.principal, pair);
    else throw new DomainError('VALIDATION', 'Choose merge or keep apart');
    res.redirect(303, '/suppliers?saved=1');
  }

  @Post('suppliers/split')
  async supplierSplit(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const who = await this.auth.requireForm(req);
    const names = ([] as unknown[]).concat(body.names ?? []).map(String).filter(Boolean);
    const reason = str(body.reason);
    if (names.length === 0 || reason.length < 3) throw new DomainError('VALIDATION', 'Tick the names to split off and give a reason (at least 3 characters)');
    await this.suppliers.split(who.principal, { supplierId: Number(body.supplierId), names, reason });
    res.redirect(303, '/suppliers?saved=1');
  }

  // ---- merging two suppliers by hand: search each side, pick one of each, give a reason ----

  @Get('suppliers/merge')
  async mergePage(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, string | undefined>) {
    const who = await this.auth.require(req);
    this.mayMerge(who);
    await this.mergeView(res, who, { a: str(q.a).slice(0, 200), b: str(q.b).slice(0, 200), supplierA: str(q.supplierA), supplierB: str(q.supplierB), reason: '' });
  }

  @Post('suppliers/merge')
  async merge(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const who = await this.auth.requireForm(req);
    this.mayMerge(who);
    const form = { a: str(body.a).slice(0, 200), b: str(body.b).slice(0, 200), supplierA: str(body.supplierA), supplierB: str(body.supplierB), reason: str(body.reason) };
    const fieldErrors: Record<string, string> = {};
    if (!/^\d+$/.test(form.supplierA)) fieldErrors.supplierA = 'Choose the first supplier';
    if (!/^\d+$/.test(form.supplierB)) fieldErrors.supplierB = 'Choose the second supplier';
    else if (form.supplierA === form.supplierB) fieldErrors.supplierB = 'Choose two different suppliers';
    if (form.reason.length < 3) fieldErrors.reason = 'Enter a reason (at least 3 characters): it is kept with the decision';
    if (Object.keys(fieldErrors).length > 0) {
      res.status(400);
      return this.mergeView(res, who, form, fieldErrors);
    }
    const merged = await this.suppliers.merge(who.principal, { supplierA: Number(form.supplierA), supplierB: Number(form.supplierB), reason: form.reason });
    res.redirect(303, `/suppliers?${query({ name: merged?.name ?? '', saved: '1' })}`);
  }

  private mayMerge(who: SignedIn): void {
    if (who.principal.role === 'council') throw new ForbiddenException('Suppliers are merged by analysts and admins.');
  }

  private async mergeView(res: Response, who: SignedIn, form: { a: string; b: string; supplierA: string; supplierB: string; reason: string }, fieldErrors: Record<string, string> = {}) {
    const choices = async (term: string, picked: string) => {
      if (!term) return [];
      const found = await this.suppliers.list(who.principal, { name: term, limit: MERGE_CHOICES });
      return found.items.map((s) => ({
        value: String(s.id), text: s.name, checked: String(s.id) === picked,
        hint: { text: `${s.councils.length} council${s.councils.length === 1 ? '' : 's'}, ${s.contracts} contract${s.contracts === 1 ? '' : 's'}, ${money(s.annualValue)} a year; written as ${s.variants.map((v) => v.name).join(', ')}` },
      }));
    };
    const [first, second] = await Promise.all([choices(form.a, form.supplierA), choices(form.b, form.supplierB)]);
    const errors = Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
    this.pages.render(res, who, 'supplier-merge', { title: 'Merge two suppliers', form, first, second, errors, fieldErrors }, '/suppliers');
  }
}
