import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { toUkDate } from '@app/ingest';
import { CategoryLandscape } from '@app/opportunities';
import { CLOCK, Clock, OpportunitiesRepository, allCouncils } from '@app/persistence';
import { Public } from '../auth/auth.decorators';
import { ContractsService } from '../contracts/contracts.service';
import { ContractsQueryDto } from '../contracts/dto/contracts-query.dto';
import { WebAuthService } from './web-auth.service';
import { PageRenderer } from './page-renderer';
import { money, safeJson } from './page-helpers';
import { decisionQuarters } from './chart-axes';

/** The analysts' dashboard: contracts and value by category, decisions by quarter. */
@ApiExcludeController()
@Public()
@Controller()
export class DashboardPageController {
  constructor(
    private readonly auth: WebAuthService,
    private readonly pages: PageRenderer,
    private readonly contracts: ContractsService,
    private readonly opportunitiesRepo: OpportunitiesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async home(@Req() req: Request, @Res() res: Response) {
    const who = await this.auth.require(req);
    if (who.principal.role === 'council') return res.redirect(303, `/councils/${who.principal.councilCode}`);
    const all = await this.contracts.search(who.principal, {} as ContractsQueryDto);
    const landscapes = (await this.opportunitiesRepo.list(allCouncils, { kind: 'fragmentation' })).map((o) => o.detail as CategoryLandscape);
    const byCategory = new Map<string, { councils: Set<string>; contracts: number; value: number }>();
    for (const c of all) {
      const key = c.serviceCategory ?? 'Not classified';
      const e = byCategory.get(key) ?? { councils: new Set(), contracts: 0, value: 0 };
      e.councils.add(c.council);
      e.contracts++;
      e.value += c.annualValue ?? 0;
      byCategory.set(key, e);
    }
    const categories = [...byCategory.entries()].sort((a, b) => b[1].value - a[1].value).map(([name, e]) => {
      const l = landscapes.find((x) => x.category === name);
      return [{ text: name }, { text: e.councils.size, format: 'numeric' }, { text: e.contracts, format: 'numeric' }, { text: money(e.value), format: 'numeric' },
        { text: l ? String(l.hhi) : '–', format: 'numeric' }, { text: l?.suppliers[0] ? `${l.suppliers[0].supplier} (${Math.round(l.suppliers[0].valueShare * 100)}% of value)` : '–' }];
    });
    const today = this.clock().slice(0, 10);
    // Every quarter of the next three years, empty ones too (a continuous time axis), after those overdue.
    const quarterList = decisionQuarters(all.filter((c) => c.currentEndDate !== null && c.currentEndDate >= today), today, 36);
    const collaborative = await this.opportunitiesRepo.countCurrent('collaborative');
    this.pages.render(res, who, 'dashboard', {
      title: 'Dashboard',
      stats: [
        { value: all.length.toLocaleString('en-GB'), label: 'current contracts' },
        { value: new Set(all.map((c) => c.council)).size, label: 'councils' },
        { value: money(all.reduce((s, c) => s + (c.annualValue ?? 0), 0)), label: 'a year' },
        { value: collaborative, label: 'collaborative opportunities' },
      ],
      categories,
      quartersJson: safeJson({ quarters: quarterList, today: toUkDate(today) }),
      quartersText: quarterList.map((q) => `${q.quarter}${q.current ? ' (today is in this quarter)' : ''}: ${q.count}`).join('; '),
      quarterRows: quarterList.map((q) => [{ text: q.current ? `${q.quarter} (now)` : q.quarter }, { text: q.count, format: 'numeric' }, { text: q.councils, format: 'numeric' }, { text: money(q.value), format: 'numeric' }]),
    }, '/');
  }
}
