import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { addMonths } from '@app/ingest';
import { CollaborativeOpportunity } from '@app/opportunities';
import { CLOCK, Clock, ContractRecord, CouncilsRepository, OpportunitiesRepository } from '@app/persistence';
import { Public } from '../auth/auth.decorators';
import { OpportunitiesService } from '../opportunities/opportunities.service';
import { DomainError } from '../errors/error-codes';
import { Cell, RowPages } from './exports';
import { SignedIn, WebAuthService } from './web-auth.service';
import { PageRenderer } from './page-renderer';
import { money, query, safeJson, str, uk } from './page-helpers';
import { monthTicks } from './chart-axes';
import { decisionTag, presumedTag } from './page-words';

/** Plan steps (member contracts) on one opportunity page. */
const PLAN_PAGE = 200;

/** Opportunities: the list, one opportunity with its timeline and plan, triage, downloads. */
@ApiExcludeController()
@Public()
@Controller()
export class OpportunityPagesController {
  constructor(
    private readonly auth: WebAuthService,
    private readonly pages: PageRenderer,
    private readonly councils: CouncilsRepository,
    private readonly opportunities: OpportunitiesService,
    private readonly opportunitiesRepo: OpportunitiesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private opportunityQuery(q: Record<string, string | undefined>, limit?: number, cursor?: string) {
    const kind = ['collaborative', 'common-platform', 'fragmentation'].includes(q.kind ?? '') ? (q.kind as 'collaborative') : undefined;
    const status = ['open', 'accepted', 'rejected', 'snoozed'].includes(q.status ?? '') ? (q.status as 'open') : undefined;
    const minValue = q.minValue && Number.isFinite(Number(q.minValue.replace(/[£,\s]/g, ''))) ? Number(q.minValue.replace(/[£,\s]/g, '')) : undefined;
    const text = (v: string | undefined) => v?.trim().slice(0, 200) || undefined;
    return {
      kind, status, minValue, category: text(q.category), product: text(q.product), supplier: text(q.supplier), council: text(q.council),
      decisionFrom: text(q.decisionFrom), decisionTo: text(q.decisionTo), limit, cursor,
    };
  }

  /** "DD/MM/YYYY HH:MM" (UK time) of the latest analysis run, or null before the first. */
  private async lastAnalysed(): Promise<string | null> {
    const run = await this.opportunitiesRepo.lastRun();
    if (!run) return null;
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(run.finished_at as string)).map((x) => [x.type, x.value]));
    return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
  }

  @Get('opportunities')
  async opportunitiesPage(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, string | undefined>) {
    const who = await this.auth.require(req);
    const cursor = /^[A-Za-z0-9_-]{1,400}$/.test(q.cursor ?? '') ? q.cursor : undefined;
    // Earlier pages' cursors, so "Previous" can go back: keyset pages only know the way forward.
    const trail = (q.trail ?? '').split('.').filter((t) => /^[A-Za-z0-9_-]{1,400}$/.test(t)).slice(-50);
    const page = await this.opportunities.list(who.principal, this.opportunityQuery(q, 50, cursor));
    const directory = await this.councils.directory();
    const kinds = [['', 'All kinds'], ['collaborative', 'Buying together'], ['common-platform', 'Common platforms'], ['fragmentation', 'Category landscapes']]
      .map(([value, text]) => ({ value, text, selected: (q.kind ?? '') === value }));
    const statuses = [['', 'Any status'], ['open', 'Open'], ['accepted', 'Accepted'], ['rejected', 'Rejected'], ['snoozed', 'Snoozed']].map(([value, text]) => ({ value, text, selected: (q.status ?? '') === value }));
    const filters = { kind: q.kind, category: q.category, product: q.product, supplier: q.supplier, council: q.council, decisionFrom: q.decisionFrom, decisionTo: q.decisionTo, minValue: q.minValue, status: q.status };
    const here = (c: string | undefined, t: string[]) => `/opportunities?${query({ ...filters, cursor: c, trail: t.join('.') })}`;
    const pageNumber = cursor ? trail.length + 2 : 1;
    this.pages.render(res, who, 'opportunities', {
      title: 'Opportunities', q, kinds, statuses, queryString: query(filters), total: page.total, lastAnalysed: await this.lastAnalysed(),
      councils: who.principal.role === 'council' ? [] : [{ value: '', text: 'Any council' }, ...(await this.pages.councilItems(who.principal, q.council, true))],
      from: page.total === 0 ? 0 : (pageNumber - 1) * 50 + 1, to: (pageNumber - 1) * 50 + page.items.length,
      pagination: {
        previous: cursor ? { href: trail.length ? here(trail[trail.length - 1], trail.slice(0, -1)) : here(undefined, []) } : undefined,
        next: page.next ? { href: here(page.next, cursor ? [...trail, cursor] : []) } : undefined,
      },
      items: page.items.map((o) => ({
        ...o, scoreText: o.score === null ? '–' : o.score.toFixed(1), councilNames: o.councils.map((c) => directory.get(c)?.shortName ?? c).join(', '),
        window: o.windowStart ? `${uk(o.windowStart)} to ${uk(o.windowEnd)}` : '–', value: money(o.annualValue), decideBy: uk(o.earliestDecisionDate),
        decideTag: decisionTag(o.earliestDecisionDate ?? null, this.clock().slice(0, 10), this.config.dueSoonMonths),
        statusClass: { accepted: 'govuk-tag--green', rejected: 'govuk-tag--red', snoozed: 'govuk-tag--grey', open: 'govuk-tag--blue' }[o.status as string] ?? '',
      })),
    }, '/opportunities');
  }

  @Get('opportunities.:format')
  async opportunitiesExport(@Req() req: Request, @Res() res: Response, @Param('format') format: string, @Query() q: Record<string, string | undefined>) {
    const who = await this.auth.require(req);
    if (format !== 'csv' && format !== 'xlsx') throw new DomainError('NOT_FOUND', 'No such download');
    // Every matching opportunity, strongest first, read a page at a time as it is written out.
    const pages = await this.opportunities.pages(who.principal, this.opportunityQuery(q), this.config.exportPageRows);
    async function* rows(): RowPages {
      for await (const page of pages) {
        yield page.map((o): Cell[] => [o.id, o.kind, o.label, o.score, o.councils.join(' '),
          `${o.contracts.map((c) => `${c.council}:${c.reference ?? c.id}`).join(' ')}${o.contractsTotal > o.contracts.length ? ` … and ${o.contractsTotal - o.contracts.length} more` : ''}`,
          uk(o.windowStart), uk(o.windowEnd), o.annualValue, uk(o.earliestDecisionDate), o.status, (o.why ?? []).join('; ')]);
      }
    }
    await this.pages.download(res, 'opportunities', format,
      ['Id', 'Kind', 'Opportunity', 'Score', 'Councils', 'Contracts', 'Window start', 'Window end', 'Annual value', 'Earliest decision date', 'Status', 'Why'],
      rows());
  }

  private async opportunityPage(res: Response, who: SignedIn, id: string, extra: Record<string, unknown> = {}, cursor?: string) {
    // The plan a page of members at a time (a national finding can hold thousands); the timeline from every member.
    const { body: o, finding } = await this.opportunities.oneWithFinding(who.principal, id, { limit: PLAN_PAGE, cursor: cursor && /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? cursor : undefined });
    const directory = await this.councils.directory();
    const name = (code: string) => directory.get(code)?.shortName ?? code;
    const detail = finding as CollaborativeOpportunity;
    const summary = [
      { key: { text: 'Councils' }, value: { text: o.councils.map(name).join(', ') } },
      ...(o.windowStart ? [{ key: { text: 'Aligned window' }, value: { text: `${uk(o.windowStart)} to ${uk(o.windowEnd)}` } }] : []),
      ...(o.annualValue !== null ? [{ key: { text: 'Combined annual value' }, value: { text: money(o.annualValue) } }] : []),
      ...(o.earliestDecisionDate ? [{ key: { text: 'Earliest decision date' }, value: { text: uk(o.earliestDecisionDate) } }] : []),
      ...(o.score !== null ? [{ key: { text: 'Score' }, value: { text: o.score.toFixed(1) } }] : []),
    ];
    let timeline = null;
    if (o.kind === 'collaborative') {
      // Per council: the range of its contracts' possible ends, and the end the plan uses.
      const byCouncil = new Map<string, { from: string; to: string; planned: string }>();
      const details = new Map<number, ContractRecord>(o.contractDetails.map((x: ContractRecord) => [x.id, x]));
      for (const step of detail.plan) {
        const c = details.get(step.contractId);
        const from = c?.currentEndDate ?? step.end;
        const to = c ? (c.possibleEndDates.at(-1) ?? c.currentEndDate ?? step.end) : step.end;
        const e = byCouncil.get(step.council);
        if (!e) byCouncil.set(step.council, { from, to, planned: step.end });
        else byCouncil.set(step.council, { from: from < e.from ? from : e.from, to: to > e.to ? to : e.to, planned: step.end > e.planned ? step.end : e.planned });
      }
      const rows = [...byCouncil.entries()].map(([council, e]) => ({ council: name(council), ...e }));
      // Today is on the axis (a line), so how far ahead the window lies can be seen; ticks fall on the first of a month.
      const today = this.clock().slice(0, 10);
      const min = addMonths([...rows.map((r) => r.from), detail.windowFrom, today].sort()[0], -3);
      const max = addMonths([...rows.map((r) => r.to), detail.windowTo, today].sort().at(-1)!, 3);
      timeline = { rows, windowFrom: detail.windowFrom, windowTo: detail.windowTo, min, max, today, ticks: monthTicks(min, max) };
    }
    const plan = o.kind === 'collaborative' ? o.plan : [];
    this.pages.render(res, who, 'opportunity', {
      title: o.label,
      o: { ...o, kindText: { collaborative: 'Buying together', 'common-platform': 'Common platform', fragmentation: 'Category landscape' }[o.kind as string], statusClass: { accepted: 'govuk-tag--green', rejected: 'govuk-tag--red', snoozed: 'govuk-tag--grey', open: 'govuk-tag--blue' }[o.status as string] ?? '' },
      summary,
      timeline, timelineJson: timeline ? safeJson(timeline) : '',
      timelineText: timeline ? timeline.rows.map((r) => `${r.council}: ${uk(r.from)} to ${uk(r.to)}, plan ${uk(r.planned)}`).join('; ') : '',
      plan: plan.map((p) => ({
        council: name(p.council), reference: p.reference ?? '–', href: `/contracts/${p.contractId}`, action: p.action, decideBy: uk(p.decisionDate),
        tags: [
          ...(p.presumedOptionsTaken ? [presumedTag(p.presumedOptionsTaken)] : []),
          ...[decisionTag(p.decisionDate, this.clock().slice(0, 10), this.config.dueSoonMonths)].filter((t) => t !== null),
        ],
      })),
      planTruncated: o.planTotal > plan.length, planTotal: o.planTotal.toLocaleString('en-GB'),
      planPagination: {
        previous: cursor ? { href: `/opportunities/${encodeURIComponent(id)}`, text: 'First contracts' } : undefined,
        next: o.next ? { href: `/opportunities/${encodeURIComponent(id)}?members=${o.next}`, text: 'More contracts' } : undefined,
      },
      mayTriage: who.principal.role !== 'council',
      lastAnalysed: await this.lastAnalysed(),
      ...extra,
    }, '/opportunities');
  }

  @Get('opportunities/:id')
  async opportunity(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('saved') saved?: string, @Query('members') members?: string) {
    const who = await this.auth.require(req);
    await this.opportunityPage(res, who, id, { saved: saved ? 'Decision saved' : null }, members);
  }

  @Post('opportunities/:id/triage')
  async triage(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    const who = await this.auth.requireForm(req);
    const status = str(body.status);
    const reason = str(body.reason);
    const errors = [];
    if (!['accepted', 'rejected', 'snoozed', 'open'].includes(status)) errors.push({ text: 'Choose what should happen with this opportunity', href: '#status' });
    if (reason.length < 3) errors.push({ text: 'Enter a reason (at least 3 characters)', href: '#reason' });
    if (status === 'snoozed' && !str(body.snoozedUntil)) errors.push({ text: 'Enter the date to snooze until, for example 01/03/2027', href: '#snoozedUntil' });
    if (errors.length) {
      res.status(400);
      return this.opportunityPage(res, who, id, { errors });
    }
    await this.opportunities.triage(who.principal, id, { status: status as 'accepted', reason, snoozedUntil: str(body.snoozedUntil) || undefined });
    res.redirect(303, `/opportunities/${encodeURIComponent(id)}?saved=1`);
  }
}
