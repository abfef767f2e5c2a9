import { Controller, ForbiddenException, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { parseUkDate } from '@app/ingest';
import { AuditRepository } from '@app/persistence';
import { Public } from '../auth/auth.decorators';
import { readScope } from '../auth/principal';
import { pageCursor, query, uk } from './page-helpers';
import { PageRenderer } from './page-renderer';
import { WebAuthService } from './web-auth.service';

/** The audit log for admins (every change) and council users (changes concerning their council). */
@ApiExcludeController()
@Public()
@Controller()
export class AuditPageController {
  constructor(private readonly auth: WebAuthService, private readonly pages: PageRenderer, private readonly audit: AuditRepository) {}

  @Get('audit')
  async auditPage(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, string | undefined>) {
    const who = await this.auth.require(req);
    if (who.principal.role === 'analyst') throw new ForbiddenException('The audit log is for admins, and for council users about their own council.');
    const form = { actor: (q.actor ?? '').slice(0, 200), action: (q.action ?? '').slice(0, 80), from: (q.from ?? '').slice(0, 10), to: (q.to ?? '').slice(0, 10) };
    const fieldErrors: Record<string, string> = {};
    const date = (field: 'from' | 'to') => {
      if (!form[field]) return undefined;
      const parsed = parseUkDate(form[field]);
      if (parsed?.ok) return parsed.value;
      fieldErrors[field] = `"${form[field]}" is not a date. Enter a date such as 01/12/2026`;
      return undefined;
    };
    const filters = { actor: form.actor || undefined, action: form.action || undefined, from: date('from'), to: date('to') };
    const page = await this.audit.page(readScope(who.principal), filters, 50, pageCursor(q.after));
    const errors = Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
    if (errors.length) res.status(400);
    this.pages.render(res, who, 'audit', {
      title: 'Audit log', form, errors, fieldErrors, total: page.total.toLocaleString('en-GB'),
      entries: page.items.map((e) => ({ ...e, when: `${uk(e.at.slice(0, 10))} ${e.at.slice(11, 19)}`, ...particulars(e.detail) })),
      next: page.next ? `/audit?${query({ ...form, after: page.next })}` : null, first: q.after ? `/audit?${query(form)}` : null,
    }, '/audit');
  }
}

/** An entry's detail in words for the page: what was asked, and the state before and after where it was read. */
function particulars(detail: Record<string, unknown> | null): { detailText: string; beforeText: string | null; afterText: string | null } {
  if (!detail) return { detailText: '', beforeText: null, afterText: null };
  const { before, after, ...rest } = detail;
  const changed = 'before' in detail || 'after' in detail;
  return { detailText: inWords(rest), beforeText: changed ? inWords(before) : null, afterText: changed ? inWords(after) : null };
}

function inWords(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (Array.isArray(value)) return value.length ? value.map(inWords).join('; ') : 'none';
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? `(${inWords(v)})` : inWords(v)}`).join(', ');
  return String(value);
}

