import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { toUkDate } from '@app/ingest';
import { CLOCK, Clock, CouncilsRepository } from '@app/persistence';
import { Public } from '../auth/auth.decorators';
import { ContractsService } from '../contracts/contracts.service';
import { DomainError } from '../errors/error-codes';
import { changedWords, contractTags, derivedRows, fieldRows, findingRow, timeline } from './contract-page';
import { PageRenderer } from './page-renderer';
import { WebAuthService } from './web-auth.service';

/** One contract: every field with where it came from, its dates, its opportunities and its history. */
@ApiExcludeController()
@Public()
@Controller()
export class ContractPageController {
  constructor(
    private readonly auth: WebAuthService,
    private readonly pages: PageRenderer,
    private readonly contracts: ContractsService,
    private readonly councils: CouncilsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('contracts/:id')
  async contractPage(@Req() req: Request, @Res() res: Response, @Param('id') idText: string) {
    const who = await this.auth.require(req);
    if (!/^[1-9][0-9]{0,14}$/.test(idText)) throw new DomainError('NOT_FOUND', `There is no contract ${idText}`);
    const id = Number(idText);
    const [{ record: c, history, findings }, directory] = await Promise.all([this.contracts.detail(who.principal, id), this.councils.directory()]);
    const councilName = (code: string) => (directory.get(code) ? `${directory.get(code)!.shortName} (${code})` : code);
    const today = this.clock().slice(0, 10);
    const mayReadImports = who.principal.role !== 'council' || who.principal.councilCode === c.council;
    const versions = history.versions.map((v) => ({
      ...v, importedAt: v.importedAt ? toUkDate(v.importedAt.slice(0, 10)) : '–', changedText: v.first ? 'first stored' : v.changed.length ? changedWords(v.changed) : 'nothing (the same content, a new import)',
      link: mayReadImports ? `/imports/${v.importId}` : null, self: v.id === id,
    }));
    const stored = history.versions.find((v) => v.id === id);
    this.pages.render(res, who, 'contract', {
      title: c.title ?? c.reference ?? `Contract ${id}`, c, councilName: councilName(c.council), tags: contractTags(c, today, this.config.dueSoonMonths),
      given: fieldRows(c, councilName), derived: derivedRows(c), timeline: timeline(c, today), todayText: toUkDate(today),
      findings: findings.opportunities.map(findingRow), versions,
      source: { importId: c.importId, row: c.rowNumber, fileName: stored?.fileName ?? null, link: mayReadImports ? `/imports/${c.importId}` : null },
      current: stored?.current ?? true, newest: history.versions.length > 0 ? history.versions[history.versions.length - 1] : null,
    }, '/contracts');
  }
}
