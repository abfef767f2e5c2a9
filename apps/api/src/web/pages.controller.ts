import { Body, Controller, ForbiddenException, Get, Inject, Logger, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { parseStages } from '@app/alerts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { CONTRACT_FIELDS, addMonths, parseUkDate, toUkDate } from '@app/ingest';
import { CategoryLandscape, CollaborativeOpportunity } from '@app/opportunities';
import { AlertsRepository, CLOCK, Clock, ContractRecord, CouncilsRepository, ImportsRepository, MappingsRepository, OpportunitiesRepository, Role, UsersRepository, allCouncils, oneCouncil } from '@app/persistence';
import { Public } from '../auth/auth.decorators';
import { Principal, readScope } from '../auth/principal';
import { AlertsService } from '../alerts/alerts.service';
import { ContractsService } from '../contracts/contracts.service';
import { ContractsQueryDto } from '../contracts/dto/contracts-query.dto';
import { ImportsService } from '../imports/imports.service';
import { OpportunitiesService } from '../opportunities/opportunities.service';
import { DomainError } from '../errors/error-codes';
import { Cell, ExportAborted, RowPages, streamCsv, streamXlsx } from './exports';
import { SignedIn, WebAuthService } from './web-auth.service';
import { PageRenderer } from './page-renderer';
import { changedWords } from './contract-page';
import { escapeHtml, money, pageCursor, query, safeJson, str, uk } from './page-helpers';
import { decisionQuarters, monthTicks } from './chart-axes';
import { decisionTag, extensionOptionsText, presumedTag, timeTags } from './page-words';

const FORM_COOKIE = 'ccr_form';
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

/** Rows a page of contracts shows. */
const CONTRACTS_PER_PAGE = 50;

/** Where a signed-in user may go next after signing in: a path on this site only. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/';
}

/** Plan steps (member contracts) on one opportunity page. */
const PLAN_PAGE = 200;

@ApiExcludeController()
@Public()
@Controller()
export class PagesController {
  private readonly logger = new Logger('Pages');

  constructor(
    private readonly auth: WebAuthService,
    private readonly pages: PageRenderer,
    private readonly users: UsersRepository,
    private readonly councils: CouncilsRepository,
    private readonly imports: ImportsService,
    private readonly importsRepo: ImportsRepository,
    private readonly mappings: MappingsRepository,
    private readonly contracts: ContractsService,
    private readonly opportunities: OpportunitiesService,
    private readonly opportunitiesRepo: OpportunitiesRepository,
    private readonly alerts: AlertsService,
    private readonly alertsRepo: AlertsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // ---- rendering ----

  private render(res: Response, who: SignedIn | null, view: string, locals: Record<string, unknown>, current = ''): void {
    this.pages.render(res, who, view, locals, current);
  }

  private async councilItems(p: Principal, selected?: string) {
    const scope = readScope(p);
    return (await this.councils.all()).filter((c) => scope.kind === 'all' || c.code === scope.code).map((c) => ({ value: c.code, text: c.name, selected: c.code === selected }));
  }

  /**
   * A download, written as its rows are read: no Content-Length (HTTP/1.1 sends it chunked). What
   * the query allows is checked before this is called, so a refusal is still a proper error page;
   * once the first bytes are out, a failure can only cut the download off (the client sees it
   * incomplete, never a file that looks whole).
   */
  private async download(res: Response, name: string, format: 'csv' | 'xlsx', header: string[], pages: RowPages): Promise<void> {
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      if (format === 'csv') await streamCsv(res, header, pages);
      else await streamXlsx(res, name, header, pages);
    } catch (e) {
      if (!res.headersSent) throw e;
      if (!(e instanceof ExportAborted)) this.logger.error({ msg: 'download failed part way; the connection is cut', download: `${name}.${format}`, err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) });
      res.destroy();
    }
  }

  // ---- signing in ----

  private formToken(req: Request, res: Response): string {
    const existing = /(?:^|;\s*)ccr_form=([0-9a-f]{48})/.exec(req.headers.cookie ?? '')?.[1];
    const token = existing ?? randomBytes(24).toString('hex');
    res.cookie(FORM_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    return token;
  }

  /** Before there is a session, forms are protected by a double-submit cookie. */
  private checkFormToken(req: Request, body: Record<string, unknown>): boolean {
    const cookie = /(?:^|;\s*)ccr_form=([0-9a-f]{48})/.exec(req.headers.cookie ?? '')?.[1];
    const sent = str(body._csrf);
    return Boolean(cookie) && sent.length === cookie!.length && timingSafeEqual(Buffer.from(sent), Buffer.from(cookie!));
  }

  @Get('sign-in')
  async signInPage(@Req() req: Request, @Res() res: Response, @Query('next') next?: string) {
    if (await this.auth.current(req)) return res.redirect(303, safeNext(next));
    this.render(res, null, 'sign-in', { title: 'Sign in', action: '/sign-in', formToken: this.formToken(req, res), next: safeNext(next) });
  }

  @Post('sign-in')
  async signIn(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const email = str(body.email);
    const password = typeof body.password === 'string' ? body.password : '';
    const again = (message: string, status = 400) => {
      res.status(status);
      this.render(res, null, 'sign-in', { title: 'Sign in', action: '/sign-in', formToken: this.formToken(req, res), email, next: safeNext(body.next), errors: [{ text: message, href: '#email' }] });
    };
    if (!this.checkFormToken(req, body)) return again('The form had expired. Try again.', 403);
    if (!email || !password) return again('Enter your e-mail address and password');
    const result = await this.auth.signIn(email, password, req.ip ?? 'unknown');
    if (!result.ok) return again(result.message, 401);
    this.auth.setCookie(req, res, result.token);
    res.redirect(303, safeNext(body.next));
  }

  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response) {
    await this.auth.requireForm(req);
    await this.auth.signOut(req, res);
    res.redirect(303, '/sign-in');
  }

  @Get('invite/:token')
  async invitePage(@Req() req: Request, @Res() res: Response, @Param('token') token: string) {
    const user = await this.users.byInvite(token, this.clock());
    if (!user) throw new DomainError('NOT_FOUND', 'This invitation is not valid or has expired. Ask an administrator for a new one.');
    this.render(res, null, 'sign-in', { title: 'Set your password', action: `/invite/${encodeURIComponent(token)}`, formToken: this.formToken(req, res), invite: user });
  }

  @Post('invite/:token')
  async acceptInvite(@Req() req: Request, @Res() res: Response, @Param('token') token: string, @Body() body: Record<string, unknown>) {
    const user = await this.users.byInvite(token, this.clock());
    if (!user) throw new DomainError('NOT_FOUND', 'This invitation is not valid or has expired. Ask an administrator for a new one.');
    const password = typeof body.password === 'string' ? body.password : '';
    const problem = !this.checkFormToken(req, body) ? 'The form had expired. Try again.' : this.auth.passwordProblem(password, user.email);
    if (problem) {
      res.status(400);
      return this.render(res, null, 'sign-in', { title: 'Set your password', action: `/invite/${encodeURIComponent(token)}`, formToken: this.formToken(req, res), invite: user, errors: [{ text: problem, href: '#password' }] });
    }
    await this.users.setPassword(user.id, await this.auth.hash(password));
    const result = await this.auth.signIn(user.email, password, req.ip ?? 'unknown');
    if (result.ok) this.auth.setCookie(req, res, result.token);
    res.redirect(303, '/');
  }

  // ---- home ----

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
    this.render(res, who, 'dashboard', {
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

  // ---- uploads and import reports ----

  @Get('upload')
  async uploadPage(@Req() req: Request, @Res() res: Response) {
    const who = await this.auth.require(req);
    if (who.principal.role === 'analyst') throw new ForbiddenException('Analysts read every council but do not upload registers.');
    this.render(res, who, 'upload', { title: 'Upload a register', councils: await this.councilItems(who.principal), limitMb: Math.round(this.config.uploadLimitBytes / 1048576), modes: modeItems('') }, '/upload');
  }

  @Post('upload')
  @UseInterceptors(FileInterceptor('file'))
  async upload(@Req() req: Request, @Res() res: Response, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: Record<string, unknown>) {
    const who = await this.auth.requireForm(req);
    if (!file || file.size === 0) {
      res.status(400);
      return this.render(res, who, 'upload', {
        title: 'Upload a register', councils: await this.councilItems(who.principal), limitMb: Math.round(this.config.uploadLimitBytes / 1048576),
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
    this.render(res, who, 'import', {
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
    await this.download(res, `import-issues-${report.fileName.replace(/[^\w.-]+/g, '_')}`, format, ['Row', 'Column', 'Value', 'Code', 'Severity', 'Problem'], rows());
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
    await this.download(res, `import-changes-${report.fileName.replace(/[^\w.-]+/g, '_')}`, format, ['Change', 'Council', 'Reference', 'Title', 'Row', 'Fields changed'], rows());
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

  // ---- contracts ----

  private contractQuery(q: Record<string, string | undefined>): ContractsQueryDto {
    const out: ContractsQueryDto = {};
    for (const k of ['council', 'supplier', 'supplierGroupId', 'product', 'serviceCategory', 'endsFrom', 'endsTo'] as const) if (q[k]) out[k] = String(q[k]).slice(0, 200);
    // A canonical supplier, as the suppliers page links to it.
    if (q.supplierId && /^[1-9]\d{0,9}$/.test(q.supplierId)) out.supplierId = Number(q.supplierId);
    if (q.sort && ['council', 'endDate', 'decisionDate', 'supplier', 'annualValue'].includes(q.sort)) out.sort = q.sort as ContractsQueryDto['sort'];
    return out;
  }

  private dates(c: ContractRecord) {
    return {
      currentEnd: uk(c.currentEndDate),
      options: extensionOptionsText(c),
      maxEnd: c.rolling ? 'none fixed' : uk(c.maxEndDate),
      notice: uk(c.noticeDate),
      decision: uk(c.decisionDate),
      why: c.decisionDate ? `${c.leadMonths} months before the new contract must start (${c.leadReason})` : '',
      tags: timeTags(c, this.clock().slice(0, 10), this.config.dueSoonMonths),
    };
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
    this.render(res, who, 'contracts', {
      title: 'Contracts', q: cq, errors, fieldErrors, total: page.total, totalText: page.total.toLocaleString('en-GB'), shown: page.items.length, sorts, queryString,
      pagination: { previous: link('before', page.previous), next: link('after', page.next), first: page.previous ? { href: `/contracts?${queryString}` } : null },
      councils: await this.councilItems(who.principal, cq.council),
      contracts: page.items.map((c) => ({ ...c, councilName: directory.get(c.council)?.shortName ?? c.council, value: money(c.annualValue), dates: this.dates(c) })),
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
    await this.download(res, 'contracts', format,
      ['Council', 'Reference', 'Title', 'Supplier (as written)', 'Supplier', 'Service category', 'Product', 'Start date', 'Current end', 'Possible ends', 'Maximum end', 'Notice by', 'Decision date', 'Annual value', 'Whole-life value', 'Extension wording',
        `Status on ${uk(today)}`],
      rows());
  }

  // ---- opportunities ----

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
    this.render(res, who, 'opportunities', {
      title: 'Opportunities', q, kinds, statuses, queryString: query(filters), total: page.total, lastAnalysed: await this.lastAnalysed(),
      councils: who.principal.role === 'council' ? [] : [{ value: '', text: 'Any council' }, ...(await this.councilItems(who.principal, q.council))],
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
    await this.download(res, 'opportunities', format,
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
    this.render(res, who, 'opportunity', {
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

  // ---- councils ----

  @Get('councils/:code')
  async councilPage(@Req() req: Request, @Res() res: Response, @Param('code') code: string, @Query('saved') saved?: string) {
    const who = await this.auth.require(req);
    await this.councilView(res, who, code, { saved: saved ? 'Alert settings saved' : null });
  }

  private async councilView(res: Response, who: SignedIn, code: string, extra: Record<string, unknown>) {
    const council = (await this.councils.directory()).get(code);
    if (!council) throw new DomainError('NOT_FOUND', `No council with GSS code ${code}`);
    if (who.principal.role === 'council' && who.principal.councilCode !== council.code) throw new ForbiddenException(`You can see ${who.principal.councilCode} only.`);
    const today = this.clock().slice(0, 10);
    const until = addMonths(today, 18);
    const contracts = await this.contracts.search(who.principal, { council: council.code, sort: 'decisionDate' } as ContractsQueryDto);
    const upcoming = contracts.filter((c) => c.decisionDate && c.decisionDate <= until && (c.currentEndDate ?? '') >= today).slice(0, 100).map((c) => ({
      decision: uk(c.decisionDate), overdue: (c.decisionDate ?? '') < today, title: c.title ?? '–', reference: c.reference ?? '', supplier: c.supplier ?? c.supplierName ?? '–', end: uk(c.currentEndDate), options: this.dates(c).options,
    }));
    const settings = await this.alerts.getSettings(who.principal, council.code);
    const alerts = (await this.alertsRepo.list(oneCouncil(council.code))).filter((a) => a.status !== 'withdrawn' && a.status !== 'skipped').slice(-100).map((a) => ({
      due: uk(a.dueDate), reference: a.contractKey.replace(/^ref:/, ''), stage: a.stage === 'notice' ? 'notice deadline' : `${a.stage.slice(9, -1)} months before decision`, status: a.status,
      statusClass: { sent: 'govuk-tag--green', failed: 'govuk-tag--red', snoozed: 'govuk-tag--grey', 'in-hand': 'govuk-tag--turquoise', scheduled: 'govuk-tag--light-blue', pending: 'govuk-tag--yellow' }[a.status as string] ?? '',
      deliveries: a.deliveries.map((d) => `${d.recipient}: ${d.status}${d.lastError ? ` (${d.lastError})` : ''}`).join('; ') || '–',
    }));
    const mayWrite = who.principal.role === 'admin' || who.principal.councilCode === council.code;
    this.render(res, who, 'council', { title: council.name, council, upcoming, alerts, settings, calendarUrl: (settings as { calendarUrl?: string }).calendarUrl, mayWrite, ...extra }, `/councils/${council.code}`);
  }

  @Post('councils/:code/alert-settings')
  async saveAlertSettings(@Req() req: Request, @Res() res: Response, @Param('code') code: string, @Body() body: Record<string, unknown>) {
    const who = await this.auth.requireForm(req);
    const emails = str(body.emails).split(/[\s,;]+/).filter(Boolean);
    const stages = parseStages(str(body.stages));
    const errors = [];
    if (emails.some((e) => !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(e))) errors.push({ text: 'Enter e-mail addresses like name@council.gov.uk, separated by commas', href: '#emails' });
    if (!stages) errors.push({ text: 'Enter months from 1 to 60, for example 18, 12, 6, 3', href: '#stages' });
    const webhookUrl = str(body.webhookUrl) || null;
    if (webhookUrl && !/^https?:\/\/\S+$/.test(webhookUrl)) errors.push({ text: 'Enter the webhook as an address starting https://', href: '#webhookUrl' });
    if (errors.length) {
      res.status(400);
      return this.councilView(res, who, code, { errors });
    }
    await this.alerts.putSettings(who.principal, code, { emails, stages: stages!, webhookUrl, digest: body.digest === 'weekly' ? 'weekly' : 'immediate' });
    res.redirect(303, `/councils/${encodeURIComponent(code)}?saved=1`);
  }

  // ---- users (admins) ----

  private async requireAdmin(req: Request, form = false): Promise<SignedIn> {
    const who = form ? await this.auth.requireForm(req) : await this.auth.require(req);
    if (who.principal.role !== 'admin') throw new ForbiddenException('Only admins manage users.');
    return who;
  }

  /** `typed`: what the invitation form held, shown again beside its errors. */
  private async usersView(res: Response, who: SignedIn, extra: Record<string, unknown>, typed: { email?: string; role?: string; council?: string | null } = {}) {
    const users = (await this.users.list()).map((u) => ({ ...u, lastSignIn: u.lastSignInAt ? `${uk(u.lastSignInAt.slice(0, 10))} ${u.lastSignInAt.slice(11, 16)}` : '–' }));
    const roles = [{ value: 'council', text: 'Council' }, { value: 'analyst', text: 'Analyst' }, { value: 'admin', text: 'Admin' }].map((r) => ({ ...r, selected: r.value === typed.role }));
    this.render(res, who, 'users', { title: 'Users', users, councils: await this.councilItems(who.principal, typed.council ?? undefined), roles, typed, ...extra }, '/users');
  }

  @Get('users')
  async usersPage(@Req() req: Request, @Res() res: Response) {
    await this.usersView(res, await this.requireAdmin(req), {});
  }

  @Post('users')
  async inviteUser(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const who = await this.requireAdmin(req, true);
    const email = str(body.email).toLowerCase();
    const role = str(body.role) as Role;
    const council = str(body.council) || null;
    const errors: { text: string; href: string }[] = [];
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)) errors.push({ text: 'Enter an e-mail address like name@council.gov.uk', href: '#email' });
    if (!['admin', 'analyst', 'council'].includes(role)) errors.push({ text: 'Choose a role', href: '#role' });
    if (role === 'council' && !(council && (await this.councils.directory()).get(council))) errors.push({ text: 'Choose the council this user acts for', href: '#council' });
    if (errors.length) {
      res.status(400);
      const fieldErrors = Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text]));
      return this.usersView(res, who, { errors, fieldErrors }, { email: str(body.email), role, council });
    }
    const { inviteToken } = await this.users.invite(email, role, role === 'council' ? council : null, who.user.email, this.clock());
    await this.showInvite(res, who, email, inviteToken, 'is invited');
  }

  /** Only the hash of an invitation is kept, so a lost link cannot be shown again: a new one is made, and the old one stops working. */
  @Post('users/:id/reinvite')
  async reinviteUser(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const who = await this.requireAdmin(req, true);
    const user = await this.users.byId(Number(id));
    if (!user || !user.invited) throw new DomainError('NOT_FOUND', 'No invited user with this id: their invitation may already have been accepted.');
    const { inviteToken } = await this.users.invite(user.email, user.role, user.councilCode, who.user.email, this.clock());
    await this.showInvite(res, who, user.email, inviteToken, 'has a new invitation (the earlier link no longer works)');
  }

  private async showInvite(res: Response, who: SignedIn, email: string, inviteToken: string, what: string): Promise<void> {
    const link = `${this.config.publicUrl}/invite/${inviteToken}`;
    const esc = (t: string) => t.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
    await this.usersView(res, who, { saved: `<p class="govuk-notification-banner__heading">${esc(email)} ${what}.</p><p class="govuk-body">Send them this link (valid for 7 days): <code class="app-code">${esc(link)}</code></p>` });
  }

  @Post('users/:id/remove')
  async removeUser(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const who = await this.requireAdmin(req, true);
    if (Number(id) === who.user.id) throw new DomainError('VALIDATION', 'You cannot remove yourself');
    await this.users.remove(Number(id));
    res.redirect(303, '/users');
  }
}
