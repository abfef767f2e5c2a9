import { Injectable } from '@nestjs/common';
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
  ];
  return items.map((i) => ({ ...i, active: i.href === current || (i.href !== '/' && current.startsWith(i.href)) }));
}

/** The headers every rendered page carries (error pages too); returns the nonce its scripts use. */
export function pageHeaders(res: Response): string {
  const nonce = randomBytes(16).toString('base64');
  res.setHeader('Content-Security-Policy', `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
  return nonce;
}

/** Who the request was made by, as the page's handler found them (set by WebAuthService), for pages rendered outside a handler (errors). */
export function signedInOf(req: Request): SignedIn | null {
  return (req as Request & { signedIn?: SignedIn }).signedIn ?? null;
}

/** Renders a page in the shared layout: the user, the navigation, the CSRF token and the headers. */
@Injectable()
export class PageRenderer {
  render(res: Response, who: SignedIn | null, view: string, locals: Record<string, unknown>, current = ''): void {
    const nonce = pageHeaders(res);
    res.render(view, { ...locals, cspNonce: nonce, user: who?.user, csrfToken: who?.csrfToken, nav: navFor(who, current) });
  }
}
