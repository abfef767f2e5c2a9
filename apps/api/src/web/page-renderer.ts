import { Injectable, Logger } from '@nestjs/common';
import { ContractsRepository, CouncilsRepository } from '@app/persistence';
import { Principal, readScope } from '../auth/principal';
import { ExportAborted, RowPages, streamCsv, streamXlsx } from './exports';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { SignedIn } from './web-auth.service';

/** The service navigation a signed-in user sees, with `current` (a path) marked. */
export function navFor(who: SignedIn | null, current: string) {
  if (!who) return [];
  const p = who.principal;
  const items = [
    ...(p.role !== 'council' ? [{ href: '/', text: 'Dashboard' }] : [{ href: `/councils/${p.councilCode}`, text: 'My council' }]),
    { href: '/contracts', text: 'Contracts' },
    { href: '/opportunities', text: 'Opportunities' },
    ...(p.role !== 'analyst' ? [{ href: '/upload', text: 'Upload' }] : []),
    { href: '/suppliers', text: 'Suppliers' },
    ...(p.role === 'admin' ? [{ href: '/users', text: 'Users' }] : []),
    ...(p.role !== 'analyst' ? [{ href: '/audit', text: 'Audit log' }] : []),
  ];
  return items.map((i) => ({ ...i, active: i.href === current || (i.href !== '/' && current.startsWith(i.href)) }));
}

/**
 * What a rendered page (error pages too) adds to the headers helmet sends on every response (see
 * bootstrap): its own Content-Security-Policy, allowing its scripts by nonce, and no caching.
 * Returns the nonce.
 */
export function pageHeaders(res: Response): string {
  const nonce = randomBytes(16).toString('base64');
  res.setHeader('Content-Security-Policy', `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`);
  res.setHeader('Cache-Control', 'no-store');
  return nonce;
}

/** Who the request was made by, as the page's handler found them (set by WebAuthService), for pages rendered outside a handler (errors). */
export function signedInOf(req: Request): SignedIn | null {
  return (req as Request & { signedIn?: SignedIn }).signedIn ?? null;
}

/**
 * What every page controller shares: rendering in the layout (the user, the navigation, the CSRF
 * token and the headers), the councils a user may pick from, and downloads written as rows are read.
 */
@Injectable()
export class PageRenderer {
  private readonly logger = new Logger('Pages');

  constructor(private readonly councils: CouncilsRepository, private readonly contracts: ContractsRepository) {}

  /**
   * The councils a user may choose in a form (a council user: their own), by code. `filter`: for a
   * list's filter, only the councils with current contracts (and the one chosen), by name: 32 rather
   * than every UK council, which the page rendered as 470 options on every request.
   */
  async councilItems(p: Principal, selected?: string, filter = false) {
    const scope = readScope(p);
    const directory = await this.councils.directory();
    let councils = directory.all().filter((c) => scope.kind === 'all' || c.code === scope.code).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    if (filter) {
      const having = new Set(await this.contracts.councilsWithCurrentContracts());
      councils = councils.filter((c) => having.has(c.code) || c.code === selected).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    }
    return councils.map((c) => ({ value: c.code, text: c.name, selected: c.code === selected }));
  }

  /**
   * A download, written as its rows are read: no Content-Length (HTTP/1.1 sends it chunked). What
   * the query allows is checked before this is called, so a refusal is still a proper error page;
   * once the first bytes are out, a failure can only cut the download off (the client sees it
   * incomplete, never a file that looks whole).
   */
  async download(res: Response, name: string, format: 'csv' | 'xlsx', header: string[], pages: RowPages): Promise<void> {
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      if (format === 'csv') await streamCsv(res, header, pages);
      else await streamXlsx(res, name, header, pages);
    } catch (e) {
      if (!res.headersSent) throw e;
      if (!(e instanceof ExportAborted)) this.logger.error({ msg: 'download failed part way; the connection is cut', download: `${name}.${format}`, err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) });
      res.destroy();
    }
  }

  render(res: Response, who: SignedIn | null, view: string, locals: Record<string, unknown>, current = ''): void {
    const nonce = pageHeaders(res);
    res.render(view, { ...locals, cspNonce: nonce, user: who?.user, csrfToken: who?.csrfToken, nav: navFor(who, current) });
  }
}
