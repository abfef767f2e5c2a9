import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { parseUkDate } from '@app/ingest';
import { CLOCK, Clock, CouncilsRepository } from '@app/persistence';
import { Public } from '../auth/auth.decorators';
import { ContractsService } from '../contracts/contracts.service';
import { ContractsQueryDto } from '../contracts/dto/contracts-query.dto';
import { DomainError } from '../errors/error-codes';
import { Cell, RowPages } from './exports';
import { WebAuthService } from './web-auth.service';
import { PageRenderer } from './page-renderer';
import { money, pageCursor, query, uk } from './page-helpers';
import { timeTags } from './page-words';
import { contractDates } from './page-words';

/** Rows a page of contracts shows. */
const CONTRACTS_PER_PAGE = 50;

/** The contracts register: filtered, sorted, paged, and downloaded. */
@ApiExcludeController()
@Public()
@Controller()
export class ContractsPagesController {
  constructor(
    private readonly auth: WebAuthService,
    private readonly pages: PageRenderer,
    private readonly councils: CouncilsRepository,
    private readonly contracts: ContractsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private contractQuery(q: Record<string, string | undefined>): ContractsQueryDto {
    const out: ContractsQueryDto = {};
    for (const k of ['council', 'supplier', 'supplierGroupId', 'product', 'serviceCategory', 'endsFrom', 'endsTo'] as const) if (q[k]) out[k] = String(q[k]).slice(0, 200);
    // A canonical supplier, as the suppliers page links to it.
    if (q.supplierId && /^[1-9]\d{0,9}$/.test(q.supplierId)) out.supplierId = Number(q.supplierId);
    if (q.sort && ['council', 'endDate', 'decisionDate', 'supplier', 'annualValue'].includes(q.sort)) out.sort = q.sort as ContractsQueryDto['sort'];
    return out;
  }

  @Get('contracts')
  async contractsPage(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, string | undefined>) {
    const who = await this.auth.require(req);
    const cq = this.contractQuery(q);
    // A date that cannot be read is said on the form (GOV.UK error summary and the field), kept as typed, and left out of the filter.
    const fieldErrors: Record<string, string> = {};
    for (const [field, label] of [['endsFrom', 'Ends from'], ['endsTo', 'Ends by']] as const) {
      const typed = cq[field];
      const parsed = typed ? parseUkDate(typed) : null;
      if (typed && (!parsed || !parsed.ok)) fieldErrors[field] = `${label}: "${typed}" is not a date. Enter a date such as 01/04/2027`;
    }
    const usable = { ...cq, ...(fieldErrors.endsFrom ? { endsFrom: undefined } : {}), ...(fieldErrors.endsTo ? { endsTo: undefined } : {}) };
    // A page at a time, filtered and sorted in the database; `after`/`before` are keyset cursors.
    const page = await this.contracts.list(who.principal, { ...usable, limit: CONTRACTS_PER_PAGE, cursor: pageCursor(q.after) }, pageCursor(q.before));
    const directory = await this.councils.directory();
    const sorts = [['council', 'Council'], ['endDate', 'End date'], ['decisionDate', 'Decision date'], ['supplier', 'Supplier'], ['annualValue', 'Annual value']]
      .map(([value, text]) => ({ value, text, selected: (cq.sort ?? 'council') === value }));
    const queryString = query(cq as Record<string, unknown>);
    const link = (k: 'after' | 'before', cursor: string | null) => (cursor ? { href: `/contracts?${query({ ...cq, [k]: cursor })}` } : null);
    const errors = Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
    if (errors.length > 0) res.status(400);
    this.pages.render(res, who, 'contracts', {
      title: 'Contracts', q: cq, errors, fieldErrors, total: page.total, totalText: page.total.toLocaleString('en-GB'), shown: page.items.length, sorts, queryString,
      pagination: { previous: link('before', page.previous), next: link('after', page.next), first: page.previous ? { href: `/contracts?${queryString}` } : null },
      councils: await this.pages.councilItems(who.principal, cq.council, true),
      contracts: page.items.map((c) => ({ ...c, councilName: directory.get(c.council)?.shortName ?? c.council, value: money(c.annualValue), dates: contractDates(c, this.clock().slice(0, 10), this.config.dueSoonMonths) })),
    }, '/contracts');
  }

  @Get('contracts.:format')
  async contractsExport(@Req() req: Request, @Res() res: Response, @Param('format') format: string, @Query() q: Record<string, string | undefined>) {
    const who = await this.auth.require(req);
    if (format !== 'csv' && format !== 'xlsx') throw new DomainError('NOT_FOUND', 'No such download');
    // Checked before the first byte: a council user's scope, an unknown council, a date that is not one.
    const pages = await this.contracts.pages(who.principal, this.contractQuery(q), this.config.exportPageRows);
    const today = this.clock().slice(0, 10);
    const dueSoon = this.config.dueSoonMonths;
    async function* rows(): RowPages {
      for await (const page of pages) {
        yield page.map((c): Cell[] => [c.council, c.reference, c.title, c.supplierName, c.supplier, c.serviceCategory, c.product, uk(c.startDate), uk(c.currentEndDate), c.possibleEndDates.map(uk).join(', '),
          uk(c.maxEndDate), uk(c.noticeDate), uk(c.decisionDate), c.annualValue, c.totalValue, c.extensionText, timeTags(c, today, dueSoon).map((t) => t.text).join(', ')]);
      }
    }
    await this.pages.download(res, 'contracts', format,
      ['Council', 'Reference', 'Title', 'Supplier (as written)', 'Supplier', 'Service category', 'Product', 'Start date', 'Current end', 'Possible ends', 'Maximum end', 'Notice by', 'Decision date', 'Annual value', 'Whole-life value', 'Extension wording',
        `Status on ${uk(today)}`],
      rows());
  }
}
