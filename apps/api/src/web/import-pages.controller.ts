import { Body, Controller, ForbiddenException, Get, Inject, Param, Post, Query, Req, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { CONTRACT_FIELDS } from '@app/ingest';
import { CLOCK, Clock, CouncilsRepository, ImportsRepository, MappingsRepository } from '@app/persistence';
import { Public } from '../auth/auth.decorators';
import { ImportsService } from '../imports/imports.service';
import { DomainError } from '../errors/error-codes';
import { Cell, RowPages } from './exports';
import { SignedIn, WebAuthService } from './web-auth.service';
import { PageRenderer } from './page-renderer';
import { SignedInGuard } from './signed-in.guard';
import { changedWords } from './contract-page';
import { escapeHtml, str } from './page-helpers';

const FIELD_LABELS: Record<(typeof CONTRACT_FIELDS)[number], string> = {
  reference: 'Contract reference', title: 'Title', description: 'Description', supplier: 'Supplier', companyNumber: 'Companies House number', startDate: 'Start date',
  endDate: 'End date', durationMonths: 'Duration (months)', extensionText: 'Extension options', noticePeriod: 'Notice period', annualValue: 'Annual value',
  totalValue: 'Whole-life value', valueLow: 'Value range: low', valueHigh: 'Value range: high', contractPeriod: 'Contract period (start – end)', category: 'Category', cpv: 'CPV code', department: 'Department or service area', council: 'Council',
};

interface ReportChange {
  contractId: number;
  council: string;
  reference: string | null;
  title: string | null;
  row: number | null;
  fields: string[];
}

/** A change's contract as a link to its page (the reference, HTML-escaped). */
function contractCell(c: ReportChange) {
  const text = c.reference ?? '(no reference)';
  return { html: `<a class="govuk-link" href="/contracts/${Math.floor(c.contractId)}">${escapeHtml(text)}</a>` };
}

/** The upload form's choice of mode (MODE_RULE_TEXT states the rule when it is left to the file). */
function modeItems(selected: string) {
  return [
    { value: '', text: 'Decide from the file', hint: { text: 'A full register when the file holds one council\'s rows and does not look partial; otherwise an update. The report says which, and why.' } },
    { value: 'full', text: 'Full register', hint: { text: 'Replaces the council\'s register: its contracts not in this file stop being current (they are kept in the history and listed in the report).' } },
    { value: 'update', text: 'Update', hint: { text: 'Adds new contracts and updates those with the same reference. Nothing is retired.' } },
  ].map((m) => ({ ...m, checked: m.value === selected.toLowerCase() }));
}

/** Uploading a register and its import report: issues, changes, the column mapping. */
@ApiExcludeController()
@Public()
@Controller()
export class ImportPagesController {
  constructor(
    private readonly auth: WebAuthService,
    private readonly pages: PageRenderer,
    private readonly councils: CouncilsRepository,
    private readonly imports: ImportsService,
    private readonly importsRepo: ImportsRepository,
    private readonly mappings: MappingsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('upload')
  async uploadPage(@Req() req: Request, @Res() res: Response) {
    const who = await this.auth.require(req);
    if (who.principal.role === 'analyst') throw new ForbiddenException('Analysts read every council but do not upload registers.');
    this.pages.render(res, who, 'upload', { title: 'Upload a register', councils: await this.pages.councilItems(who.principal), limitMb: Math.round(this.config.uploadLimitBytes / 1048576), modes: modeItems('') }, '/upload');
  }

  @Post('upload')
  @UseGuards(SignedInGuard)
  @UseInterceptors(FileInterceptor('file'))
  async upload(@Req() req: Request, @Res() res: Response, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: Record<string, unknown>) {
    const who = await this.auth.requireForm(req);
    if (!file || file.size === 0) {
      res.status(400);
      return this.pages.render(res, who, 'upload', {
        title: 'Upload a register', councils: await this.pages.councilItems(who.principal), limitMb: Math.round(this.config.uploadLimitBytes / 1048576),
        errors: [{ text: 'Choose a register file to upload', href: '#file' }], fileError: { text: 'Choose a register file to upload' }, modes: modeItems(str(body.mode)),
      }, '/upload');
    }
    const result = await this.imports.upload(who.principal, file, str(body.council) || undefined, str(body.mode) || undefined);
    res.redirect(303, `/imports/${result.id}${result.status === 'unchanged' ? '?unchanged=1' : ''}`);
  }

  private async importReport(who: SignedIn, id: string) {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new DomainError('NOT_FOUND', 'No such import');
    return this.imports.report(who.principal, id);
  }

  @Get('imports/:id')
  async importPage(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('unchanged') unchanged?: string, @Query('saved') saved?: string) {
    const who = await this.auth.require(req);
    const report = await this.importReport(who, id);
    const mayWrite = who.principal.role === 'admin' || (who.principal.role === 'council' && who.principal.councilCode === report.council);
    // Councils by name, with the code, as a person reads them.
    const directory = await this.councils.directory();
    const named = (code: string) => (directory.get(code) ? `${directory.get(code)!.shortName} (${code})` : code);
    const councilCodes: string[] = report.councils?.length ? report.councils : report.council ? [report.council] : [];
    this.pages.render(res, who, 'import', {
      title: 'Import report', report, mayWrite, fields: CONTRACT_FIELDS.map((value) => ({ value, text: FIELD_LABELS[value] })),
      councilText: councilCodes.map(named).join(', ') || '–',
      running: report.status === 'queued' || report.status === 'processing',
      saved: unchanged ? 'This file is already the current register for this council: nothing was imported again.' : saved ? 'Mapping saved. The file is being imported again with it.' : null,
      changeRows: {
        changed: report.changes.changed.map((c: ReportChange) => [{ text: named(c.council) }, contractCell(c), { text: c.title ?? '' }, { text: c.row ?? '–' }, { text: changedWords(c.fields) }]),
        retired: report.changes.retired.map((c: ReportChange) => [{ text: named(c.council) }, contractCell(c), { text: c.title ?? '' }]),
        added: report.changes.added.map((c: ReportChange) => [{ text: named(c.council) }, contractCell(c), { text: c.title ?? '' }, { text: c.row ?? '–' }]),
      },
      issueRows: report.issues.map((i: { row: number | null; column: string | null; value: string | null; severity: string; message: string }) => [
        { text: i.row ?? '–' }, { text: i.column ?? '–' }, { text: i.value ?? '' }, { text: i.severity }, { text: i.message },
      ]),
    }, '/upload');
  }

  @Get('imports/:id/issues.:format')
  async importIssues(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Param('format') format: string) {
    const who = await this.auth.require(req);
    if (format !== 'csv' && format !== 'xlsx') throw new DomainError('NOT_FOUND', 'No such download');
    const report = await this.importReport(who, id);
    const imports = this.imports;
    async function* rows(): RowPages {
      for (let offset = 0; offset < report.issueCount; offset += 5000) {
        const page = await imports.issues(who.principal, id, offset, 5000);
        yield page.items.map((i): Cell[] => [i.row, i.column, i.value, i.code, i.severity, i.message]);
      }
    }
    await this.pages.download(res, `import-issues-${report.fileName.replace(/[^\w.-]+/g, '_')}`, format, ['Row', 'Column', 'Value', 'Code', 'Severity', 'Problem'], rows());
  }

  @Get('imports/:id/changes.:format')
  async importChanges(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Param('format') format: string) {
    const who = await this.auth.require(req);
    if (format !== 'csv' && format !== 'xlsx') throw new DomainError('NOT_FOUND', 'No such download');
    const report = await this.importReport(who, id);
    const imports = this.imports;
    async function* rows(): RowPages {
      for (const kind of ['added', 'changed', 'retired'] as const) {
        for (let offset = 0; ; offset += 5000) {
          const page = await imports.changes(who.principal, id, kind, offset, 5000);
          yield page.items.map((c): Cell[] => [kind, c.council, c.reference, c.title, c.row, c.fields.join(', ')]);
          if (page.items.length < 5000) break;
        }
      }
    }
    await this.pages.download(res, `import-changes-${report.fileName.replace(/[^\w.-]+/g, '_')}`, format, ['Change', 'Council', 'Reference', 'Title', 'Row', 'Fields changed'], rows());
  }

  @Post('imports/:id/mapping')
  async saveMapping(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    const who = await this.auth.requireForm(req);
    const report = await this.importReport(who, id);
    if (!report.council) throw new DomainError('COUNCIL_REQUIRED', 'This file names several councils; a mapping is saved for one council at a time');
    if (!(who.principal.role === 'admin' || (who.principal.role === 'council' && who.principal.councilCode === report.council))) throw new ForbiddenException('Only the council itself or an admin can change its mapping.');
    const headers = ([] as unknown[]).concat(body.header ?? []).map(String);
    const fields = ([] as unknown[]).concat(body.field ?? []).map(String);
    const mapping: Record<string, string | null> = {};
    headers.forEach((h, i) => {
      const f = fields[i] ?? '';
      if (f && !(CONTRACT_FIELDS as readonly string[]).includes(f)) throw new DomainError('MAPPING_INVALID', `"${f}" is not a field`, { column: h, value: f });
      mapping[h] = f || null;
    });
    await this.mappings.saveForCouncil(report.council, mapping as never, this.clock());
    // The same bytes again, read with the saved mapping.
    const content = await this.importsRepo.readContent(id);
    if (!content) throw new DomainError('NOT_FOUND', 'The uploaded file is no longer kept; upload it again');
    const again = await this.imports.reimport(who.principal, report.council, report.fileName, content, report.modeRequested);
    res.redirect(303, `/imports/${again.id}?saved=1`);
  }
}
